package org.dlkit.tensor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A random-number stream of its own, from a seed: a layer that draws (dropout's masks) keeps one,
 * so its draws depend on its seed alone, not on what else in the notebook drew numbers before it.
 */
public final class Rng {
    private final Random random;

    public Rng(long seed) {
        this.random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    /** Numbers drawn uniformly from [0, 1), in the default floating-point type. */
    public INDArray uniform(long... shape) {
        return Nd4j.rand(random, shape);
    }
}
