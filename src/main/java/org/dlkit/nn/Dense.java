package org.dlkit.nn;

import java.util.Arrays;
import java.util.List;
import org.dlkit.tensor.Blas;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fully connected layer, Y = X·W + b: every output is a weighted sum of every input plus a bias.
 * X (N, D), W (D, M), b (1, M), Y (N, M).
 *
 * <p>Backward, for dOut = ∂L/∂Y: ∂L/∂W = Xᵀ·dOut, ∂L/∂b = Σ_n dOut, ∂L/∂X = dOut·Wᵀ.
 */
public final class Dense implements Layer {
    private final String name;
    private final Parameter w;
    private final Parameter b;
    private INDArray x; // forward's input, the only thing backward needs besides W

    /** Weights drawn by init from the seed, biases zero. */
    public Dense(String name, int in, int out, Init init, long seed) {
        this(
                name,
                init.sample(Shapes.positive("in", in), Shapes.positive("out", out), in, out, seed),
                org.nd4j.linalg.factory.Nd4j.zeros(
                        org.nd4j.linalg.factory.Nd4j.defaultFloatingPointType(), 1, out));
    }

    /** Given weights W (D, M) and biases b (1, M) or (M): for lessons that set them by hand. */
    public Dense(String name, INDArray w, INDArray b) {
        if (w.rank() != 2)
            throw Shapes.mismatch("Dense[" + name + "]", "W", "a matrix [D, M]", w, null);
        INDArray b2 = b.reshape(1, b.length());
        if (b2.size(1) != w.size(1)) {
            throw Shapes.mismatch(
                    "Dense[" + name + "]",
                    "b",
                    w.size(1) + " values, one per column of W " + Arrays.toString(w.shape()),
                    b,
                    null);
        }
        this.name = name;
        this.w = Parameter.weights(name + ".W", w.dup());
        this.b = new Parameter(name + ".b", b2.castTo(w.dataType()).dup());
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

    public long in() {
        return w.value().size(0);
    }

    public long out() {
        return w.value().size(1);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        Require.input(this, x);
        String hint =
                x.rank() > 2
                        ? "did you forget Flatten?"
                        : "the layer before gives " + x.size(x.rank() - 1) + " features";
        Shapes.require(Require.where(this, "forward"), "x", x, new long[] {Shapes.ANY, in()}, hint);
        Require.type(this, x, w);
        this.x = x;
        INDArray y = Blas.rowsOf(b.value(), x.size(0)); // b in every row, then
        Blas.gemm(x, w.value(), y, false, false, 1.0, 1.0); // Y = X·W + b
        return y;
    }

    @Override
    public INDArray backward(INDArray dOut) {
        accumulate(dOut);
        return Blas.gemm(dOut, w.value(), false, true); //   dX = dOut·Wᵀ
    }

    /**
     * Only ∂L/∂W and ∂L/∂b, for a first layer: its input is the data, so the product for ∂L/∂X — as
     * costly as the one for ∂L/∂W — is skipped.
     */
    @Override
    public void backwardParams(INDArray dOut) {
        accumulate(dOut);
    }

    private void accumulate(INDArray dOut) {
        INDArray x = Require.cached(this.x, this);
        Shapes.require(
                Require.where(this, "backward"), "dOut", dOut, new long[] {x.size(0), out()}, null);
        // gemm with a transpose flag instead of x.transpose().mmul(...): the transposed view
        // would be copied element by element, which costs more than the product itself
        Blas.gemm(x, dOut, w.grad(), true, false, 1.0, 1.0); // dW += Xᵀ·dOut
        Blas.addColumnSums(dOut, b.grad()); //                 db += Σₙ dOut
    }

    @Override
    public List<Parameter> params() {
        return List.of(w, b);
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return rows(this, inputShape, in(), out());
    }

    /**
     * The output shape of a layer that maps rows of {@code in} values to rows of {@code out}, or
     * the error that says what arrived.
     */
    static long[] rows(Layer layer, long[] inputShape, long in, long out) {
        if (inputShape.length != 1 || inputShape[0] != in) {
            throw Shapes.mismatch(
                    Require.where(layer, "forward"),
                    "x",
                    "[N, " + in + "]",
                    Shapes.perExample(inputShape),
                    inputShape.length > 1 ? "did you forget Flatten?" : null);
        }
        return new long[] {out};
    }

    @Override
    public String toString() {
        return "Dense[" + name + "](" + in() + " → " + out() + ")";
    }

    /** A replica: the same parameter values, gradients of its own. */
    private Dense(String name, Parameter w, Parameter b) {
        this.name = name;
        this.w = w.replica();
        this.b = b.replica();
    }

    @Override
    public Layer replica() {
        return new Dense(name, w, b);
    }
}
