package org.dlkit.nn;

import java.util.List;
import org.dlkit.tensor.Cells;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolutional layer, Y = W ⊛ X + b: F filters of size C×KH×KW slide over the input in steps of
 * S, after P rows and columns of zeros are added on every side; each position gives one output per
 * filter. X (N, C, H, W), W (F, C, KH, KW), b (F), Y (N, F, H', W') with H' = ⌊(H + 2P − KH)/S⌋ + 1
 * and W' = ⌊(W + 2P − KW)/S⌋ + 1.
 *
 * <p>The loops are in {@link org.dlkit.nn.reference.ConvLoops}; here forward and backward are
 * ND4J's own conv2d and conv2d_bp operations (oneDNN on a CPU, cuDNN on a GPU), which compute the
 * same sums as matrix products over unrolled patches.
 */
public final class Conv2D implements Layer {
    /** Padding that keeps H and W at stride 1: P = (K − 1)/2, for odd K. */
    public static final int SAME = -1;

    private final String name;
    private final int k;
    private final int stride;
    private final int pad;
    private final Parameter w;
    private final Parameter b;
    private INDArray x;

    /** Stride 1, no padding: 28×28 in, 5×5 kernel, 24×24 out. */
    public Conv2D(String name, int inChannels, int filters, int kernel, Init init, long seed) {
        this(name, inChannels, filters, kernel, 1, 0, init, seed);
    }

    /**
     * padding may be {@link #SAME}. Weights from init with fan-in C·K² and fan-out F·K², biases
     * zero.
     */
    public Conv2D(
            String name,
            int inChannels,
            int filters,
            int kernel,
            int stride,
            int padding,
            Init init,
            long seed) {
        Shapes.positive("Conv2D[" + name + "].inChannels", inChannels);
        Shapes.positive("Conv2D[" + name + "].filters", filters);
        Shapes.positive("Conv2D[" + name + "].kernel", kernel);
        Shapes.positive("Conv2D[" + name + "].stride", stride);
        if (padding == SAME && kernel % 2 == 0) {
            throw new IllegalArgumentException(
                    "Conv2D[" + name + "]: SAME padding needs an odd kernel, got " + kernel);
        }
        if (padding < 0 && padding != SAME)
            throw new IllegalArgumentException(
                    "Conv2D[" + name + "].padding must be ≥ 0 or SAME, got " + padding);
        this.name = name;
        this.k = kernel;
        this.stride = stride;
        this.pad = padding == SAME ? (kernel - 1) / 2 : padding;
        int fanIn = inChannels * kernel * kernel;
        this.w =
                Parameter.weights(
                        name + ".W",
                        init.sample(fanIn, (long) filters * kernel * kernel, filters, fanIn, seed)
                                .reshape('c', filters, inChannels, kernel, kernel));
        this.b = new Parameter(name + ".b", Nd4j.zeros(Nd4j.defaultFloatingPointType(), filters));
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
        Require.input(this, x);
        String hint =
                x.rank() == 2
                        ? "images must be (N, C, H, W): reshape rows with Mnist.images(x)"
                        : "the layer before gives " + x.size(1) + " channels";
        Shapes.require(
                Require.where(this, "forward"),
                "x",
                x,
                new long[] {Shapes.ANY, channels(), Shapes.ANY, Shapes.ANY},
                hint);
        Require.type(this, x, w);
        long[] out = outputShape(new long[] {x.size(1), x.size(2), x.size(3)});
        this.x = x;
        INDArray y = Nd4j.create(x.dataType(), x.size(0), out[0], out[1], out[2]);
        CustomOps.run("conv2d", new INDArray[] {x, w.value(), b.value()}, args(), new double[0], y);
        return y;
    }

    @Override
    public INDArray backward(INDArray dOut) {
        INDArray x = Require.cached(this.x, this);
        Require.outputOf(this, dOut, x);
        INDArray dX = x.ulike();
        INDArray dW = w.value().ulike();
        INDArray db = b.value().ulike();
        CustomOps.run(
                "conv2d_bp",
                new INDArray[] {x, w.value(), b.value(), dOut},
                args(),
                new double[0],
                dX,
                dW,
                db);
        w.grad().addi(dW);
        b.grad().addi(db);
        return dX;
    }

    /**
     * Only ∂L/∂W and ∂L/∂b, for a first layer. ∂L/∂W[f, c] = Σₙ x[n, c] ⋆ dOut[n, f] is itself a
     * convolution: the input's channels play the batch, the examples play the channels, and dOut is
     * the filter; its output is K×K. One conv2d call does it, about three times faster than
     * conv2d_bp, which also computes ∂L/∂x. At a stride S above 1 the filter's taps would have to
     * sit S apart (a dilated convolution), which oneDNN refuses in float32 (ND4J 1.0.0-M2.1), so
     * those layers take {@link #backward}.
     */
    @Override
    public void backwardParams(INDArray dOut) {
        if (stride != 1) {
            backward(dOut);
            return;
        }
        INDArray x = Require.cached(this.x, this);
        long[] out = Require.outputOf(this, dOut, x);
        long n = x.size(0);
        INDArray images = // (C, N, H, W)
                x.size(1) == 1
                        ? x.reshape('c', 1, n, x.size(2), x.size(3))
                        : Cells.swapFirstTwoAxes(x);
        INDArray taps = Cells.swapFirstTwoAxes(dOut); // (F, N, H', W')
        INDArray dW = Nd4j.create(x.dataType(), x.size(1), out[0], k, k); // (C, F, K, K)
        int[] args = {(int) out[1], (int) out[2], 1, 1, pad, pad, 1, 1, 0, 0, 1};
        CustomOps.run("conv2d", new INDArray[] {images, taps}, args, new double[0], dW);
        w.grad().addi(dW.permute(1, 0, 2, 3));
        // Σ over examples and positions: rows of the contiguous copy sum faster than dOut's axes
        b.grad().addi(taps.reshape(taps.size(0), -1).sum(1));
    }

    /**
     * ND4J's conv2d arguments: kernel, stride, padding, dilation 1, explicit padding, NCHW, weights
     * (F, C, KH, KW).
     */
    private int[] args() {
        return new int[] {k, k, stride, stride, pad, pad, 1, 1, 0, 0, 1};
    }

    @Override
    public List<Parameter> params() {
        return List.of(w, b);
    }

    /** [C, H, W] → [F, H', W']; throws when the kernel does not fit the padded input. */
    @Override
    public long[] outputShape(long[] in) {
        if (in.length != 3 || in[0] != channels()) {
            throw Shapes.mismatch(
                    Require.where(this, "forward"),
                    "x",
                    "[N, " + channels() + ", ?, ?]",
                    Shapes.perExample(in),
                    in.length == 1 ? "images must be (N, C, H, W)" : null);
        }
        if (in[1] + 2L * pad < k || in[2] + 2L * pad < k) {
            throw Shapes.mismatch(
                    Require.where(this, "forward"),
                    "x",
                    String.format("[N, %d, H, W] with H, W ≥ %d", channels(), k - 2 * pad),
                    Shapes.perExample(in),
                    String.format(
                            "a %d×%d kernel does not fit a %d×%d input with padding %d: the padded"
                                    + " input is %d×%d",
                            k, k, in[1], in[2], pad, in[1] + 2 * pad, in[2] + 2 * pad));
        }
        return new long[] {
            filters(), (in[1] + 2L * pad - k) / stride + 1, (in[2] + 2L * pad - k) / stride + 1
        };
    }

    @Override
    public String toString() {
        return "Conv2D["
                + name
                + "]("
                + channels()
                + " → "
                + filters()
                + ", "
                + k
                + "×"
                + k
                + (stride != 1 ? ", stride " + stride : "")
                + (pad != 0 ? ", padding " + pad : "")
                + ")";
    }

    /** A replica: the same parameter values, gradients of its own. */
    private Conv2D(Conv2D shared) {
        this.name = shared.name;
        this.k = shared.k;
        this.stride = shared.stride;
        this.pad = shared.pad;
        this.w = shared.w.replica();
        this.b = shared.b.replica();
    }

    @Override
    public Layer replica() {
        return new Conv2D(this);
    }
}
