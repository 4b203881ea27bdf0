package org.dlkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ELU(x) = x for x ≥ 0, α(eˣ − 1) otherwise: smooth at 0 when α = 1, with negative outputs that
 * pull the mean activation towards 0. ELU′(x) = 1 for x > 0, ELU(x) + α otherwise.
 */
public final class Elu extends Activation {
    private final double alpha;

    public Elu(String name, double alpha) {
        super(name);
        if (!(alpha > 0))
            throw new IllegalArgumentException("Elu.alpha must be positive, got " + alpha);
        this.alpha = alpha;
    }

    @Override
    protected INDArray f(INDArray x) {
        INDArray negative = Transforms.exp(Transforms.min(x, 0, true), false).subi(1).muli(alpha);
        return Transforms.relu(x, true).addi(negative);
    }

    @Override
    protected INDArray df(INDArray x, INDArray y) {
        INDArray pos = positive(x);
        return pos.add(pos.rsub(1).muli(y.add(alpha)));
    }

    @Override
    public String toString() {
        return "Elu[" + name() + "](α = " + alpha + ")";
    }

    @Override
    public Layer replica() {
        return new Elu(name(), alpha);
    }
}
