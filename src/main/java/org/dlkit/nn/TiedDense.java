package org.dlkit.nn;

import java.util.List;
import org.dlkit.tensor.Blas;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A decoder layer that reuses an encoder's weights, transposed: Y = X·Wᵀ + c, where W (D, M) is the
 * weight matrix of a {@link Dense} layer D → M and c (1, D) is this layer's own bias. X (N, M), Y
 * (N, D). An autoencoder with <em>tied weights</em> has half the parameters, and each hidden unit's
 * weights are both the pattern it detects and the pattern it draws.
 *
 * <p>Backward, for dOut = ∂L/∂Y (N, D): ∂L/∂W += dOutᵀ·X (D, M), added to the encoder's gradient
 * (the shared matrix gets the sum of both uses), ∂L/∂c = Σ_n dOut, ∂L/∂X = dOut·W. {@link #params}
 * lists only c: W belongs to the encoder, and listing it twice would update it twice.
 */
public final class TiedDense implements Layer {
    private final String name;
    private final Dense tiedTo;
    private final Parameter c;
    private INDArray x;

    /** The transpose of {@code encoder}'s weights, with a bias of zeros. */
    public TiedDense(String name, Dense encoder) {
        this.name = name;
        this.tiedTo = encoder;
        INDArray w = encoder.weights().value();
        this.c = new Parameter(name + ".b", Nd4j.zeros(w.dataType(), 1, w.size(0)));
    }

    @Override
    public String name() {
        return name;
    }

    /** The encoder layer whose weights this layer shares. */
    public Dense tiedTo() {
        return tiedTo;
    }

    public Parameter bias() {
        return c;
    }

    /** Inputs: the encoder's outputs. */
    public long in() {
        return tiedTo.out();
    }

    /** Outputs: the encoder's inputs. */
    public long out() {
        return tiedTo.in();
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        Shapes.require(
                Require.where(this, "forward"),
                "x",
                x,
                new long[] {Shapes.ANY, in()},
                "a tied layer takes what its encoder " + tiedTo + " gives");
        Require.type(this, x, c);
        this.x = x;
        INDArray y = Blas.rowsOf(c.value(), x.size(0)); // c in every row, then
        Blas.gemm(x, tiedTo.weights().value(), y, false, true, 1.0, 1.0); // Y = X·Wᵀ + c
        return y;
    }

    @Override
    public INDArray backward(INDArray dOut) {
        INDArray x = Require.cached(this.x, this);
        Shapes.require(
                Require.where(this, "backward"), "dOut", dOut, new long[] {x.size(0), out()}, null);
        Parameter w = tiedTo.weights();
        Blas.gemm(dOut, x, w.grad(), true, false, 1.0, 1.0); // dW += dOutᵀ·X
        Blas.addColumnSums(dOut, c.grad()); //                  dc += Σₙ dOut
        return Blas.gemm(dOut, w.value(), false, false); //   dX = dOut·W
    }

    @Override
    public List<Parameter> params() {
        return List.of(c);
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return Dense.rows(this, inputShape, in(), out());
    }

    @Override
    public String toString() {
        return "TiedDense[" + name + "](" + in() + " → " + out() + ", Wᵀ of " + tiedTo.name() + ")";
    }
}
