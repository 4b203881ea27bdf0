package org.dlkit.check;

import java.util.Arrays;
import java.util.List;
import org.dlkit.nn.Layer;
import org.dlkit.nn.Loss;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The checks of an implement-it exercise: a student's layer or loss held against the kit's own (or
 * a reference loop) on the same input, and against numerical derivatives. Each prints one "✔" line
 * or throws {@link Check.CheckFailed} naming the tensor, the place of the largest difference, and
 * expected vs got there.
 *
 * <pre>{@code
 * Compare.forward("MyDense", mine, new Dense("kit", 3, 4, Init.XAVIER, 1), x);
 * Compare.backward("MyDense", mine, kit, x, 7);
 * Compare.gradients("MyDense", mine, x, 7);
 * }</pre>
 *
 * Before comparing, the reference takes the student's parameter values, so both compute with the
 * same weights; the student's layer must list the same parameters, in the same order and shapes.
 */
public final class Compare {
    private Compare() {}

    /** The tolerance for x's type: relative 1e-9 in float64, 1e-4 in float32. */
    static double tolerance(INDArray x) {
        return x.dataType() == DataType.DOUBLE ? 1e-9 : 1e-4;
    }

    /** mine.forward(x) equals reference.forward(x), with the reference given mine's parameters. */
    public static void forward(String what, Layer mine, Layer reference, INDArray x) {
        share(what, mine, reference);
        INDArray expected = reference.forward(x.dup(), Mode.TRAIN);
        INDArray got = mine.forward(x.dup(), Mode.TRAIN);
        arrays(what + ": forward output", expected, got, tolerance(x), "");
    }

    /**
     * For one random ∂L/∂output (seeded): mine.backward gives the reference's ∂L/∂x and the same
     * parameter gradients, and leaves ∂L/∂output as it was.
     */
    public static void backward(String what, Layer mine, Layer reference, INDArray x, long seed) {
        share(what, mine, reference);
        mine.params().forEach(Parameter::zeroGrad);
        reference.params().forEach(Parameter::zeroGrad);
        INDArray y = reference.forward(x.dup(), Mode.TRAIN);
        mine.forward(x.dup(), Mode.TRAIN);
        INDArray dOut = Nd4j.randn(seed, y.shape()).castTo(y.dataType());
        INDArray expected = reference.backward(dOut.dup());
        INDArray given = dOut.dup();
        INDArray got = mine.backward(given);
        Check.that(
                what + ": backward leaves ∂L/∂output unchanged",
                given.equalsWithEps(dOut, 0),
                "compute into new arrays (mul, not muli) when you use dOut");
        arrays(what + ": ∂L/∂x", expected, got, tolerance(x), "");
        List<Parameter> ours = reference.params();
        List<Parameter> theirs = mine.params();
        for (int i = 0; i < ours.size(); i++)
            arrays(
                    what + ": ∂L/∂" + theirs.get(i).name(),
                    ours.get(i).grad(),
                    theirs.get(i).grad(),
                    tolerance(x),
                    "add the gradient into the parameter's grad() (addi), after forward and backward");
    }

    /** A numerical gradient check of mine (∂L/∂x and every parameter); x must be float64. */
    public static void gradients(String what, Layer mine, INDArray x, long seed) {
        boolean float64 =
                x.dataType() == DataType.DOUBLE
                        && mine.params().stream()
                                .allMatch(p -> p.value().dataType() == DataType.DOUBLE);
        if (!float64)
            Check.fail(
                    what + ": gradient check",
                    "it needs float64 (DOUBLE) input and parameters",
                    "build the layer and x inside Check.inFloat64(() -> { … })");
        GradientReport report = GradientCheck.layer(mine, x, seed);
        Check.that(
                what + ": gradient check (worst relative error " + Check.num(report.worst()) + ")",
                report.passed(),
                "backward disagrees with numerical derivatives:\n" + report);
    }

    /** mine's loss and ∂loss/∂scores equal the reference's. */
    public static void loss(
            String what, Loss mine, Loss reference, INDArray scores, INDArray targets) {
        double expected = reference.forward(scores.dup(), targets);
        double got = mine.forward(scores.dup(), targets);
        Check.close(
                what + ": loss",
                expected,
                got,
                tolerance(scores) * Math.max(1, Math.abs(expected)),
                "the mean over the batch");
        arrays(
                what + ": ∂loss/∂scores",
                reference.backward(),
                mine.backward(),
                tolerance(scores),
                "remember the 1/N of the mean");
    }

    /**
     * got equals expected element by element: same shape, and every difference within tolerance ×
     * max(1, the largest |expected|).
     */
    public static void arrays(
            String what, INDArray expected, INDArray got, double tolerance, String hint) {
        if (got == null) Check.fail(what, "expected an array, got null", hint);
        if (!Arrays.equals(expected.shape(), got.shape()))
            Check.fail(
                    what,
                    "expected shape "
                            + Arrays.toString(expected.shape())
                            + ", got "
                            + Arrays.toString(got.shape()),
                    hint);
        INDArray e = expected.castTo(DataType.DOUBLE).reshape(expected.length());
        INDArray g = got.castTo(DataType.DOUBLE).reshape(got.length());
        double scale = Math.max(1, e.amaxNumber().doubleValue());
        long worstAt = -1;
        double worst = 0;
        for (long i = 0; i < e.length(); i++) {
            double d = Math.abs(e.getDouble(i) - g.getDouble(i));
            if (Double.isNaN(d)) { // a NaN is the worst difference there is
                worst = d;
                worstAt = i;
                break;
            }
            if (d > worst || worstAt < 0) {
                worst = d;
                worstAt = i;
            }
        }
        if (!(worst <= tolerance * scale)) {
            long[] at = unravel(worstAt, expected.shape());
            Check.fail(
                    what,
                    "largest difference "
                            + Check.num(worst)
                            + " at "
                            + Arrays.toString(at)
                            + ": expected "
                            + Check.num(e.getDouble(worstAt))
                            + ", got "
                            + Check.num(g.getDouble(worstAt)),
                    hint);
        }
        Check.pass(what + " agrees (largest difference " + Check.num(worst) + ")");
    }

    /** The reference takes mine's parameter values; both must list the same shapes. */
    private static void share(String what, Layer mine, Layer reference) {
        List<Parameter> theirs = mine.params();
        List<Parameter> ours = reference.params();
        boolean same = theirs.size() == ours.size();
        for (int i = 0; same && i < ours.size(); i++)
            same = Arrays.equals(ours.get(i).value().shape(), theirs.get(i).value().shape());
        if (!same)
            Check.fail(
                    what + ": parameters",
                    "expected " + shapes(ours) + ", got " + shapes(theirs),
                    "list the parameters in params() in this order, with these shapes");
        for (int i = 0; i < ours.size(); i++) ours.get(i).set(theirs.get(i).value());
    }

    private static String shapes(List<Parameter> ps) {
        return ps.stream().map(p -> Arrays.toString(p.value().shape())).toList().toString();
    }

    private static long[] unravel(long i, long[] shape) {
        long[] at = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = shape[d] == 0 ? 0 : i % shape[d];
            i = shape[d] == 0 ? 0 : i / shape[d];
        }
        return at;
    }
}
