package org.dlkit.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * SGD for logistic regression on a {@link SparseProblem} with several threads sharing one weight
 * vector (Niu, Recht, Ré and Wright, 2011). Each thread runs through its share of the examples and,
 * for each, reads the weights of its active features and writes them back updated: w<sub>j</sub> ←
 * w<sub>j</sub> − η·(σ(z) − y) for each active j.
 *
 * <ul>
 *   <li>{@code locked}: one lock around each example's read and write, so updates never interleave
 *       — and the threads mostly wait for each other;
 *   <li>lock-free (Hogwild): no lock at all. Two threads may read the same weight, and one's write
 *       may overwrite the other's; because examples are sparse this rarely happens, and when it
 *       does one small update is lost. (A Java double in an array is read and written whole on a
 *       64-bit JVM; the language itself promises that only for volatile ones.)
 * </ul>
 */
public final class Hogwild {
    private Hogwild() {}

    /** The weights after training and the wall time it took. */
    public record Run(double[] weights, double seconds, int threads, boolean locked) {}

    /**
     * Trains from zero weights for {@code epochs} passes; each of the {@code threads} threads takes
     * the k-th of k equal shares of the examples and visits them in its own shuffled order each
     * epoch.
     */
    public static Run train(
            SparseProblem data, int threads, int epochs, double eta, boolean locked, long seed) {
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        double[] w = new double[data.features()];
        Object lock = new Object();
        List<Thread> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int k = 0; k < threads; k++) {
            int from = data.size() * k / threads, to = data.size() * (k + 1) / threads;
            long threadSeed = seed + 104729L * k;
            Runnable work =
                    () -> {
                        var random = new Random(threadSeed);
                        int[] order = new int[to - from];
                        for (int i = 0; i < order.length; i++) order[i] = from + i;
                        for (int epoch = 0; epoch < epochs; epoch++) {
                            shuffle(order, random);
                            for (int i : order) {
                                if (locked) {
                                    synchronized (lock) {
                                        update(data, w, i, eta);
                                    }
                                } else {
                                    update(data, w, i, eta);
                                }
                            }
                        }
                    };
            running.add(new Thread(work, "dlkit-hogwild-" + k));
        }
        running.forEach(Thread::start);
        for (Thread t : running) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the threads trained", e);
            }
        }
        return new Run(w, (System.nanoTime() - start) / 1e9, threads, locked);
    }

    /** One example's SGD step on the shared weights. */
    private static void update(SparseProblem data, double[] w, int i, double eta) {
        double z = data.score(w, i);
        double g = 1 / (1 + Math.exp(-z)) - data.label()[i]; // ∂loss/∂z = σ(z) − y
        int k = data.perExample();
        int[] active = data.active();
        for (int a = i * k; a < (i + 1) * k; a++) w[active[a]] -= eta * g;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
