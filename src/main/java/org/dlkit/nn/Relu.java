package org.dlkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** ReLU(x) = max(0, x); its derivative is 1 for x > 0 and 0 for x ≤ 0 (the kink at 0 goes left). */
public final class Relu extends Activation {
    public Relu(String name) {
        super(name);
    }

    @Override
    protected INDArray f(INDArray x) {
        return Transforms.relu(x, true);
    }

    @Override
    protected INDArray df(INDArray x, INDArray y) {
        return positive(x);
    }

    @Override
    public Layer replica() {
        return new Relu(name());
    }
}
