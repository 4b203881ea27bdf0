package org.dlkit.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Work shared among the processor's cores one piece per core. ND4J runs each operation on all cores
 * (OpenMP threads), which pays for large operations; the many small ones of a convolutional
 * network's step scale poorly that way — on 2 cores lesson 08's step ran about 1.4× faster than on
 * one (one thread: 19.6 ms of CPU for a batch of 64, PyTorch's 26.6; two: PyTorch's the faster).
 * Cutting the mini-batch into one shard per core and running each shard on one core, with ND4J's
 * operations on that thread limited to it, uses both cores all the time.
 *
 * <p>Only on the CPU backend: a GPU runs an operation's pieces itself.
 */
public final class Cores {
    private Cores() {}

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final ThreadLocal<Boolean> ONE_OF_SEVERAL = ThreadLocal.withInitial(() -> false);
    private static ExecutorService helpers;

    /**
     * How many pieces {@link #each} would run at once: the cores, at most 8; 1 on a GPU or with
     * {@code -Ddlkit.cores=1}.
     */
    public static int available() {
        if (!Blas.direct()) return 1;
        int cap = Integer.getInteger("dlkit.cores", 8);
        return Math.max(1, Math.min(CORES, cap));
    }

    /**
     * Whether this thread runs one of several pieces of {@link #each}: then a loop of the kit's own
     * should not split its work among the cores again (the other cores are busy with the other
     * pieces).
     */
    public static boolean busyElsewhere() {
        return ONE_OF_SEVERAL.get();
    }

    /**
     * Runs piece(0), …, piece(n − 1) at once, each on a thread of its own (this one and n − 1
     * helpers) with ND4J's operations there on one core; returns when all are done. An exception in
     * a piece is thrown here, after the others have finished. Interrupting this thread stops
     * nothing that has started.
     */
    public static void each(int n, IntConsumer piece) {
        if (n == 1) {
            piece.accept(0);
            return;
        }
        List<Future<?>> others = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            int which = i;
            others.add(helpers(n - 1).submit(() -> onOneCore(() -> piece.accept(which))));
        }
        Throwable failed = null;
        try {
            onOneCore(() -> piece.accept(0));
        } catch (RuntimeException | Error e) {
            failed = e;
        }
        boolean interrupted = false;
        for (Future<?> f : others) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the pieces share buffers: wait for them, then report
                } catch (ExecutionException e) {
                    if (failed == null) failed = e.getCause();
                    break;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failed instanceof RuntimeException r) throw r;
        if (failed instanceof Error err) throw err;
        if (failed != null) throw new IllegalStateException(failed);
    }

    /** Runs work with ND4J's operations on this thread limited to one core, then restores. */
    private static void onOneCore(Runnable work) {
        var ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int before = ops.ompGetMaxThreads();
        boolean wasBusy = ONE_OF_SEVERAL.get();
        ops.setOmpNumThreads(1);
        ONE_OF_SEVERAL.set(true);
        try {
            work.run();
        } finally {
            ONE_OF_SEVERAL.set(wasBusy);
            ops.setOmpNumThreads(before);
        }
    }

    private static synchronized ExecutorService helpers(int n) {
        if (helpers == null) {
            int[] count = {0};
            helpers =
                    Executors.newFixedThreadPool(
                            Math.max(n, available() - 1),
                            r -> {
                                var t = new Thread(r, "dlkit-core-" + ++count[0]);
                                t.setDaemon(true);
                                return t;
                            });
        }
        return helpers;
    }
}
