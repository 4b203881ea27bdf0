package org.dlkit.parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.dlkit.data.DataSet;
import org.dlkit.nn.Loss;
import org.dlkit.nn.Network;

/**
 * Asynchronous SGD with real threads: a parameter server holds the weights; each worker, again and
 * again, pulls a copy, computes a gradient on a mini-batch of its own shard, and pushes it; the
 * server applies each gradient the moment it arrives, w ← w − η·g, without waiting for the others
 * (DistBelief's Downpour SGD, one process). Meanwhile the other workers have pushed theirs, so a
 * gradient is usually a few updates old when it is applied: its <em>staleness</em>, which the
 * server records for every update.
 *
 * <p>Pull and push hold the server's lock for the length of a copy; the backward passes run at the
 * same time.
 */
public final class ParameterServer {
    private final float[] w;
    private final double eta;
    private long version;
    private final List<Integer> staleness = new ArrayList<>();

    /** A server holding a copy of initial, updating it with SGD at step eta. */
    public ParameterServer(float[] initial, double eta) {
        this.w = initial.clone();
        this.eta = eta;
    }

    /** What a worker pulls: a copy of the weights and the number of updates they include. */
    public record Pulled(float[] weights, long version) {}

    public synchronized Pulled pull() {
        return new Pulled(w.clone(), version);
    }

    /**
     * Applies a mean gradient computed on the weights of version {@code pulledAt}; records how many
     * updates other workers made in between. Returns the new version.
     */
    public synchronized long push(float[] g, long pulledAt) {
        if (g.length != w.length)
            throw new IllegalArgumentException(
                    "a gradient of " + g.length + " numbers for " + w.length + " weights");
        staleness.add((int) (version - pulledAt));
        for (int i = 0; i < w.length; i++) w[i] -= (float) (eta * g[i]);
        return ++version;
    }

    public synchronized float[] weights() {
        return w.clone();
    }

    public synchronized long version() {
        return version;
    }

    /** The staleness of every update so far, in the order they were applied. */
    public synchronized int[] staleness() {
        return staleness.stream().mapToInt(Integer::intValue).toArray();
    }

    /** What a run of {@link #train} measured. */
    public record Run(float[] weights, int[] staleness, double seconds, long updates) {
        /** Mean staleness of the updates. */
        public double meanStaleness() {
            return java.util.Arrays.stream(staleness).average().orElse(0);
        }

        /** count[s] = how many updates had staleness s. */
        public int[] histogram() {
            int max = java.util.Arrays.stream(staleness).max().orElse(0);
            int[] count = new int[max + 1];
            for (int s : staleness) count[s]++;
            return count;
        }
    }

    /**
     * Trains with {@code workers} threads until the server has made {@code updates} updates. Each
     * worker has its own loss from {@code loss} (a loss keeps what its backward pass needs) and
     * builds its own network with {@code make} (all of them must build the same architecture),
     * takes the k-th of k equal shards of train, and draws its mini-batches from it with its own
     * seed. The server starts from the weights of {@code make.get()}.
     */
    public static Run train(
            Supplier<Network> make,
            Supplier<Loss> loss,
            DataSet train,
            int workers,
            int miniBatch,
            int updates,
            double eta,
            long seed) {
        if (workers < 1) throw new IllegalArgumentException("workers must be ≥ 1, got " + workers);
        var server = new ParameterServer(Flat.values(make.get()), eta);
        var failure = new AtomicReference<Throwable>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int k = 0; k < workers; k++) {
            int from = train.size() * k / workers, to = train.size() * (k + 1) / workers;
            DataSet shard = train.rows(from, to);
            if (shard.size() < miniBatch)
                throw new IllegalArgumentException(
                        "each of "
                                + workers
                                + " workers' shards has "
                                + shard.size()
                                + " examples, fewer than a mini-batch of "
                                + miniBatch);
            long workerSeed = seed + 7919L * k;
            Network net = make.get();
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    work(
                                            server,
                                            net,
                                            loss.get(),
                                            shard,
                                            miniBatch,
                                            updates,
                                            workerSeed);
                                } catch (Throwable e) {
                                    failure.compareAndSet(null, e);
                                }
                            },
                            "dlkit-worker-" + k);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                threads.forEach(Thread::interrupt);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the workers trained", e);
            }
        }
        if (failure.get() != null)
            throw new IllegalStateException("a worker failed: " + failure.get(), failure.get());
        return new Run(
                server.weights(),
                server.staleness(),
                (System.nanoTime() - start) / 1e9,
                server.version());
    }

    private static void work(
            ParameterServer server,
            Network net,
            Loss loss,
            DataSet shard,
            int miniBatch,
            int updates,
            long seed) {
        var random = new Random(seed);
        int[] order = DataSet.permutation(shard.size(), random); // batches copied out as used
        int next = 0;
        while (server.version() < updates && !Thread.currentThread().isInterrupted()) {
            if (next + miniBatch > order.length) {
                order = DataSet.permutation(shard.size(), random);
                next = 0;
            }
            DataSet batch = shard.select(Arrays.copyOfRange(order, next, next + miniBatch));
            next += miniBatch;
            Pulled p = server.pull();
            Flat.setValues(net, p.weights());
            float[] g = Gradient.of(net, loss, batch.x(), batch.y()).mean();
            synchronized (server) { // the last pushes must not overshoot the number of updates
                if (server.version() < updates) server.push(g, p.version());
            }
        }
    }
}
