package org.dlkit.nn;

import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Binary cross-entropy on logits z (N, M), one yes/no question per column (binary and multi-label
 * outputs): with p = σ(z), L = −(1/N) Σ [t log p + (1 − t) log(1 − p)].
 *
 * <p>Computed as max(z, 0) − z·t + log(1 + e^(−|z|)), which equals the formula above but never
 * takes the log of 0 or e of a large number. Its gradient is simply ∂L/∂z = (σ(z) − t) / N.
 */
public final class BinaryCrossEntropy implements Loss {
    private INDArray z;
    private INDArray t;

    @Override
    public String name() {
        return "binary cross-entropy";
    }

    @Override
    public double forward(INDArray z, INDArray t) {
        Shapes.require(
                "BinaryCrossEntropy.forward", "targets", t, z.shape(), "one 0/1 target per output");
        this.z = z;
        this.t = t;
        INDArray softplus =
                Transforms.log(
                        Transforms.exp(Transforms.abs(z, true).negi(), false).addi(1), false);
        INDArray l = Transforms.relu(z, true).subi(z.mul(t)).addi(softplus);
        return l.sumNumber().doubleValue() / z.size(0);
    }

    @Override
    public INDArray backward() {
        INDArray z = Require.cached(this.z, this);
        return Transforms.sigmoid(z, true).subi(t).divi(z.size(0));
    }

    @Override
    public String toString() {
        return "BinaryCrossEntropy";
    }

    @Override
    public boolean isCrossEntropy() {
        return true;
    }

    /** Its scores are logits: class 1 above 0. */
    @Override
    public double threshold() {
        return 0;
    }

    @Override
    public Loss replica() {
        return new BinaryCrossEntropy();
    }
}
