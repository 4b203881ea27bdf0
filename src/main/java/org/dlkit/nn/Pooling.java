package org.dlkit.nn;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;
import org.dlkit.tensor.Cells;
import org.dlkit.tensor.Cores;
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
 * org.dlkit.nn.reference.PoolLoops}. On the CPU the same loops run here over the tensors' memory
 * (forwardHere and backwardHere below), faster than ND4J's pooling operations there; on other
 * backends (a GPU) the layer calls ND4J's operations.
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
    private final boolean direct;
    private INDArray x;
    private int[] chosen; // max pooling on the CPU: the index in x of each window's largest cell

    public Pooling(String name, Kind kind, int window, int stride) {
        this(name, kind, window, stride, true);
    }

    /** direct false: always ND4J's operations (tests compare the two paths). */
    Pooling(String name, Kind kind, int window, int stride, boolean direct) {
        this.direct = direct;
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
        int[] last = chosen; // the previous batch's, reused when the size is the same
        chosen = null;
        if (direct && Cells.of(x) != null) {
            INDArray y = Nd4j.createUninitialized(x.dataType(), x.size(0), out[0], out[1], out[2]);
            // only training needs the winners: an evaluation pass over many images keeps none
            if (kind == Kind.MAX && mode == Mode.TRAIN)
                chosen =
                        last != null && last.length == y.length()
                                ? last
                                : new int[(int) y.length()];
            eachPlane(x, (from, to) -> forwardHere(x, y, from, to));
            return y;
        }
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
        boolean here = direct && Cells.of(x) != null && (kind != Kind.MAX || chosen != null);
        INDArray g = !here || Cells.of(dOut) != null ? dOut : dOut.dup('c');
        if (here && Cells.of(g) != null) {
            INDArray dX = Nd4j.createUninitialized(x.dataType(), x.shape());
            eachPlane(x, (from, to) -> backwardHere(x, g, dX, from, to));
            return dX;
        }
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

    /*
     * On the CPU the loops of PoolLoops run here, over the tensors' own memory, one channel of one
     * example (a plane) at a time, the planes shared among the cores. oneDNN (2.3 here), which runs
     * ND4J's pooling, pools NCHW arrays with a plain loop of its own (simple_nchw) — 10 ms for
     * lesson 08's first pooling layer on a batch of 64 — and ND4J's max-pooling backward runs the
     * forward pass again first. Max pooling remembers which cell won each window (chosen), so that its
     * backward pass only hands out the gradients.
     */

    /** Planes [from, to) of y = pool(x); for max pooling also the cell each window chose. */
    private void forwardHere(INDArray x, INDArray y, int from, int to) {
        int h = (int) x.size(2), w = (int) x.size(3);
        int oh = (h - k) / stride + 1, ow = (w - k) / stride + 1;
        Cells xs = Cells.of(x), ys = Cells.of(y);
        if (kind == Kind.MAX && k == 2 && stride == 2 && xs.isFloat()) {
            max2x2(xs, ys, from, to, h, w);
            return;
        }
        double[] in = new double[h * w], out = new double[oh * ow];
        for (int p = from; p < to; p++) {
            xs.read(p * h * w, in, h * w);
            for (int i = 0, o = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, o++) {
                    int corner = i * stride * w + j * stride; // the window's first cell
                    if (kind == Kind.MAX) {
                        // 2×2 is almost every network's pooling: a constant the JIT unrolls
                        int best =
                                k == 2
                                        ? largest(in, corner, w, 2, out, o)
                                        : largest(in, corner, w, k, out, o);
                        if (chosen != null) chosen[p * oh * ow + o] = p * h * w + best;
                        continue;
                    }
                    double sum = 0, squares = 0;
                    for (int u = 0; u < k; u++) {
                        for (int v = 0, c = corner + u * w; v < k; v++, c++) {
                            sum += in[c];
                            squares += in[c] * in[c];
                        }
                    }
                    out[o] = kind == Kind.AVERAGE ? sum / (k * k) : Math.sqrt(squares);
                }
            }
            ys.write(p * oh * ow, out, oh * ow);
        }
    }

    /**
     * The forward pass of almost every network's pooling — max over 2×2 windows, float32 — written
     * out for that case: the same choices as {@link #largest} (the first largest cell; NaN wins,
     * and then the largest before it is chosen), on the floats as they are.
     */
    private void max2x2(Cells xs, Cells ys, int from, int to, int h, int w) {
        int oh = h / 2, ow = w / 2;
        float[] in = new float[h * w], out = new float[oh * ow];
        for (int p = from; p < to; p++) {
            xs.readFloats(p * h * w, in, h * w);
            int base = p * oh * ow;
            for (int i = 0, o = 0; i < oh; i++) {
                for (int j = 0, c = 2 * i * w; j < ow; j++, o++, c += 2) {
                    int best = c;
                    float top = in[c];
                    float a = in[c + 1];
                    best += (a > top ? 1 : 0) * (c + 1 - best);
                    top = Math.max(top, a);
                    a = in[c + w];
                    best += (a > top ? 1 : 0) * (c + w - best);
                    top = Math.max(top, a);
                    a = in[c + w + 1];
                    best += (a > top ? 1 : 0) * (c + w + 1 - best);
                    top = Math.max(top, a);
                    out[o] = top;
                    if (chosen != null) chosen[base + o] = p * h * w + best;
                }
            }
            ys.writeFloats(base, out, oh * ow);
        }
    }

    /**
     * The K×K window at corner (its rows w apart): writes its maximum to out[o] (NaN if it holds a
     * NaN, as Math.max gives) and returns the index of its first largest cell, as the loops choose
     * it (in a window with a NaN, the largest before the NaN). No branches: where the maximum lies
     * is random, and a comparison the processor guesses wrong costs more than the rest of the
     * window.
     */
    private static int largest(double[] in, int corner, int w, int k, double[] out, int o) {
        int best = corner;
        double top = in[corner];
        for (int u = 0; u < k; u++) {
            for (int v = 0, c = corner + u * w; v < k; v++, c++) {
                double a = in[c];
                best += (a > top ? 1 : 0) * (c - best); // c if a is larger
                top = Math.max(top, a);
            }
        }
        out[o] = top;
        return best;
    }

    /** Planes [from, to) of dX from dOut. */
    private void backwardHere(INDArray x, INDArray dOut, INDArray dX, int from, int to) {
        int h = (int) x.size(2), w = (int) x.size(3);
        int oh = (h - k) / stride + 1, ow = (w - k) / stride + 1;
        Cells xs = Cells.of(x), gs = Cells.of(dOut), dXs = Cells.of(dX);
        if (kind == Kind.MAX && gs.isFloat()) {
            // the window's gradient to the cell it chose, in float32 as the tensors are
            float[] gf = new float[oh * ow], gradf = new float[h * w];
            for (int p = from; p < to; p++) {
                gs.readFloats(p * oh * ow, gf, oh * ow);
                Arrays.fill(gradf, 0);
                for (int o = 0; o < oh * ow; o++)
                    gradf[chosen[p * oh * ow + o] - p * h * w] += gf[o];
                dXs.writeFloats(p * h * w, gradf, h * w);
            }
            return;
        }
        double[] in = new double[h * w], g = new double[oh * ow], grad = new double[h * w];
        for (int p = from; p < to; p++) {
            gs.read(p * oh * ow, g, oh * ow);
            Arrays.fill(grad, 0);
            if (kind == Kind.MAX) {
                // the window's gradient to the cell it chose (windows that overlap may share one)
                for (int o = 0; o < oh * ow; o++) grad[chosen[p * oh * ow + o] - p * h * w] += g[o];
                dXs.write(p * h * w, grad, h * w);
                continue;
            }
            xs.read(p * h * w, in, h * w);
            for (int i = 0, o = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, o++) {
                    int corner = i * stride * w + j * stride;
                    double squares = 0;
                    for (int u = 0; u < k; u++) {
                        for (int v = 0, c = corner + u * w; v < k; v++, c++)
                            squares += in[c] * in[c];
                    }
                    double norm = Math.sqrt(squares); // the window's output, for L2
                    for (int u = 0; u < k; u++) {
                        for (int v = 0, c = corner + u * w; v < k; v++, c++) {
                            if (kind == Kind.AVERAGE) grad[c] += g[o] / (k * k);
                            else if (norm > 0) grad[c] += g[o] * in[c] / norm;
                        }
                    }
                }
            }
            dXs.write(p * h * w, grad, h * w);
        }
    }

    /** Runs work(from, to) over all N·C planes of x, in a few pieces at once on a large x. */
    private static void eachPlane(INDArray x, PlaneRange work) {
        int planes = (int) (x.size(0) * x.size(1));
        // on one of several cores that each run a shard of the batch: the other cores are busy
        int pieces =
                x.length() < 100_000 || Cores.busyElsewhere()
                        ? 1
                        : Math.min(planes, Runtime.getRuntime().availableProcessors());
        IntStream.range(0, pieces)
                .parallel()
                .forEach(i -> work.run(planes * i / pieces, planes * (i + 1) / pieces));
        Reference.reachabilityFence(x);
    }

    private interface PlaneRange {
        void run(int from, int to);
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

    @Override
    public Layer replica() {
        return new Pooling(name, kind, k, stride, direct);
    }
}
