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

    /** A shell loop does not read requests before the kernel's handlers are registered. */
    @Test
    void aShellLoopWaitsUntilTheKernelHasConnected() throws Exception {
        var shell = new ShellChannel();
        var loop = new LoopThread("Shell-0", 1, () -> shell.round());
        assertTrue(LoopThread.dispatcherOf(() -> shell.round()) == shell.channels);
        loop.start();
        Thread.sleep(300);
        assertEquals(
                0, shell.rounds.get(), "the loop read requests before the handlers were in place");
        shell.channels.isConnected = true;
        long until = System.nanoTime() + 10_000_000_000L;
        while (shell.rounds.get() == 0 && System.nanoTime() < until) Thread.sleep(5);
        loop.shutdown();
        loop.join(10_000);
        assertTrue(shell.rounds.get() > 0, "the loop never started after the kernel connected");
        // a loop of anything else (the heartbeat's) starts at once
        assertTrue(LoopThread.dispatcherOf(() -> {}) == null);
    }
}
