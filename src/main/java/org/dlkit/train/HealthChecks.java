package org.dlkit.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dlkit.data.DataSet;
import org.dlkit.nn.Activation;
import org.dlkit.nn.Layer;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The checks a teacher does by eye, run during a fit ({@link Health} words the warnings): the first
 * loss and accuracy at chance for a cross-entropy classifier; for every network the size of the
 * first update of each epoch against the weights, and activations whose units get no gradient.
 */
final class HealthChecks implements TrainingListener {
    private static final int PROBE = 256;

    private final Run run;
    private final boolean classifying; // labels and a cross-entropy loss: ln C and chance apply
    private final int classes;
    private final List<Parameter> weights = new ArrayList<>();
    private final Set<String> ratioWarned = new HashSet<>();
    private Snapshot before;
    private double firstLoss = Double.NaN;

    HealthChecks(Run run) {
        this.run = run;
        boolean labels = !run.train.targetsAreInputs();
        this.classifying = labels && run.loss.isCrossEntropy();
        this.classes = labels ? (int) Math.max(2, run.train.y().size(1)) : 0;
        for (Parameter p : run.params) if (p.isWeights() && !p.frozen()) weights.add(p);
    }

    @Override
    public void batchStarting(int epoch, int batch) {
        if (batch != 1) return;
        if (before == null) before = new Snapshot(weights);
        before.take(weights);
    }

    @Override
    public void batchEnded(int epoch, int batch, double loss) {
        if (batch != 1) return;
        if (epoch == 1) {
            firstLoss = loss;
            if (classifying) Health.firstLoss(loss, classes).ifPresent(run::warn);
        }
        checkUpdates(epoch, loss);
    }

    @Override
    public void epochEnded(History history) {
        if (classifying) {
            double accuracy =
                    history.last(
                            run.validation == null
                                    ? History.TRAIN_ACCURACY
                                    : History.VALIDATION_ACCURACY);
            Health.atChance(accuracy, classes, history.epochs()).ifPresent(run::warn);
        }
        checkDeadUnits();
    }

    /** ‖Δw‖/‖w‖ of every weight tensor for the batch just done. */
    private void checkUpdates(int epoch, double loss) {
        // a loss below 1% of the first one: the network has learned its training data, and small
        // steps are what a small gradient gives, not a sign of a small η
        boolean learned = loss < 0.01 * firstLoss;
        for (int i = 0; i < weights.size(); i++) {
            Parameter p = weights.get(i);
            if (ratioWarned.contains(p.name())) continue;
            INDArray old = before.values.get(i);
            double norm = old.norm2Number().doubleValue();
            if (norm == 0) continue;
            double ratio = p.value().sub(old).norm2Number().doubleValue() / norm;
            if (learned && ratio < 1) continue;
            // no gradient at all reached the weight in the very first update (a layer above
            // starts at zero, as network3 starts its softmax layer): not a sign of a small η.
            // The next epoch's first update is checked again.
            if (epoch == 1 && ratio == 0 && p.grad().norm2Number().doubleValue() == 0) continue;
            Health.updateRatio(p.name(), ratio)
                    .ifPresent(
                            w -> {
                                ratioWarned.add(p.name()); // once per weight and run
                                run.warn(w);
                            });
        }
    }

    /**
     * Runs a probe batch through the layers; counts, in each dense activation layer, the units
     * whose derivative is 0 for every example: they pass no gradient back (dead ReLUs).
     */
    private void checkDeadUnits() {
        DataSet probe = (run.validation != null ? run.validation : run.train).head(PROBE);
        INDArray a = probe.x();
        for (Layer l : run.net.layers()) {
            INDArray in = a;
            a = l.forward(a, Mode.EVAL);
            if (l instanceof Activation f && a.rank() == 2) {
                INDArray alive = f.derivativeAt(in).neq(0).castTo(DataType.INT).sum(0);
                double dead =
                        alive.eq(0).castTo(DataType.INT).sumNumber().doubleValue() / a.size(1);
                Health.deadUnits(l.name(), dead, probe.size()).ifPresent(run::warn);
            }
        }
    }
}
