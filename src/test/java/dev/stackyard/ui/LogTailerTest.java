package dev.stackyard.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Following a growing file, and the log pane built on it. */
class LogTailerTest {
    @TempDir
    Path dir;

    private void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void readsWhatIsThereThenOnlyWhatIsAppended() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "one\ntwo\n");
        LogTailer t = new LogTailer(log);
        assertEquals(List.of("one", "two"), t.read().lines());
        assertEquals(List.of(), t.read().lines());
        append(log, "three\r\nfour\n");
        assertEquals(List.of("three", "four"), t.read().lines());
    }

    @Test
    void aLineIsHeldUntilItsNewlineArrives() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "hal");
        LogTailer t = new LogTailer(log);
        assertEquals(List.of(), t.read().lines());
        append(log, "f ünïcode\nnext");
        assertEquals(List.of("half ünïcode"), t.read().lines());
    }

    @Test
    void truncationStartsOver() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "old 1\nold 2\n");
        LogTailer t = new LogTailer(log);
        t.read();
        Files.writeString(log, "new\n");
        LogTailer.Chunk c = t.read();
        assertTrue(c.reset());
        assertEquals(List.of("new"), c.lines());
    }

    @Test
    void aReplacedFileStartsOver() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "before rotation, a long line\n");
        LogTailer t = new LogTailer(log);
        t.read();
        Files.move(log, dir.resolve("a.log.1"));
        append(log, "after rotation, an even longer line\n");
        LogTailer.Chunk c = t.read();
        assertTrue(c.reset());
        assertEquals(List.of("after rotation, an even longer line"), c.lines());
    }

    @Test
    void aMissingFileIsWaitedFor() throws IOException {
        Path log = dir.resolve("later.log");
        LogTailer t = new LogTailer(log);
        assertEquals(List.of(), t.read().lines());
        append(log, "first\n");
        assertEquals(List.of("first"), t.read().lines());
    }

    @Test
    void aBigFileIsShownFromNearItsEndWithoutACutFirstLine() throws IOException {
        Path log = dir.resolve("big.log");
        StringBuilder b = new StringBuilder();
        int n = 0;
        while (b.length() < LogTailer.INITIAL_BYTES * 2) {
            b.append("line number ").append(n++).append('\n');
        }
        append(log, b.toString());
        List<String> lines = new LogTailer(log).read().lines();
        assertEquals("line number " + (n - 1), lines.getLast());
        assertTrue(lines.size() < n);
        assertTrue(lines.getFirst().matches("line number \\d+"), lines.getFirst());
    }

    @Test
    void logPaneIsBoundedAndDropsTheOldestLines() throws IOException {
        Path log = dir.resolve("a.log");
        LogViewModel vm = new LogViewModel(UiExecutor.inline());
        vm.show("a", log);
        vm.poll();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < LogViewModel.MAX_LINES + 700; i++) {
            many.add("l" + i);
        }
        append(log, String.join("\n", many) + "\n");
        vm.poll();
        assertEquals(LogViewModel.MAX_LINES, vm.lines().size());
        assertEquals("l" + (LogViewModel.MAX_LINES + 699), vm.lines().getLast());
        append(log, "newest\n");
        vm.poll();
        assertEquals(LogViewModel.MAX_LINES, vm.lines().size());
        assertEquals("newest", vm.lines().getLast());
    }

    @Test
    void aBatchReadForAPreviousSelectionIsDropped() throws IOException {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        append(a, "from a\n");
        append(b, "from b\n");
        List<Runnable> queued = new ArrayList<>();
        LogViewModel vm = new LogViewModel(queued::add);
        vm.show("a", a);
        vm.poll();          // reads a, hands it over (queued)
        vm.show("b", b);    // the person selected b meanwhile
        queued.forEach(Runnable::run);
        assertTrue(vm.lines().isEmpty(), "a's lines must not appear under b");
        queued.clear();
        vm.poll();
        queued.forEach(Runnable::run);
        assertEquals(List.of("from b"), vm.lines());
        assertEquals("Log of b", vm.titleProperty().get());
    }

    @Test
    void reselectingTheSameServiceReadsItAgain() throws IOException {
        Path a = dir.resolve("a.log");
        append(a, "x\n");
        LogViewModel vm = new LogViewModel(UiExecutor.inline());
        vm.show("a", a);
        vm.poll();
        vm.show("a", a);
        assertTrue(vm.lines().isEmpty());
        vm.poll();
        assertFalse(vm.lines().isEmpty());
    }
}
