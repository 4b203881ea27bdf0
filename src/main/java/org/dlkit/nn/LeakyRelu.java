package org.dlkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LeakyReLU(x) = x for x > 0, αx otherwise (α = 0.1 in handout 004): no unit is ever fully dead.
 */
public final class LeakyRelu extends Activation {
    private final double alpha;

    public LeakyRelu(String name, double alpha) {
        super(name);
        if (!(alpha >= 0 && alpha < 1))
            throw new IllegalArgumentException("LeakyRelu.alpha must be in [0, 1), got " + alpha);
        this.alpha = alpha;
    }

    @Override
    protected INDArray f(INDArray x) {
        INDArray pos = positive(x);
        return x.mul(pos.mul(1 - alpha).addi(alpha)); // x · (1 where x > 0, α elsewhere)
    }

    @Override
    protected INDArray df(INDArray x, INDArray y) {
        return positive(x).muli(1 - alpha).addi(alpha);
    }

    @Override
    public String toString() {
        return "LeakyRelu[" + name() + "](α = " + alpha + ")";
    }

    @Override
    public Layer replica() {
        return new LeakyRelu(name(), alpha);
    }
}
