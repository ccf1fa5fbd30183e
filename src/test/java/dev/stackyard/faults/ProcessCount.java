package dev.stackyard.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Counting processes in /proc by their command line: what really runs, whatever Stackyard says. */
final class ProcessCount {
    private ProcessCount() {
    }

    /** The command line of every process, arguments joined by spaces, with its PID. */
    record Proc(long pid, String cmdline) {
    }

    static List<Proc> all() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).map(p -> {
                try {
                    byte[] raw = Files.readAllBytes(p.resolve("cmdline"));
                    return new Proc(Long.parseLong(p.getFileName().toString()),
                            new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
                } catch (IOException e) {
                    return null; // exited meanwhile
                }
            }).filter(p -> p != null && !p.cmdline().isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long count(Predicate<Proc> which) {
        return all().stream().filter(which).count();
    }

    /** {@code sleep MARK} processes. */
    static long ofWorker(String mark) {
        return count(p -> p.cmdline().equals("sleep " + mark));
    }

    /** redis servers on {@code port} (redis names itself {@code /usr/bin/redis-server 127.0.0.1:PORT}). */
    static long ofRedis(int port) {
        return count(p -> p.cmdline().contains("redis-server") && p.cmdline().endsWith(":" + port));
    }

    /**
     * Waits until {@code process} has a file under {@code home} open (it got past the JVM's start into
     * Stackyard's own work: its log, a lock, the config); false when it ended first.
     */
    static boolean awaitWorkIn(Process process, Path home) throws InterruptedException {
        Path fds = Path.of("/proc", String.valueOf(process.pid()), "fd");
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < until) {
            try (Stream<Path> open = Files.list(fds)) {
                if (open.anyMatch(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).startsWith(home);
                    } catch (IOException e) {
                        return false; // closed meanwhile
                    }
                })) {
                    return true;
                }
            } catch (IOException e) {
                return false; // the process is gone
            }
            if (process.waitFor(5, TimeUnit.MILLISECONDS)) { // a pause that ends at once if it ends
                return false;
            }
        }
        throw new AssertionError("PID " + process.pid() + " never opened a file under " + home);
    }

    /** Processes whose command line names {@code path} (a data folder). */
    static long countIn(String path) {
        return count(p -> p.cmdline().contains(path));
    }

    /** Waits (two minutes at most) until a process whose command line names {@code tool} and {@code path} runs; its PID. */
    static long awaitProcess(String tool, String path, Process caller) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < until) {
            var found = all().stream().filter(p -> p.cmdline().contains(tool) && p.cmdline().contains(path)).findFirst();
            if (found.isPresent()) {
                return found.get().pid();
            }
            if (caller.waitFor(20, TimeUnit.MILLISECONDS)) { // a pause that ends at once if the call ends
                throw new AssertionError("the call ended (exit " + caller.exitValue() + ") before " + tool + " was seen");
            }
        }
        throw new AssertionError(tool + " never ran on " + path);
    }

    /** Waits (a minute at most) until no process names {@code path}; false if one still does. */
    static boolean awaitNoneIn(String path) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (countIn(path) > 0) {
            if (System.nanoTime() > until) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50); // polls /proc; the deadline is the gate
        }
        return true;
    }

    /** SIGKILLs {@code pid} and its descendants, by PID, and waits for them to go. */
    static void killTree(long pid) {
        ProcessHandle.of(pid).ifPresent(root -> {
            List<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants()).toList();
            tree.forEach(ProcessHandle::destroyForcibly);
            tree.forEach(h -> h.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        });
    }
}
