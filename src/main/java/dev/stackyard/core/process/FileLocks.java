package dev.stackyard.core.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Mutual exclusion on a lock file, across threads and across JVMs. A {@link FileLock} belongs
 * to the whole JVM (a second lock on the same file from this JVM fails), so the in-JVM half of the
 * guard is JVM-wide too: that is why this holds static state, keyed by the lock file's path.
 * Reentrant for the thread that holds it.
 */
final class FileLocks {
    private static final Map<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();
    private static final Map<Path, FileLock> HELD = new ConcurrentHashMap<>();

    private FileLocks() {
    }

    static <T> T with(Path file, Supplier<T> action) {
        Path key = file.toAbsolutePath().normalize();
        ReentrantLock local = LOCAL.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        try {
            boolean outermost = local.getHoldCount() == 1;
            if (outermost) {
                HELD.put(key, acquire(key));
            }
            try {
                return action.get();
            } finally {
                if (outermost) {
                    release(HELD.remove(key));
                }
            }
        } finally {
            local.unlock();
        }
    }

    /**
     * Runs {@code action} holding the lock only if it can be had at once: empty, without running
     * it, when another thread of this JVM or another process holds it. Never waits for the lock.
     */
    static <T> Optional<T> tryWith(Path file, Supplier<T> action) {
        Path key = file.toAbsolutePath().normalize();
        ReentrantLock local = LOCAL.computeIfAbsent(key, k -> new ReentrantLock());
        if (!local.tryLock()) {
            return Optional.empty();
        }
        try {
            boolean outermost = local.getHoldCount() == 1;
            if (outermost) {
                FileLock lock = tryAcquire(key);
                if (lock == null) {
                    return Optional.empty();
                }
                HELD.put(key, lock);
            }
            try {
                return Optional.ofNullable(action.get());
            } finally {
                if (outermost) {
                    release(HELD.remove(key));
                }
            }
        } finally {
            local.unlock();
        }
    }

    private static FileLock tryAcquire(Path file) {
        try {
            FileChannel ch = PrivateFiles.openForWriting(file);
            try {
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    ch.close();
                }
                return lock;
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    private static FileLock acquire(Path file) {
        try {
            FileChannel ch = PrivateFiles.openForWriting(file);
            try {
                return ch.lock();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    private static void release(FileLock lock) {
        try {
            lock.channel().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release lock " + lock, e);
        }
    }
}
