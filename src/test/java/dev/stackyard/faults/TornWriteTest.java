package dev.stackyard.faults;

import dev.stackyard.core.process.PrivateFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Issue 19 §1 (the part about Stackyard's own files): a whole-file write never opens the visible
 * file for writing, so a kill at any byte leaves it as it was; what a killed write leaves behind
 * (its temp file) is never read as the file and is cleared by the next write.
 */
class TornWriteTest {
    @TempDir
    Path tmp;

    private static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino");
    }

    @Test
    void aWholeWriteNeverTouchesTheFileReadersHave() throws IOException {
        Path file = tmp.resolve("records/x.state");
        PrivateFiles.writeAtomically(file, "old\n".repeat(1000));
        Object before = inode(file);
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            PrivateFiles.writeAtomically(file, "new\n");

            assertNotEquals(before, inode(file), "written in place: a kill mid-write would tear it");
            assertEquals(4000, reader.size(), "the old file, as a reader holds it, is whole");
            assertEquals("new\n", Files.readString(file));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void whatAKilledWriteLeftIsNeverTheFileAndIsClearedByTheNextWrite() throws IOException {
        Path file = tmp.resolve("records/x.state");
        PrivateFiles.writeAtomically(file, "complete\n");
        // A write killed half-way: its temp file, named for this PID and thread, half written.
        Path torn = file.resolveSibling("." + file.getFileName() + ".tmp" + ProcessHandle.current().pid()
                + "-" + Thread.currentThread().threadId());
        Files.writeString(torn, "compl", StandardCharsets.UTF_8);

        assertEquals("complete\n", Files.readString(file), "readers see the last whole file");
        PrivateFiles.writeAtomically(file, "next\n");

        assertEquals("next\n", Files.readString(file));
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "the torn temp file is gone");
        }
    }
}
