package org.dlkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** tanh(x) = 2σ(2x) − 1, squashing into (−1, 1) and centred at 0; tanh′(x) = 1 − tanh²(x). */
public final class Tanh extends Activation {
    public Tanh(String name) {
        super(name);
    }

    @Override
    protected INDArray f(INDArray x) {
        return Transforms.tanh(x, true);
    }

    @Override
    protected INDArray df(INDArray x, INDArray y) {
        return y.mul(y).rsubi(1);
    }

    @Override
    public Layer replica() {
        return new Tanh(name());
    }
}
