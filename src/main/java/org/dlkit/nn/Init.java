package org.dlkit.nn;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How a layer's weights start: zero-mean normal values whose spread keeps the signal's size roughly
 * constant from layer to layer. D is the number of inputs (fan-in), M of outputs.
 */
public enum Init {
    /** std = √(2 / (D + M)): Glorot and Bengio's choice for sigmoid and tanh layers. */
    XAVIER,
    /** std = √(2 / D): He et al.'s choice for ReLU layers, which zero half their inputs. */
    HE,
    /** std = √(1 / D): LeCun's, and Nielsen's "improved" initialisation in network2. */
    LECUN;

    public double std(long fanIn, long fanOut) {
        return switch (this) {
            case XAVIER -> Math.sqrt(2.0 / (fanIn + fanOut));
            case HE -> Math.sqrt(2.0 / fanIn);
            case LECUN -> Math.sqrt(1.0 / fanIn);
        };
    }

    /** A (rows, cols) matrix of N(0, std²) values from the seed, in ND4J's default float type. */
    public INDArray sample(long fanIn, long fanOut, int rows, int cols, long seed) {
        var rng = new Random(seed);
        double std = std(fanIn, fanOut);
        double[][] w = new double[rows][cols];
        for (double[] row : w) for (int j = 0; j < cols; j++) row[j] = std * rng.nextGaussian();
        return Nd4j.createFromArray(w).castTo(Nd4j.defaultFloatingPointType());
    }
}
