package org.dlkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * An activation applied to every element on its own, y = f(x), any shape. Backward is the chain
 * rule one element at a time: ∂L/∂x = ∂L/∂y ⊙ f′(x). Subclasses give f and f′ (which may use y, as
 * the sigmoid's y(1 − y) does).
 */
public abstract class Activation implements Layer {
    private final String name;
    private INDArray x;
    private INDArray y;

    protected Activation(String name) {
        this.name = name;
    }

    /** f(x), as a new array. */
    protected abstract INDArray f(INDArray x);

    /** f′ at x, given y = f(x), as a new array. */
    protected abstract INDArray df(INDArray x, INDArray y);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final INDArray forward(INDArray x, Mode mode) {
        Require.input(this, x);
        this.x = x;
        this.y = f(x);
        return y;
    }

    @Override
    public final INDArray backward(INDArray dOut) {
        INDArray x = Require.cached(this.x, this);
        Require.like(this, "dOut", dOut, y);
        return df(x, y).muli(dOut); // df(...) is a fresh array, so dOut itself stays untouched
    }

    /**
     * f′ at every element of x, without touching what backward keeps: the trainer's health checks
     * count the units whose derivative is 0 for a whole batch.
     */
    public final INDArray derivativeAt(INDArray x) {
        return df(x, f(x.dup()));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    /**
     * "1" where x > 0, "0" elsewhere, in x's type: the kink sits at 0 and goes to the left side.
     */
    static INDArray positive(INDArray x) {
        return Transforms.step(x, true); // one op; x.gt(0).castTo(…) takes two and a boolean array
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}
