package org.dlkit.nn;

import java.util.Locale;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pooling, Y = pool(X): every K×K window of each channel, moved S cells at a time, becomes one
 * number — its maximum, its average, or its L2 norm √(Σ x²). No parameters; channels stay separate.
 * X (N, C, H, W) → Y (N, C, H', W') with H' = ⌊(H − K)/S⌋ + 1.
 *
 * <p>Backward: max sends each window's gradient to the cell that held the maximum, average shares
 * it equally (1/K² each), L2 gives each cell the share x/y. The loops are in {@link
 * org.dlkit.nn.reference.PoolLoops}; here they are ND4J's pooling operations.
 */
public final class Pooling implements Layer {

    /** What a window becomes. */
    public enum Kind {
        MAX("maxpool2d"),
        AVERAGE("avgpool2d"),
        L2("pnormpool2d");

        final String op;

        Kind(String op) {
            this.op = op;
        }
    }

    private final String name;
    private final Kind kind;
    private final int k;
    private final int stride;
    private INDArray x;

    public Pooling(String name, Kind kind, int window, int stride) {
        this.name = name;
        this.kind = kind;
        this.k = Shapes.positive("Pooling[" + name + "].window", window);
        this.stride = Shapes.positive("Pooling[" + name + "].stride", stride);
    }

    /** Max pooling over non-overlapping K×K windows (stride K), as in handout 000. */
    public static Pooling max(String name, int window) {
        return new Pooling(name, Kind.MAX, window, window);
    }

    public static Pooling average(String name, int window) {
        return new Pooling(name, Kind.AVERAGE, window, window);
    }

    public static Pooling l2(String name, int window) {
        return new Pooling(name, Kind.L2, window, window);
    }

    @Override
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        Shapes.require(
                Require.where(this, "forward"),
                "x",
                x,
                new long[] {Shapes.ANY, Shapes.ANY, Shapes.ANY, Shapes.ANY},
                "pooling takes images (N, C, H, W)");
        long[] out = outputShape(new long[] {x.size(1), x.size(2), x.size(3)});
        this.x = x;
        INDArray y = Nd4j.create(x.dataType(), x.size(0), out[0], out[1], out[2]);
        CustomOps.run(kind.op, new INDArray[] {x}, args(), new double[0], y);
        // a sum that is not finite: x holds a NaN or an infinity (or huge numbers: no harm then)
        if (kind == Kind.MAX && !Double.isFinite(x.sumNumber().doubleValue())) asInTheLoops(x, y);
        return y;
    }

    /**
     * ND4J's max pooling skips NaN (a window {1, NaN, 3} gives 3, an all-NaN window −3.4e38) and
     * gives −3.4e38 for a window of −∞. Here, as in {@link org.dlkit.nn.reference.PoolLoops}, the
     * maximum of a window that holds a NaN is NaN and of a window of −∞ is −∞, so that bad numbers
     * show up instead of being hidden by their neighbours. Only runs when x holds such values.
     */
    private void asInTheLoops(INDArray x, INDArray y) {
        double[] anyNaN = poolOf(x.isNaN(), x, y);
        double[] anyAboveMinusInf = poolOf(x.gt(Double.NEGATIVE_INFINITY), x, y);
        INDArray flatY = y.reshape(y.length()); // a view: y was created c-contiguous
        for (int i = 0; i < anyNaN.length; i++) {
            if (anyNaN[i] > 0) flatY.putScalar(i, Double.NaN);
            else if (anyAboveMinusInf[i] == 0) flatY.putScalar(i, Double.NEGATIVE_INFINITY);
        }
    }

    /** Max pooling of a 0/1 mask: 1 where a window holds a 1. */
    private double[] poolOf(INDArray mask, INDArray x, INDArray y) {
        INDArray pooled = Nd4j.create(x.dataType(), y.shape());
        CustomOps.run(
                kind.op, new INDArray[] {mask.castTo(x.dataType())}, args(), new double[0], pooled);
        return pooled.reshape(y.length()).toDoubleVector();
    }

    @Override
    public INDArray backward(INDArray dOut) {
        INDArray x = Require.cached(this.x, this);
        Require.outputOf(this, dOut, x);
        INDArray dX = x.ulike();
        // pnormpool2d_bp takes ε, which keeps x/y finite where a whole window is 0
        CustomOps.run(
                kind.op + "_bp",
                new INDArray[] {x, dOut},
                args(),
                kind == Kind.L2 ? new double[] {1e-12} : new double[0],
                dX);
        return dX;
    }

    /**
     * kernel, stride, no padding, dilation 1, explicit padding, extra (average: divide by K²; L2: p
     * = 2), NCHW.
     */
    private int[] args() {
        int extra = kind == Kind.L2 ? 2 : kind == Kind.AVERAGE ? 1 : 0;
        return new int[] {k, k, stride, stride, 0, 0, 1, 1, 0, extra, 0};
    }

    /** [C, H, W] → [C, H', W']. */
    @Override
    public long[] outputShape(long[] in) {
        if (in.length != 3) {
            throw Shapes.mismatch(
                    Require.where(this, "forward"),
                    "x",
                    "[N, C, H, W]",
                    Shapes.perExample(in),
                    "pooling takes images");
        }
        if (in[1] < k || in[2] < k) {
            throw Shapes.mismatch(
                    Require.where(this, "forward"),
                    "x",
                    String.format("[N, C, H, W] with H, W ≥ %d", k),
                    Shapes.perExample(in),
                    String.format("a %d×%d window does not fit a %d×%d input", k, k, in[1], in[2]));
        }
        return new long[] {in[0], (in[1] - k) / stride + 1, (in[2] - k) / stride + 1};
    }

    @Override
    public String toString() {
        return "Pooling["
                + name
                + "]("
                + kind.name().toLowerCase(Locale.ROOT)
                + " "
                + k
                + "×"
                + k
                + (stride != k ? ", stride " + stride : "")
                + ")";
    }
}
