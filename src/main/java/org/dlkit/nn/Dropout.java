package org.dlkit.nn;

import org.dlkit.tensor.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inverted dropout: in training each input is zeroed with probability p and the survivors are
 * scaled by 1/(1 − p), so that evaluation, which passes everything through, sees the same expected
 * values. Any shape.
 */
public final class Dropout implements Layer {
    private final String name;
    private final double p;
    private final Rng rng;
    private INDArray mask; // (1/(1 − p) where kept, 0 where dropped), or all ones in evaluation

    public Dropout(String name, double p, long seed) {
        if (!(p >= 0 && p < 1))
            throw new IllegalArgumentException("Dropout.p must be in [0, 1), got " + p);
        this.name = name;
        this.p = p;
        this.rng = new Rng(seed);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (mode == Mode.EVAL || p == 0) {
            mask = x.ulike().assign(1);
            return x.dup();
        }
        mask = rng.uniform(x.shape()).gt(p).castTo(x.dataType()).divi(1 - p);
        return x.mul(mask);
    }

    @Override
    public INDArray backward(INDArray dOut) {
        INDArray mask = Require.cached(this.mask, this);
        Require.like(this, "dOut", dOut, mask);
        return dOut.mul(mask);
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return "Dropout[" + name + "](p = " + p + ")";
    }
}
