package org.rapaio.jupyter.kernel.dlkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rapaio.jupyter.kernel.core.RapaioKernel;

/**
 * The stop button's handler without Jupyter, on stand-ins for rapaio's execute handler and a cell
 * compiled by JShell: when a press comes decides what it stops. InterruptIT presses the real button
 * on the real kernel.
 */
class StopButtonTest {

    /** A cell being handled: first "compiling" until released, then running for 20 s. */
    private static final class Request {
        final CountDownLatch handling = new CountDownLatch(1);
        final CountDownLatch compiled = new CountDownLatch(1);
        final CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        final Thread thread =
                new Thread(
                        () ->
                                new RapaioKernel()
                                        .handleExecuteRequest(
                                                () -> {
                                                    handling.countDown();
                                                    try {
                                                        compiled.await();
                                                    } catch (InterruptedException e) {
                                                        interrupted.completeExceptionally(e);
                                                        return;
                                                    }
                                                    interrupted.complete(REPL.Cell.sleep(20));
                                                }),
                        "kernel-shell");

        Request start() throws InterruptedException {
            thread.setDaemon(true);
            thread.start();
            assertTrue(handling.await(10, TimeUnit.SECONDS));
            return this;
        }
    }

    @Test
    void aPressWhileTheCellIsStillBeingPreparedStopsItWhenItStarts() throws Exception {
        var r = new Request().start();
        assertTrue(StopButton.busyWithACell(), "a thread is in the execute handler");
        assertTrue(StopButton.cellThreads().isEmpty(), "no cell runs yet");
        StopButton.interruptCells();
        Thread.sleep(200);
        assertFalse(
                r.thread.isInterrupted(),
                "the handler itself is not interrupted while it compiles");
        long start = System.nanoTime();
        r.compiled.countDown();
        assertTrue(r.interrupted.get(10, TimeUnit.SECONDS), "the kept press stopped the cell");
        assertTrue((System.nanoTime() - start) / 1e9 < 5, "stopped within seconds of starting");
    }

    @Test
    void aPressWhileACellRunsInterruptsItAtOnce() throws Exception {
        var r = new Request().start();
        r.compiled.countDown();
        while (StopButton.cellThreads().isEmpty()) Thread.sleep(5);
        assertEquals(r.thread, StopButton.cellThreads().get(0).thread());
        assertEquals("REPL.Cell", StopButton.cellThreads().get(0).cell());
        long start = System.nanoTime();
        StopButton.interruptCells();
        assertTrue(r.interrupted.get(10, TimeUnit.SECONDS));
        assertTrue((System.nanoTime() - start) / 1e9 < 2, "stopped at once");
    }

    @Test
    void aPressWhenTheKernelIsIdleIsNotKeptForTheNextCell() throws Exception {
        assertFalse(StopButton.busyWithACell(), "no cell is being handled");
        StopButton.interruptCells();
        var r = new Request().start();
        r.compiled.countDown();
        assertThrowsTimeout(r.interrupted);
        r.thread.interrupt();
        assertTrue(r.interrupted.get(10, TimeUnit.SECONDS));
    }

    private static void assertThrowsTimeout(CompletableFuture<Boolean> f) throws Exception {
        try {
            f.get(700, TimeUnit.MILLISECONDS);
            throw new AssertionError(
                    "the next cell was stopped by a press made while the kernel was idle");
        } catch (java.util.concurrent.TimeoutException expected) {
            // still running, as it should
        }
    }
}
