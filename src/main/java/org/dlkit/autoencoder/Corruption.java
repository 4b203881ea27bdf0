package org.dlkit.autoencoder;

import java.util.Random;
import org.dlkit.data.Augmentation;
import org.dlkit.data.DataSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.DropOut;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Noise put on the inputs of a denoising autoencoder (Vincent et al., 2008): the network sees a
 * corrupted x̃ and must reproduce the clean x, so it cannot just copy pixels; it has to know what
 * digits look like. As an {@link Augmentation} it is applied to the training inputs only, drawn
 * afresh each epoch, with the targets left clean — and never when the autoencoder is evaluated or
 * used ("corruption introduced only in training", handout 002).
 *
 * <p>Values are assumed to lie in [0, 1] (MNIST's pixels).
 */
public abstract class Corruption implements Augmentation {
    private final String description;

    private Corruption(String description) {
        this.description = description;
    }

    /**
     * Masking noise: each value is set to 0 with the given probability (Vincent et al.'s main
     * corruption; a fraction of the pixels goes missing).
     */
    public static Corruption masking(double fraction) {
        probability("masking", fraction);
        return new Corruption(String.format("masking %.0f%% of the values", 100 * fraction)) {
            @Override
            public INDArray corrupt(INDArray x, long seed) {
                // one native op: each value kept with probability 1 − fraction, else 0 (no
                // rescaling, unlike dropout's); the same seed gives the same mask
                INDArray out = x.ulike();
                Nd4j.getRandom().setSeed(seed);
                Nd4j.getExecutioner().exec(new DropOut(x, out, 1 - fraction));
                return out;
            }
        };
    }

    /** Additive Gaussian noise of standard deviation sigma, the result clipped to [0, 1]. */
    public static Corruption gaussian(double sigma) {
        if (!(sigma > 0))
            throw new IllegalArgumentException(
                    "Corruption.gaussian: sigma must be positive, got " + sigma);
        return new Corruption(String.format("Gaussian noise of σ = %.2f", sigma)) {
            @Override
            public INDArray corrupt(INDArray x, long seed) {
                INDArray noisy = Nd4j.randn(seed, x.shape()).castTo(x.dataType()).muli(sigma);
                return clip(noisy.addi(x));
            }
        };
    }

    /**
     * Salt-and-pepper noise: each value is, with the given probability, replaced by 0 or 1 (a coin
     * decides which).
     */
    public static Corruption saltAndPepper(double fraction) {
        probability("saltAndPepper", fraction);
        return new Corruption(
                String.format("salt and pepper on %.0f%% of the values", 100 * fraction)) {
            @Override
            public INDArray corrupt(INDArray x, long seed) {
                INDArray u = uniform(x, seed);
                INDArray pepper = u.lt(fraction / 2).castTo(x.dataType()); //  → 0
                INDArray salt = u.lt(fraction).castTo(x.dataType()).subi(pepper); // → 1
                INDArray untouched = pepper.add(salt).rsubi(1);
                return x.mul(untouched).addi(salt);
            }
        };
    }

    /** A corrupted copy of x; the same seed gives the same corruption. x is not changed. */
    public abstract INDArray corrupt(INDArray x, long seed);

    /** The training set with corrupted inputs and its targets unchanged (clean). */
    @Override
    public DataSet apply(DataSet data, Random random) {
        return new DataSet(data.name(), corrupt(data.x(), random.nextLong()), data.y());
    }

    @Override
    public String toString() {
        return "Corruption[" + description + "]";
    }

    private static INDArray uniform(INDArray x, long seed) {
        return Nd4j.rand(seed, x.shape()).castTo(DataType.DOUBLE);
    }

    private static INDArray clip(INDArray x) {
        return org.nd4j.linalg.ops.transforms.Transforms.min(
                org.nd4j.linalg.ops.transforms.Transforms.max(x, 0.0, false), 1.0, false);
    }

    private static void probability(String what, double p) {
        if (!(p >= 0 && p < 1))
            throw new IllegalArgumentException(
                    "Corruption." + what + ": the fraction must be in [0, 1), got " + p);
    }
}
