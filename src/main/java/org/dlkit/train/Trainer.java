package org.dlkit.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dlkit.data.Augmentation;
import org.dlkit.data.DataSet;
import org.dlkit.nn.BinaryCrossEntropy;
import org.dlkit.nn.Layer;
import org.dlkit.nn.Loss;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;
import org.dlkit.nn.Relu;
import org.dlkit.nn.SoftmaxCrossEntropy;
import org.dlkit.tensor.StepMemory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a network: {@link #step} is one gradient step written out, and {@link #fit} is a loop
 * around it — mini-batches, shuffling, validation each epoch, early stopping, health checks, and a
 * guard that stops training when the loss becomes NaN and keeps the last good parameters.
 */
public final class Trainer {
    private static final int EVAL_BATCH = 1000;
    private static final int PROBE = 256;

    private final Network net;
    private final Loss loss;
    private final Optimizer optimizer;
    private final WeightDecay decay;
    private final List<Parameter> params;
    private volatile History lastHistory;

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

    public Network network() {
        return net;
    }

    /**
     * One step of gradient descent on a mini-batch (x, y); returns the batch's loss (before the
     * update; without the weight-decay penalty or a layer's {@link org.dlkit.nn.Layer#penalty},
     * which act through the gradient).
     */
    public double step(INDArray x, INDArray y) {
        return update(x, y, null);
    }

    private double update(INDArray x, INDArray y, long[] correct) {
        // this step's tensors reuse the memory of the step before (see StepMemory)
        try (var memory = StepMemory.open("step")) {
            INDArray scores = net.forward(x, Mode.TRAIN); // 1. forward: the network's outputs
            double value = loss.forward(scores, y); // 2. the loss, and what its gradient needs
            net.zeroGrad(); // 3. gradients start at zero each batch
            net.backwardParams(loss.backward()); // 4. backward: ∂loss/∂w for every parameter
            decay.addTo(params); // 5. L1/L2 weight decay, as extra gradient
            optimizer.step(params); // 6. the update, w ← w − η·(…)
            if (correct != null) correct[0] += Metrics.correct(scores, y, threshold(loss));
            return value;
        }
    }

    /** Loss and accuracy of the network on a whole set, in evaluation mode. */
    public record Evaluation(double loss, double accuracy) {
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
        return measure(data.requireUsable("the set to evaluate"));
    }

    /** {@link #evaluate} without the checks of the data (done once, when fit starts). */
    private Evaluation measure(DataSet data) {
        return measure(net, loss, data);
    }

    /**
     * Loss and accuracy of any network on a set, in evaluation mode, with no trainer or optimiser:
     * {@code Trainer.evaluate(reloaded, new SoftmaxCrossEntropy(), test)}.
     */
    public static Evaluation evaluate(Network net, Loss loss, DataSet data) {
        return measure(net, loss, data.requireUsable("the set to evaluate"));
    }

    private static Evaluation measure(Network net, Loss loss, DataSet data) {
        boolean labels = !data.targetsAreInputs();
        double sum = 0;
        long correct = 0;
        for (DataSet b : data.batches(EVAL_BATCH)) {
            try (var memory = StepMemory.open("evaluate")) {
                INDArray scores = net.forward(b.x(), Mode.EVAL);
                sum += loss.forward(scores, b.y()) * b.size();
                if (labels) correct += Metrics.correct(scores, b.y(), threshold(loss));
            }
        }
        return new Evaluation(
                sum / data.size(), labels ? correct / (double) data.size() : Double.NaN);
    }

    /** The ln C and chance-accuracy checks only mean something for the cross-entropy losses. */
    private boolean classifier() {
        return loss instanceof SoftmaxCrossEntropy || loss instanceof BinaryCrossEntropy;
    }

    /** Logits for binary cross-entropy are split at 0; a sigmoid's outputs at 0.5. */
    private static double threshold(Loss loss) {
        return loss instanceof BinaryCrossEntropy ? 0 : 0.5;
    }

    /**
     * Trains for {@code config.epochs()} passes over {@code train}, measuring {@code validation}
     * (may be null) after each. Outside a notebook, with a terminal, a progress bar shows the
     * batches unless listeners are given.
     *
     * @throws TrainingDiverged when the loss becomes NaN or infinite, naming the epoch, the batch
     *     and η; the parameters are the last ones that gave a finite loss
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
        train.requireUsable("the training set");
        if (validation != null) validation.requireUsable("the validation set");
        var ears = new ArrayList<>(List.of(listeners));
        if (ears.isEmpty() && System.console() != null) ears.add(new ProgressBarListener());
        var run = new Run(train, validation, config, augment, ears);
        lastHistory = run.history;
        return run.go();
    }

    /**
     * The history of the last {@link #fit}, also when it ended early: interrupted, diverged or
     * still running. Null before the first fit.
     */
    public History lastHistory() {
        return lastHistory;
    }

    /** The state of one {@link #fit}: buffers for the guards and the history being written. */
    private final class Run {
        private final DataSet train;
        private final DataSet validation;
        private final TrainConfig config;
        private final List<TrainingListener> listeners;
        private final Augmentation augment;
        private final History history;
        private final int classes;
        private final boolean labels;
        private final boolean classifying; // labels and a cross-entropy loss: health checks apply
        private Snapshot lastGood;
        private Snapshot candidate;
        private Snapshot best;
        private double firstLoss = Double.NaN;
        private final java.util.Set<String> ratioWarned = new java.util.HashSet<>();

        Run(
                DataSet train,
                DataSet validation,
                TrainConfig config,
                Augmentation augment,
                List<TrainingListener> listeners) {
            this.augment = augment;
            this.train = train;
            this.validation = validation;
            this.config = config;
            this.listeners = listeners;
            this.labels = !train.targetsAreInputs();
            this.classifying = labels && classifier();
            this.classes = labels ? (int) Math.max(2, train.y().size(1)) : 0;
            this.history =
                    new History(
                            net.name(),
                            provenance(train, validation, config)
                                    + (augment == null ? "" : "; augmented each epoch"));
        }

        History go() {
            int batches = (train.size() + config.miniBatch() - 1) / config.miniBatch();
            listeners.forEach(l -> l.trainingStarted(history, batches));
            lastGood = new Snapshot(params);
            candidate = new Snapshot(params);
            var random = new Random(config.seed());
            double bestLoss = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long start = System.nanoTime();
                DataSet order = augment == null ? train : augment.apply(train, random);
                if (config.shuffle())
                    order = order.select(DataSet.permutation(order.size(), random));
                double sum = 0;
                long[] correct = {0};
                int batch = 0;
                for (DataSet b : order.batches(config.miniBatch())) {
                    batch++;
                    if (Thread.interrupted()) interrupted(epoch, batch, batches);
                    candidate.take(params);
                    double value = update(b.x(), b.y(), labels ? correct : null);
                    if (!Double.isFinite(value)) diverged(epoch, batch, batches, value);
                    Snapshot t = lastGood; // candidate gave a finite loss: it is the last good one
                    lastGood = candidate;
                    candidate = t;
                    if (epoch == 1 && batch == 1 && classifying)
                        Health.firstLoss(value, classes).ifPresent(this::warn);
                    if (epoch == 1 && batch == 1) firstLoss = value;
                    if (batch == 1) checkUpdates(value);
                    sum += value * b.size();
                    int e = epoch;
                    int n = batch;
                    listeners.forEach(l -> l.batchEnded(e, n, value));
                }
                var v =
                        validation == null
                                ? new Evaluation(Double.NaN, Double.NaN)
                                : measure(validation);
                if (!Double.isFinite(v.loss()) && validation != null)
                    diverged(epoch, batches, batches, v.loss());
                history.add(
                        epoch,
                        sum / train.size(),
                        labels ? correct[0] / (double) train.size() : Double.NaN,
                        v.loss(),
                        v.accuracy(),
                        (System.nanoTime() - start) / 1e9);
                listeners.forEach(l -> l.epochEnded(history));
                if (classifying) {
                    Health.atChance(
                                    validation == null
                                            ? history.last(History.TRAIN_ACCURACY)
                                            : v.accuracy(),
                                    classes,
                                    epoch)
                            .ifPresent(this::warn);
                }
                checkRelus();
                if (config.patience() > 0 && validation != null) {
                    if (v.loss() < bestLoss) {
                        bestLoss = v.loss();
                        bestEpoch = epoch;
                        if (best == null) best = new Snapshot(params);
                        best.take(params);
                    } else if (epoch - bestEpoch >= config.patience()) {
                        history.note(
                                "stopped early after epoch "
                                        + epoch
                                        + ": the validation loss had not improved for "
                                        + config.patience()
                                        + " epochs");
                        break;
                    }
                }
            }
            if (best != null) {
                best.restore(params);
                history.note(
                        "kept the parameters of epoch "
                                + bestEpoch
                                + ", the lowest validation loss ("
                                + String.format("%.4f", bestLoss)
                                + ")");
            }
            listeners.forEach(l -> l.trainingEnded(history));
            return history;
        }

        /** Between two steps: the parameters are those of the last completed one. */
        private void interrupted(int epoch, int batch, int batches) {
            int done = epoch - 1;
            String msg =
                    String.format(
                            "training was interrupted before epoch %d, batch %d of %d: the network keeps the parameters of"
                                    + " the last completed step, and trainer.lastHistory() holds %s",
                            epoch,
                            batch,
                            batches,
                            done == 0
                                    ? "no epoch yet (none was completed)"
                                    : "the "
                                            + done
                                            + " epoch"
                                            + (done == 1 ? "" : "s")
                                            + " completed");
            history.note(msg);
            listeners.forEach(l -> l.trainingEnded(history));
            throw new TrainingInterrupted(msg, history);
        }

        private void diverged(int epoch, int batch, int batches, double value) {
            lastGood.restore(params);
            String msg =
                    String.format(
                            "the loss became %s at epoch %d, batch %d of %d, with %s: training stopped and the parameters are back to "
                                    + "the last values that gave a finite loss. Try a smaller learning rate η.",
                            Double.isNaN(value) ? "NaN" : "infinite",
                            epoch,
                            batch,
                            batches,
                            optimizer);
            history.note(msg);
            listeners.forEach(l -> l.trainingEnded(history));
            throw new TrainingDiverged(msg, history);
        }

        /**
         * ‖Δw‖/‖w‖ of every weight matrix for the batch just done (candidate holds the weights
         * before it).
         */
        private void checkUpdates(double loss) {
            // a loss below 1% of the first one: the network has learned its training data, and
            // small steps are what a small gradient gives, not a sign of a small η
            boolean learned = loss < 0.01 * firstLoss;
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                if (!p.name().endsWith(".W") || p.frozen() || ratioWarned.contains(p.name()))
                    continue;
                INDArray before = lastGood.values.get(i);
                double norm = before.norm2Number().doubleValue();
                if (norm == 0) continue;
                double ratio = p.value().sub(before).norm2Number().doubleValue() / norm;
                if (learned && ratio < 1) continue;
                Health.updateRatio(p.name(), ratio)
                        .ifPresent(
                                w -> {
                                    ratioWarned.add(p.name()); // once per weight and run
                                    warn(w);
                                });
            }
        }

        /** Runs a probe batch through the layers and measures how many ReLU units never fire. */
        private void checkRelus() {
            DataSet probe = (validation != null ? validation : train).head(PROBE);
            INDArray a = probe.x();
            for (Layer l : net.layers()) {
                a = l.forward(a, Mode.EVAL);
                if (l instanceof Relu && a.rank() == 2) {
                    INDArray firing =
                            a.gt(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sum(0);
                    double dead =
                            firing.eq(0)
                                            .castTo(org.nd4j.linalg.api.buffer.DataType.INT)
                                            .sumNumber()
                                            .doubleValue()
                                    / a.size(1);
                    Health.deadRelus(l.name(), dead, probe.size()).ifPresent(this::warn);
                }
            }
        }

        private void warn(String w) {
            if (history.warn(w)) listeners.forEach(l -> l.warning(w));
        }
    }

    private String provenance(DataSet train, DataSet validation, TrainConfig config) {
        return String.format(
                "%s trained with %s, loss %s%s; %s; data %s%s; backend %s",
                net,
                optimizer,
                loss.name(),
                decay.equals(WeightDecay.NONE) ? "" : ", " + decay,
                config,
                train,
                validation == null ? "" : ", validation " + validation,
                org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName());
    }

    /** Copies of every parameter's value, in preallocated buffers. */
    private static final class Snapshot {
        final List<INDArray> values = new ArrayList<>();

        Snapshot(List<Parameter> params) {
            for (Parameter p : params) values.add(p.value().dup());
        }

        void take(List<Parameter> params) {
            for (int i = 0; i < params.size(); i++) values.get(i).assign(params.get(i).value());
        }

        void restore(List<Parameter> params) {
            for (int i = 0; i < params.size(); i++) params.get(i).value().assign(values.get(i));
        }
    }
}
