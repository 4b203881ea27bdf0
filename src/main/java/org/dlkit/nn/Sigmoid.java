package org.dlkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** σ(x) = 1 / (1 + e^(−x)), squashing into (0, 1); σ′(x) = σ(x)(1 − σ(x)), at most ¼. */
public final class Sigmoid extends Activation {
    public Sigmoid(String name) {
        super(name);
    }

    @Override
    protected INDArray f(INDArray x) {
        return Transforms.sigmoid(x, true);
    }

    @Override
    protected INDArray df(INDArray x, INDArray y) {
        return y.rsub(1).muli(y);
    }

    @Override
    public Layer replica() {
        return new Sigmoid(name());
    }
}
