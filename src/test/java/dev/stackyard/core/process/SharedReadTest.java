package dev.stackyard.core.process;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedReadTest {

    @Test
    void callersArrivingDuringAReadShareTheNextOneAndNeverGetTheOlderResult() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch firstReadStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstRead = new CountDownLatch(1);
        SharedRead<Integer> shared = new SharedRead<>(() -> {
            int n = reads.incrementAndGet();
            if (n == 1) {
                firstReadStarted.countDown();
                await(releaseFirstRead);
            }
            return n;
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<Integer> first = pool.submit(shared::get);
            assertTrue(firstReadStarted.await(10, TimeUnit.SECONDS));
            // Three callers arrive while read 1 is under way; each waits for a read begun after it asked.
            Thread[] late = new Thread[3];
            int[] got = new int[3];
            for (int i = 0; i < late.length; i++) {
                int k = i;
                late[i] = Thread.ofPlatform().start(() -> got[k] = shared.get());
            }
            for (Thread t : late) {
                awaitWaiting(t);
            }
            releaseFirstRead.countDown();
            assertEquals(1, first.get(10, TimeUnit.SECONDS));
            for (Thread t : late) {
                assertTrue(t.join(Duration.ofSeconds(10)));
            }
            assertEquals(2, got[0]);
            assertEquals(2, got[1]);
            assertEquals(2, got[2]);
            assertEquals(2, reads.get(), "the three late callers shared one read");
            assertEquals(3, shared.get(), "a caller after that gets a new read");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedReadIsThrownToItsCallersAndTheNextCallReadsAgain() {
        AtomicInteger reads = new AtomicInteger();
        SharedRead<Integer> shared = new SharedRead<>(() -> {
            if (reads.incrementAndGet() == 1) {
                throw new IllegalStateException("cannot list /proc");
            }
            return reads.get();
        });
        assertEquals("cannot list /proc", assertThrows(IllegalStateException.class, shared::get).getMessage());
        assertEquals(2, shared.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Until {@code t} parks (waiting for its shared read), or fails after a deadline. */
    private static void awaitWaiting(Thread t) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (t.getState() != Thread.State.WAITING) {
            assertTrue(Instant.now().isBefore(deadline), t + " never waited: " + t.getState());
            Thread.yield();
        }
    }
}
