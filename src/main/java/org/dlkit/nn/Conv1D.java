package org.dlkit.nn;

import java.util.List;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A one-dimensional convolutional layer, for sequences (a signal over time, a sentence of word
 * vectors): F filters of C×K slide along the sequence in steps of S, after P zeros are added at
 * each end; each position gives one output per filter. X (N, C, T), W (F, C, K), b (F), Y (N, F,
 * T') with T' = ⌊(T + 2P − K)/S⌋ + 1 — the rule of {@link Conv2D} along one axis.
 *
 * <p>How it computes: the K taps of every window are gathered into a matrix of patches, one row per
 * (example, position) and one column per (channel, tap) — K strided slices of the padded input, one
 * per tap — so the layer is one matrix product, patches · Wᵀ. Backward is the same product read the
 * other way: ∂L/∂W = dOutᵀ · patches, and ∂L/∂patches = dOut · W, whose K columns are added back
 * into the positions they were read from. The loops are in {@link
 * org.dlkit.nn.reference.Conv1dLoops}.
 */
public final class Conv1D implements Layer {
    private final String name;
    private final int k;
    private final int stride;
    private final int pad;
    private final Parameter w;
    private final Parameter b;
    private Cached cache;

    /** What backward needs: the input's shape and the patches forward multiplied. */
    private record Cached(long[] xShape, INDArray patches, long outLength) {}

    /**
     * padding may be {@link Conv2D#SAME} (an odd kernel: (K − 1)/2 zeros at each end keep T at
     * stride 1). Weights from init with fan-in C·K and fan-out F·K, biases zero.
     */
    public Conv1D(
            String name,
            int inChannels,
            int filters,
            int kernel,
            int stride,
            int padding,
            Init init,
            long seed) {
        Shapes.positive("Conv1D[" + name + "].inChannels", inChannels);
        Shapes.positive("Conv1D[" + name + "].filters", filters);
        Shapes.positive("Conv1D[" + name + "].kernel", kernel);
        Shapes.positive("Conv1D[" + name + "].stride", stride);
        if (padding == Conv2D.SAME && kernel % 2 == 0)
            throw new IllegalArgumentException(
                    "Conv1D[" + name + "]: SAME padding needs an odd kernel, got " + kernel);
        if (padding < 0 && padding != Conv2D.SAME)
            throw new IllegalArgumentException(
                    "Conv1D[" + name + "].padding must be ≥ 0 or Conv2D.SAME, got " + padding);
        this.name = name;
        this.k = kernel;
        this.stride = stride;
        this.pad = padding == Conv2D.SAME ? (kernel - 1) / 2 : padding;
        int fanIn = inChannels * kernel;
        this.w =
                Parameter.weights(
                        name + ".W",
                        init.sample(fanIn, (long) filters * kernel, filters, fanIn, seed)
                                .reshape('c', filters, inChannels, kernel));
        this.b = new Parameter(name + ".b", Nd4j.zeros(Nd4j.defaultFloatingPointType(), filters));
    }

    /** Stride 1, no padding. */
    public Conv1D(String name, int inChannels, int filters, int kernel, Init init, long seed) {
        this(name, inChannels, filters, kernel, 1, 0, init, seed);
    }

    @Override
    public String name() {
        return name;
    }

    public Parameter weights() {
        return w;
    }

    public Parameter bias() {
        return b;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return pad;
    }

    private long channels() {
        return w.value().size(1);
    }

    private long filters() {
        return w.value().size(0);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        Shapes.require(
                Require.where(this, "forward"),
                "x",
                x,
                new long[] {Shapes.ANY, channels(), Shapes.ANY},
                x.rank() == 4
                        ? "sequences are (N, C, T); images go to Conv2D"
                        : "the layer before gives " + (x.rank() > 1 ? x.size(1) : 0) + " channels");
        Require.type(this, x, w);
        long tOut = outputShape(new long[] {x.size(1), x.size(2)})[1];
        long n = x.size(0), c = channels();
        INDArray padded = padded(x);
        INDArray patches = Nd4j.create(x.dataType(), n, tOut, c, k); // (N, T', C, K)
        for (int tap = 0; tap < k; tap++) {
            // every window's tap-th input: positions tap, tap + S, …, a (N, C, T') slice
            patches.get(all(), all(), all(), NDArrayIndex.point(tap))
                    .assign(padded.get(all(), all(), taps(tap, tOut)).permute(0, 2, 1));
        }
        INDArray rows = patches.reshape('c', n * tOut, c * k);
        cache = new Cached(x.shape(), rows, tOut);
        INDArray y = rows.mmul(w.value().reshape('c', filters(), c * k).transpose()); // (N·T', F)
        y.addiRowVector(b.value());
        return y.reshape('c', n, tOut, filters()).permute(0, 2, 1).dup('c');
    }

    @Override
    public INDArray backward(INDArray dOut) {
        Cached c = Require.cached(cache, this);
        long n = c.xShape()[0], ch = c.xShape()[1], t = c.xShape()[2];
        long[] expected = {n, filters(), c.outLength()};
        Shapes.require(
                Require.where(this, "backward"),
                "dOut",
                dOut,
                expected,
                "the shape forward returned");
        INDArray g = dOut.permute(0, 2, 1).dup('c').reshape('c', n * c.outLength(), filters());
        INDArray w2 = w.value().reshape('c', filters(), ch * k);
        w.grad().addi(g.transpose().mmul(c.patches()).reshape('c', filters(), ch, k));
        b.grad().addi(g.sum(0));
        INDArray dPatches = g.mmul(w2).reshape('c', n, c.outLength(), ch, k);
        INDArray dPadded = Nd4j.zeros(dOut.dataType(), n, ch, t + 2L * pad);
        for (int tap = 0; tap < k; tap++) {
            dPadded.get(all(), all(), taps(tap, c.outLength()))
                    .addi(
                            dPatches.get(all(), all(), all(), NDArrayIndex.point(tap))
                                    .permute(0, 2, 1));
        }
        return pad == 0
                ? dPadded
                : dPadded.get(all(), all(), NDArrayIndex.interval(pad, pad + t)).dup('c');
    }

    private INDArray padded(INDArray x) {
        if (pad == 0) return x;
        INDArray p = Nd4j.zeros(x.dataType(), x.size(0), x.size(1), x.size(2) + 2L * pad);
        p.get(all(), all(), NDArrayIndex.interval(pad, pad + x.size(2))).assign(x);
        return p;
    }

    /** Positions tap, tap + S, …, tap + S·(T' − 1) of the padded input. */
    private INDArrayIndex taps(int tap, long tOut) {
        return NDArrayIndex.interval(tap, stride, tap + stride * (tOut - 1) + 1);
    }

    private static INDArrayIndex all() {
        return NDArrayIndex.all();
    }

    @Override
    public List<Parameter> params() {
        return List.of(w, b);
    }

    /** [C, T] → [F, T']; throws when the kernel does not fit the padded sequence. */
    @Override
    public long[] outputShape(long[] in) {
        if (in.length != 2 || in[0] != channels()) {
            throw Shapes.mismatch(
                    Require.where(this, "forward"),
                    "x",
                    "[N, " + channels() + ", T]",
                    Shapes.perExample(in),
                    in.length == 1 ? "sequences must be (N, C, T)" : null);
        }
        if (in[1] + 2L * pad < k) {
            throw Shapes.mismatch(
                    Require.where(this, "forward"),
                    "x",
                    String.format("[N, %d, T] with T + 2·%d ≥ %d", channels(), pad, k),
                    Shapes.perExample(in),
                    String.format(
                            "a kernel of %d does not fit a sequence of %d with padding %d: the"
                                    + " padded sequence is %d long",
                            k, in[1], pad, in[1] + 2 * pad));
        }
        return new long[] {filters(), (in[1] + 2L * pad - k) / stride + 1};
    }

    @Override
    public String toString() {
        return "Conv1D["
                + name
                + "]("
                + channels()
                + " → "
                + filters()
                + ", kernel "
                + k
                + ", stride "
                + stride
                + ", padding "
                + pad
                + ")";
    }
}
