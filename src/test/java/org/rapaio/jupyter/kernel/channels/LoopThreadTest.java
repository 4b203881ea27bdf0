package org.rapaio.jupyter.kernel.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The kit's replacement for rapaio-jupyter-kernel's channel loop. The kernel's own 3.0.1 class
 * loses the first test: out of a few thousand started loops, dozens end before their first round.
 */
class LoopThreadTest {

    @Test
    void everyStartedLoopRunsItsBody() throws Exception {
        int n = 3000;
        var ran = new CountDownLatch(n);
        var threads = new ArrayList<LoopThread>();
        for (int i = 0; i < n; i++) {
            var holder = new LoopThread[1];
            holder[0] =
                    new LoopThread(
                            "loop-" + i,
                            1,
                            () -> {
                                ran.countDown();
                                holder[0].shutdown();
                            });
            threads.add(holder[0]);
            holder[0].start();
        }
        boolean all = ran.await(60, TimeUnit.SECONDS);
        for (LoopThread t : threads) t.join(10_000);
        assertTrue(all, ran.getCount() + " of " + n + " started loops never ran their body");
        assertTrue(threads.stream().noneMatch(Thread::isAlive), "a shut-down loop kept running");
    }

    @Test
    void aLoopRunsRoundAfterRoundUntilShutDownAndPausesBetweenRounds() throws Exception {
        var rounds = new AtomicInteger();
        var loop = new LoopThread("rounds", 5, rounds::incrementAndGet);
        long start = System.nanoTime();
        loop.start();
        while (rounds.get() < 10) Thread.sleep(1);
        loop.shutdown();
        loop.join(5_000);
        double ms = (System.nanoTime() - start) / 1e6;
        assertFalse(loop.isAlive());
        int after = rounds.get();
        Thread.sleep(30);
        assertEquals(after, rounds.get(), "no round after shutdown");
        assertTrue(ms >= 9 * 5, "ten rounds with 5 ms pauses took only " + ms + " ms");
        assertEquals("rounds", loop.getName());
    }

    @Test
    void anInterruptEndsTheLoop() throws Exception {
        var loop = new LoopThread("interrupted", 10_000, () -> {});
        loop.start();
        loop.interrupt();
        loop.join(5_000);
        assertFalse(loop.isAlive(), "an interrupt during the pause ends the loop");
    }
}
