package org.dlkit.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dlkit.data.Augmentation;
import org.dlkit.data.DataSet;
import org.dlkit.nn.Loss;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;
import org.dlkit.tensor.StepMemory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a network: {@link #step} is one gradient step written out, and {@link #fit} is a loop
 * around it — mini-batches, shuffling, validation each epoch. What watches over the loop listens to
 * it ({@link TrainingListener}): the NaN guard ({@link Rollback}), early stopping ({@link
 * EarlyStopping}), the health checks ({@link HealthChecks}), a live figure or a progress bar.
 */
public final class Trainer {
    private static final int EVAL_BATCH = 1000;

    private final Network net;
    private final Loss loss;
    private final Optimizer optimizer;
    private final WeightDecay decay;
    private final List<Parameter> params;
    private volatile History lastHistory;
    private ShardedStep sharded;
    private boolean shardingTried;

    public Trainer(Network net, Loss loss, Optimizer optimizer) {
        this(net, loss, optimizer, WeightDecay.NONE);
    }

    public Trainer(Network net, Loss loss, Optimizer optimizer, WeightDecay decay) {
        this.net = net;
        this.loss = loss;
        this.optimizer = optimizer;
        this.decay = decay;
        this.params = net.params();
    }

    /**
     * One step of gradient descent on a mini-batch (x, y); returns the batch's loss (before the
     * update; without the weight-decay penalty or a layer's {@link org.dlkit.nn.Layer#penalty},
     * which act through the gradient).
     */
    public double step(INDArray x, INDArray y) {
        return step(x, y, null);
    }

    private double step(INDArray x, INDArray y, long[] correct) {
        int shards = shardsFor(x.size(0));
        if (shards > 1) {
            // the same step with the batch cut into one shard per core (see ShardedStep)
            double value = sharded.gradients(x, y, shards, correct);
            decay.addTo(params);
            optimizer.step(params);
            return value;
        }
        // this step's tensors reuse the memory of the step before (see StepMemory)
        try (var memory = StepMemory.open("step")) {
            INDArray scores = net.forward(x, Mode.TRAIN); // 1. forward: the network's outputs
            double value = loss.forward(scores, y); // 2. the loss, and what its gradient needs
            net.zeroGrad(); // 3. gradients start at zero each batch
            net.backwardParams(loss.backward()); // 4. backward: ∂loss/∂w for every parameter
            decay.addTo(params); // 5. L1/L2 weight decay, as extra gradient
            optimizer.step(params); // 6. the update, w ← w − η·(…)
            if (correct != null) correct[0] += Metrics.correct(scores, y, loss.threshold());
            return value;
        }
    }

    /**
     * How many shards {@link #step} cuts a mini-batch of n examples into, one per core (see {@link
     * ShardedStep}): 1 on one core, for small batches, and for networks that cannot be cut.
     */
    public int shardsFor(long n) {
        int shards = ShardedStep.shards(n);
        return shards > 1 && sharded() != null ? shards : 1;
    }

    /** The sharded step for this network, made on first use; null if it cannot be sharded. */
    private ShardedStep sharded() {
        if (!shardingTried) {
            shardingTried = true;
            sharded = ShardedStep.of(net, loss);
        }
        return sharded;
    }

    /**
     * Trains for {@code config.epochs()} passes over {@code train}, measuring {@code validation}
     * (may be null) after each. Outside a notebook, with a terminal, a progress bar shows the
     * batches unless listeners are given.
     *
     * @throws TrainingDiverged when the loss becomes NaN or infinite, naming the epoch, the batch
     *     and η; the parameters are the last ones that gave a finite loss
     * @throws TrainingInterrupted when the thread is interrupted (Jupyter's stop button); the
     *     parameters are those of the last completed step
     */
    public History fit(
            DataSet train, DataSet validation, TrainConfig config, TrainingListener... listeners) {
        return fit(train, validation, config, null, listeners);
    }

    /**
     * {@link #fit(DataSet, DataSet, TrainConfig, TrainingListener...)} with the training data
     * changed at random each epoch, e.g. {@code Augmentation.shifts(2)}.
     */
    public History fit(
            DataSet train,
            DataSet validation,
            TrainConfig config,
            Augmentation augment,
            TrainingListener... listeners) {
        if (train == null)
            throw new IllegalArgumentException(
                    "Trainer.fit: the training set is null (a DataSet is needed; the validation set may be null)");
        if (config == null)
            throw new IllegalArgumentException(
                    "Trainer.fit: config is null (for example TrainConfig.of(epochs, miniBatch, seed))");
        train.requireUsable("the training set");
        if (validation != null) validation.requireUsable("the validation set");
        var history =
                new History(
                        net.name(),
                        Provenance.of(
                                net, optimizer, loss, decay, config, train, validation, augment));
        lastHistory = history;
        var run = new Run(net, loss, optimizer, train, validation, config, history);
        List<TrainingListener> all = new ArrayList<>(run.guards());
        all.addAll(listeners.length > 0 ? List.of(listeners) : ProgressBarListener.inTerminal());
        run.listeners().addAll(all);
        boolean labels = !train.targetsAreInputs();
        int batches = (train.size() + config.miniBatch() - 1) / config.miniBatch();
        var random = new Random(config.seed());
        try {
            all.forEach(l -> l.trainingStarted(history, batches));
            for (int epoch = 1; epoch <= config.epochs() && !run.stopped(); epoch++) {
                long start = System.nanoTime();
                DataSet epochSet = augment == null ? train : augment.apply(train, random);
                Iterable<DataSet> order = batchesOf(epochSet, config, random);
                double sum = 0;
                long[] correct = {0};
                int batch = 0;
                for (DataSet b : order) {
                    batch++;
                    if (Thread.interrupted())
                        throw new TrainingInterrupted(epoch, batch, batches, history);
                    for (var l : all) l.batchStarting(epoch, batch);
                    double value = step(b.x(), b.y(), labels ? correct : null);
                    for (var l : all) l.batchEnded(epoch, batch, value);
                    sum += value * b.size();
                }
                var v = validation == null ? Evaluation.NONE : measure(net, loss, validation);
                history.add(
                        epoch,
                        sum / train.size(),
                        labels ? correct[0] / (double) train.size() : Double.NaN,
                        v.loss(),
                        v.accuracy(),
                        (System.nanoTime() - start) / 1e9);
                for (var l : all) l.epochEnded(history);
            }
        } finally {
            all.forEach(l -> l.trainingEnded(history));
        }
        return history;
    }

    /**
     * Above this size a shuffled epoch is copied batch by batch (the same batches): a whole copy of
     * 50 000 digits is 157 MB that waits for the collector, of 50 000 codes of 1 000 numbers 200
     * MB. Below it the whole set is copied at once, which is cheaper: a batch copied on its own
     * costs 0.1–0.4 ms, a lot beside a small network's step.
     */
    static long shuffledCopyLimit = 64L << 20;

    /** An epoch's mini-batches: in order, or shuffled with the run's generator. */
    private static Iterable<DataSet> batchesOf(DataSet set, TrainConfig config, Random random) {
        if (!config.shuffle()) return set.batches(config.miniBatch());
        int[] shuffled = DataSet.permutation(set.size(), random);
        return bytes(set) > shuffledCopyLimit
                ? set.batches(shuffled, config.miniBatch())
                : set.select(shuffled).batches(config.miniBatch());
    }

    private static long bytes(DataSet d) {
        long n = d.x().length() * d.x().dataType().width();
        return d.targetsAreInputs() ? n : n + d.y().length() * d.y().dataType().width();
    }

    /**
     * The history of the last {@link #fit}, also when it ended early: interrupted, diverged or
     * still running. Null before the first fit.
     */
    public History lastHistory() {
        return lastHistory;
    }

    /** Loss and accuracy of the network on a whole set, in evaluation mode. */
    public record Evaluation(double loss, double accuracy) {
        static final Evaluation NONE = new Evaluation(Double.NaN, Double.NaN);

        @Override
        public String toString() {
            return String.format("loss %.4f, accuracy %.2f%%", loss, 100 * accuracy);
        }
    }

    /**
     * Loss and accuracy on a set, in evaluation mode (no dropout), in batches of 1000. A set whose
     * targets are its inputs (an autoencoder's, {@link DataSet#inputsAsTargets}) has no labels: its
     * accuracy is NaN.
     */
    public Evaluation evaluate(DataSet data) {
        return evaluate(net, loss, data);
    }

    /**
     * Loss and accuracy of any network on a set, in evaluation mode, with no trainer or optimiser:
     * {@code Trainer.evaluate(reloaded, new SoftmaxCrossEntropy(), test)}.
     */
    public static Evaluation evaluate(Network net, Loss loss, DataSet data) {
        if (data == null)
            throw new IllegalArgumentException("Trainer.evaluate: the set to evaluate is null");
        Evaluation e = measure(net, loss, data.requireUsable("the set to evaluate"));
        // the layers' caches point into the evaluation's block: one example again outside it,
        // then give the block back (see StepMemory.release)
        net.forward(data.rows(0, 1).x(), Mode.EVAL);
        StepMemory.release("evaluate");
        return e;
    }

    private static Evaluation measure(Network net, Loss loss, DataSet data) {
        boolean labels = !data.targetsAreInputs();
        double sum = 0;
        long correct = 0;
        for (DataSet b : data.batches(EVAL_BATCH)) {
            try (var memory = StepMemory.open("evaluate")) {
                INDArray scores = net.forward(b.x(), Mode.EVAL);
                sum += loss.forward(scores, b.y()) * b.size();
                if (labels) correct += Metrics.correct(scores, b.y(), loss.threshold());
            }
        }
        return new Evaluation(
                sum / data.size(), labels ? correct / (double) data.size() : Double.NaN);
    }

    public Network network() {
        return net;
    }
}
