package org.dlkit.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.dlkit.nn.Layer;
import org.dlkit.nn.Loss;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Numerical gradient checking: nudges every input and parameter value by ±h, measures the change of
 * a scalar objective with central differences, (f(v + h) − f(v − h)) / 2h, and compares it with the
 * gradient backward computed.
 *
 * <p>Work in float64 (create layers and inputs after {@code
 * Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE)}): in float32 rounding alone gives
 * relative errors near 1e-3. Coordinates where a nudge crosses a kink (ReLU at 0, a max changing
 * its winner) have no derivative there; they are detected — the one-sided slopes disagree —
 * counted, and left out of the worst error.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /**
     * The nudge: small enough for the truncation error (∝ h²), large enough for rounding (∝ 1e-16 /
     * h).
     */
    static final double H = 1e-5;

    /**
     * A layer alone: the objective is Σ dOut ⊙ layer(x) for a fixed random dOut, whose gradient
     * with respect to the output is exactly dOut.
     */
    public static GradientReport layer(Layer layer, INDArray x, long seed) {
        INDArray y = layer.forward(x, Mode.TRAIN);
        INDArray dOut = Nd4j.randn(seed, y.shape()).castTo(y.dataType());
        // the outputs themselves, weighted only after two of them are subtracted: outputs that a
        // nudge does not reach cancel exactly, so rounding in the other terms adds no noise
        Objective f = new Objective(() -> layer.forward(x, Mode.TRAIN).dup(), dOut, layer::penalty);
        for (Parameter p : layer.params()) p.zeroGrad();
        layer.forward(x, Mode.TRAIN);
        INDArray dX = layer.backward(dOut);
        var rows = new ArrayList<GradientReport.Row>();
        rows.add(compare(layer.name(), "x", x, dX, f));
        for (Parameter p : layer.params())
            rows.add(compare(layer.name(), p.name(), p.value(), p.grad(), f));
        return new GradientReport(rows);
    }

    /** A loss alone: ∂L/∂scores. */
    public static GradientReport loss(Loss loss, INDArray scores, INDArray targets) {
        loss.forward(scores, targets);
        INDArray d = loss.backward().dup();
        return new GradientReport(
                List.of(
                        compare(
                                loss.name(),
                                "scores",
                                scores,
                                d,
                                Objective.scalar(() -> loss.forward(scores, targets)))));
    }

    /** A whole network with its loss: the input and every parameter of every layer. */
    public static GradientReport network(Network net, Loss loss, INDArray x, INDArray targets) {
        Objective f =
                Objective.scalar(
                        () -> loss.forward(net.forward(x, Mode.TRAIN), targets) + net.penalty());
        net.zeroGrad();
        loss.forward(net.forward(x, Mode.TRAIN), targets);
        INDArray dX = net.backward(loss.backward());
        var rows = new ArrayList<GradientReport.Row>();
        rows.add(compare(net.name(), "x", x, dX, f));
        for (Layer l : net.layers()) {
            for (Parameter p : l.params())
                rows.add(compare(l.name(), p.name(), p.value(), p.grad(), f));
        }
        return new GradientReport(rows);
    }

    /**
     * Compares analytic with numerical ∂f/∂v for every element of v, which is nudged in place and
     * restored.
     */
    /**
     * What is differentiated: Σ weights ⊙ outputs, where outputs() recomputes the outputs (a
     * layer's) or a one-element array (a loss).
     */
    record Objective(
            java.util.function.Supplier<INDArray> outputs,
            INDArray weights,
            DoubleSupplier penalty) {
        static Objective scalar(DoubleSupplier f) {
            return new Objective(() -> Nd4j.scalar(f.getAsDouble()), null, () -> 0);
        }

        /**
         * The outputs of one evaluation, with the layer's penalty (read right after it) appended as
         * one more element of weight 1.
         */
        INDArray evaluate() {
            INDArray out = outputs.get();
            double p = penalty.getAsDouble();
            return weights == null
                    ? out
                    : Nd4j.concat(
                            0,
                            out.reshape(out.length()),
                            Nd4j.scalar(out.dataType(), p).reshape(1));
        }

        /** (Σ w ⊙ (a − b)) / scale: the weighted difference of two evaluations. */
        double difference(INDArray a, INDArray b, double scale) {
            INDArray d = a.sub(b);
            if (weights != null) {
                INDArray w =
                        Nd4j.concat(
                                0,
                                weights.reshape(weights.length()),
                                Nd4j.ones(weights.dataType(), 1));
                d.muli(w);
            }
            return d.sumNumber().doubleValue() / scale;
        }
    }

    static GradientReport.Row compare(
            String layer, String tensor, INDArray v, INDArray analytic, Objective f) {
        if (v.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(
                    "GradientCheck: "
                            + layer
                            + "."
                            + tensor
                            + " is "
                            + v.dataType()
                            + "; gradient checks need DOUBLE (Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE) before building the layer)");
        }
        INDArray flat = v.reshape(v.length()); // a view: nudging it nudges v
        INDArray a = analytic.dup().reshape(v.length());
        INDArray f0 = f.evaluate();
        double worst = 0;
        int kinks = 0;
        for (long i = 0; i < v.length(); i++) {
            double old = flat.getDouble(i);
            flat.putScalar(i, old + H);
            INDArray plus = f.evaluate();
            flat.putScalar(i, old - H);
            INDArray minus = f.evaluate();
            flat.putScalar(i, old);
            double right = f.difference(plus, f0, H), left = f.difference(f0, minus, H);
            if (Math.abs(right - left)
                    > 1e-3 * Math.max(1, Math.max(Math.abs(right), Math.abs(left)))) {
                kinks++;
                continue;
            }
            double numeric = f.difference(plus, minus, 2 * H);
            worst = Math.max(worst, relativeError(a.getDouble(i), numeric));
        }
        return new GradientReport.Row(
                layer, tensor, worst, kinks, GradientReport.Verdict.of(worst, kinks));
    }

    /** |a − n| / max(|a|, |n|), with differences below 1e-10 counted as agreement (both ≈ 0). */
    static double relativeError(double a, double n) {
        double diff = Math.abs(a - n);
        if (diff < 1e-10) return 0;
        return diff / Math.max(Math.abs(a), Math.abs(n));
    }
}
