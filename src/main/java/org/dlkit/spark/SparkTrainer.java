package org.dlkit.spark;

import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.dlkit.data.DataSet;
import org.dlkit.nn.Network;
import org.dlkit.parallel.Flat;
import org.dlkit.parallel.Gradient;
import org.dlkit.train.History;
import org.dlkit.train.Optimizer;
import org.dlkit.train.Trainer;
import org.dlkit.train.TrainingInterrupted;
import org.dlkit.train.TrainingListener;

/**
 * Data-parallel training on Spark. The training set is cut into one {@link Shard} per worker and
 * kept in the workers' memory; the driver holds the network. Two ways to train:
 *
 * <ul>
 *   <li>{@link #synchronous}: each step, the parameters go out as a broadcast, every worker
 *       computes the gradient of a mini-batch of its shard, the gradients come back summed by
 *       {@code treeAggregate}, and the driver makes one update with the optimiser — the step of one
 *       machine on a k times larger mini-batch;
 *   <li>{@link #averaging}: each round, every worker starts from the broadcast parameters, takes n
 *       steps of SGD on its own, and the driver averages the k networks' parameters (SparkNet,
 *       DL4J's parameter-averaging training master). One exchange per n steps instead of one per
 *       step: less waiting, but the workers drift apart in between.
 * </ul>
 *
 * A Spark job costs milliseconds before any arithmetic; a step must have enough work per worker
 * (mini-batches of tens to hundreds of examples) for the workers to pay for it.
 */
public final class SparkTrainer implements AutoCloseable {
    private final JavaSparkContext spark;
    private final Recipe recipe;
    private final JavaRDD<Shard> shards;
    private final int workers;
    private final int shardSize;
    private final Network net;
    private volatile boolean closed;

    /**
     * Cuts train into {@code workers} shards and has Spark keep them in memory; the driver's
     * network is {@code recipe.network()}, whose weights are the starting point.
     */
    public SparkTrainer(JavaSparkContext spark, Recipe recipe, DataSet train, int workers) {
        this.spark = spark;
        this.recipe = recipe;
        this.workers = workers;
        train.requireUsable("the training set");
        List<Shard> parts = Shard.split(train, workers);
        this.shardSize = parts.stream().mapToInt(Shard::size).min().orElseThrow();
        // the shards go to the workers once; after the first job they live in the workers' memory
        // (a local checkpoint), and a task carries the index of its shard, not the shard: without
        // this every step would send the whole training set again (12 MB per task for 4 000 digits)
        JavaRDD<Shard> rdd = spark.parallelize(parts, workers);
        rdd.rdd().localCheckpoint();
        rdd.count();
        // the workers hold the shards now; the driver's copies would only double the memory
        parts.forEach(Shard::release);
        this.shards = rdd;
        this.net = recipe.network();
    }

    /**
     * Removes this trainer's shards from the workers' memory (Spark would otherwise keep them until
     * the trainer is collected: 157 MB for MNIST's 50 000 training digits). The trained network
     * stays; training again needs a new trainer.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        shards.unpersist(true);
    }

    private void requireOpen() {
        if (closed)
            throw new IllegalStateException(
                    "this SparkTrainer was closed and its shards removed from the workers: make a"
                            + " new one to train again");
    }

    /** Spark's id of the RDD that holds the shards (for a test to find its blocks). */
    int shardsId() {
        return shards.id();
    }

    /** The serialised size in bytes of what a task of this trainer carries for its shard. */
    int partitionBytes() {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(shards.partitions().get(0));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.size();
    }

    /** The driver's network: the trained parameters. */
    public Network network() {
        return net;
    }

    public int workers() {
        return workers;
    }

    /**
     * The gradient of one explicit mini-batch, cut into one shard per worker: each Spark task
     * computes its shard's gradient at the driver's parameters, and the sums come back added. For
     * checking that k workers give the gradient of one.
     */
    public Gradient gradient(DataSet batch) {
        Broadcast<float[]> w = spark.broadcast(Flat.values(net));
        Recipe r = recipe;
        try {
            return spark.parallelize(Shard.split(batch, workers), workers)
                    .map(s -> Worker.gradient(r, w.value(), s))
                    .treeAggregate(
                            (Gradient) null,
                            SparkTrainer::addGradients,
                            SparkTrainer::addGradients);
        } finally {
            release(w);
        }
    }

    /** One synchronous step on an explicit mini-batch; returns its mean loss before the update. */
    public double step(DataSet batch, Optimizer optimizer) {
        Gradient g = gradient(batch);
        Flat.setGrads(net, g.mean());
        optimizer.step(net.params());
        return g.meanLoss();
    }

    /**
     * Synchronous SGD for {@code epochs} passes: each step every worker takes {@code perWorker}
     * examples of its shard (k × perWorker in all), an epoch is as many steps as a shard has
     * mini-batches. Validation after each epoch on the driver (may be null).
     */
    public History synchronous(
            Optimizer optimizer,
            int epochs,
            int perWorker,
            long seed,
            DataSet validation,
            TrainingListener... listeners) {
        requireOpen();
        int steps = stepsPerEpoch(perWorker, 1);
        var history =
                new History(
                        net.name() + " on Spark",
                        String.format(
                                Locale.ROOT,
                                "synchronous SGD on Spark (%s), %d workers × %d examples per step,"
                                        + " optimiser %s, seed %d",
                                spark.master(),
                                workers,
                                perWorker,
                                optimizer,
                                seed));
        Recipe r = recipe;
        return run(
                history,
                epochs,
                steps,
                validation,
                listeners,
                (epoch, step) -> {
                    Broadcast<float[]> w = spark.broadcast(Flat.values(net));
                    try {
                        Gradient g =
                                shards.map(
                                                s ->
                                                        Worker.gradient(
                                                                r, w.value(), s, seed, epoch, step,
                                                                perWorker))
                                        .treeAggregate(
                                                (Gradient) null,
                                                SparkTrainer::addGradients,
                                                SparkTrainer::addGradients);
                        Flat.setGrads(net, g.mean());
                        optimizer.step(net.params());
                        return g.meanLoss();
                    } finally {
                        release(w);
                    }
                });
    }

    /**
     * Parameter averaging for {@code epochs} passes: each round every worker takes {@code
     * localSteps} steps of SGD (step eta, mini-batches of {@code perWorker}) from the driver's
     * parameters, then the driver's parameters become the workers' average. localSteps = 1 is
     * synchronous SGD with plain SGD (the average of one step each is one step with the averaged
     * gradient).
     */
    public History averaging(
            double eta,
            int localSteps,
            int epochs,
            int perWorker,
            long seed,
            DataSet validation,
            TrainingListener... listeners) {
        requireOpen();
        if (localSteps < 1)
            throw new IllegalArgumentException("localSteps must be ≥ 1, got " + localSteps);
        int rounds = stepsPerEpoch(perWorker, localSteps);
        var history =
                new History(
                        net.name() + " on Spark",
                        String.format(
                                Locale.ROOT,
                                "parameter averaging on Spark (%s), %d workers, every %d steps of"
                                        + " SGD η = %s on %d examples, seed %d",
                                spark.master(),
                                workers,
                                localSteps,
                                eta,
                                perWorker,
                                seed));
        Recipe r = recipe;
        return run(
                history,
                epochs,
                rounds,
                validation,
                listeners,
                (epoch, round) -> {
                    Broadcast<float[]> w = spark.broadcast(Flat.values(net));
                    try {
                        Worker.Local sum =
                                shards.map(
                                                s ->
                                                        Worker.train(
                                                                r,
                                                                w.value(),
                                                                s,
                                                                eta,
                                                                seed,
                                                                epoch,
                                                                round * localSteps,
                                                                localSteps,
                                                                perWorker))
                                        .treeAggregate(
                                                (Worker.Local) null,
                                                SparkTrainer::addLocals,
                                                SparkTrainer::addLocals);
                        Flat.setValues(net, sum.average());
                        return sum.lossSum() / sum.steps();
                    } finally {
                        release(w);
                    }
                });
    }

    /** One step (or round) of training on Spark; returns its mean loss. */
    private interface Round {
        double run(int epoch, int index);
    }

    private History run(
            History history,
            int epochs,
            int perEpoch,
            DataSet validation,
            TrainingListener[] listeners,
            Round round) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
        var loss = recipe.loss();
        try {
            for (var l : listeners) l.trainingStarted(history, perEpoch);
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                double sum = 0;
                for (int i = 0; i < perEpoch; i++) {
                    if (Thread.interrupted())
                        throw new TrainingInterrupted(
                                "training on Spark stopped in epoch "
                                        + epoch
                                        + ", step "
                                        + (i + 1)
                                        + " of "
                                        + perEpoch
                                        + "; the driver's network has the parameters of the last step",
                                history);
                    for (var l : listeners) l.batchStarting(epoch, i + 1);
                    double value = round.run(epoch, i);
                    if (!Double.isFinite(value))
                        throw new IllegalStateException(
                                "the loss became "
                                        + value
                                        + " in epoch "
                                        + epoch
                                        + ", step "
                                        + (i + 1)
                                        + ": the step size is too large");
                    sum += value;
                    for (var l : listeners) l.batchEnded(epoch, i + 1, value);
                }
                var v =
                        validation == null
                                ? new Trainer.Evaluation(Double.NaN, Double.NaN)
                                : Trainer.evaluate(net, loss, validation);
                history.add(
                        epoch,
                        sum / perEpoch,
                        Double.NaN,
                        v.loss(),
                        v.accuracy(),
                        (System.nanoTime() - start) / 1e9);
                for (var l : listeners) l.epochEnded(history);
            }
        } finally {
            for (var l : listeners) l.trainingEnded(history);
        }
        return history;
    }

    private int stepsPerEpoch(int perWorker, int localSteps) {
        int steps = shardSize / perWorker / localSteps;
        if (perWorker < 1 || steps < 1)
            throw new IllegalArgumentException(
                    "a shard of "
                            + shardSize
                            + " examples has no round of "
                            + localSteps
                            + " mini-batches of "
                            + perWorker
                            + " examples");
        return steps;
    }

    /**
     * Removes a step's broadcast from every block manager before the step returns. Spark's own
     * {@code destroy()} only asks for the removal; the context's cleaner, which removes the same
     * blocks once the broadcast object is collected (and the kernel collects often), could then run
     * beside it and warn on standard error that a block "does not exist". Waiting for the removal,
     * with the broadcast kept reachable until it is done, leaves the cleaner nothing to remove.
     */
    static void release(Broadcast<?> w) {
        w.destroy(true);
        java.lang.ref.Reference.reachabilityFence(w);
    }

    private static Gradient addGradients(Gradient a, Gradient b) {
        return a == null ? b : b == null ? a : a.plus(b);
    }

    private static Worker.Local addLocals(Worker.Local a, Worker.Local b) {
        return a == null ? b : b == null ? a : a.plus(b);
    }
}
