package org.dlkit.nn;

import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * softmax(x)_m = e^(x_m) / Σ_k e^(x_k) over each row of X (N, M): scores into probabilities.
 *
 * <p>Backward multiplies by the Jacobian without building it: ∂L/∂x = y ⊙ (dOut − Σ_m dOut_m y_m).
 * For training a classifier, {@link SoftmaxCrossEntropy} fuses softmax with its loss, which is
 * simpler and numerically safer; this layer is for networks that output probabilities.
 */
public final class Softmax implements Layer {
    private final String name;
    private INDArray y;

    public Softmax(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        Shapes.require(
                Require.where(this, "forward"),
                "x",
                x,
                new long[] {Shapes.ANY, Shapes.ANY},
                "softmax works on rows of scores");
        y = probabilities(x);
        return y;
    }

    /** Row-wise softmax, shifted by each row's maximum so that e^x cannot overflow. */
    public static INDArray probabilities(INDArray x) {
        INDArray e = Transforms.exp(x.subColumnVector(x.max(true, 1)), false);
        return e.diviColumnVector(e.sum(true, 1));
    }

    @Override
    public INDArray backward(INDArray dOut) {
        INDArray y = Require.cached(this.y, this);
        Require.like(this, "dOut", dOut, y);
        INDArray dot = dOut.mul(y).sum(true, 1);
        return dOut.subColumnVector(dot).muli(y);
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return "Softmax[" + name + "]";
    }
}
