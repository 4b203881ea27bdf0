package org.dlkit.nn;

import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax and cross-entropy in one step, for one-of-M classification: scores z (N, M), one-hot
 * targets t (N, M), L = −(1/N) Σ_n Σ_m t_nm log softmax(z_n)_m.
 *
 * <p>log softmax(z) = z − max(z) − log Σ e^(z − max(z)) (the log-sum-exp trick: no overflow, no log
 * 0), and the fused gradient is ∂L/∂z = (softmax(z) − t) / N — which is why a classifier's last
 * layer outputs raw scores and leaves softmax to this loss.
 */
public final class SoftmaxCrossEntropy implements Loss {
    private INDArray p;
    private INDArray t;

    @Override
    public String name() {
        return "softmax cross-entropy";
    }

    @Override
    public double forward(INDArray z, INDArray t) {
        Shapes.require(
                "SoftmaxCrossEntropy.forward",
                "targets",
                t,
                z.shape(),
                "one-hot rows, one column per class");
        INDArray shifted = z.subColumnVector(z.max(true, 1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        INDArray logP = shifted.subiColumnVector(logSum);
        this.p = Transforms.exp(logP, true);
        this.t = t;
        return -logP.muli(t).sumNumber().doubleValue() / z.size(0);
    }

    /** The softmax probabilities of the last forward, (N, M). */
    public INDArray probabilities() {
        return Require.cached(p, this);
    }

    @Override
    public INDArray backward() {
        INDArray p = Require.cached(this.p, this);
        return p.sub(t).divi(p.size(0));
    }

    @Override
    public String toString() {
        return "SoftmaxCrossEntropy";
    }

    @Override
    public boolean isCrossEntropy() {
        return true;
    }
}
