package org.dlkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss: how far a batch of network outputs (scores) is from its targets, averaged over the batch,
 * and its gradient with respect to the scores.
 *
 * <p>Scores and targets have the same shape, (N, M): for classification the targets are one-hot
 * rows (multi-class) or 0/1 columns (binary and multi-label).
 */
public interface Loss {

    String name();

    /** The mean loss over the batch; keeps what {@link #backward} needs. */
    double forward(INDArray scores, INDArray targets);

    /** ∂loss/∂scores of the last forward, shape (N, M), already divided by N. */
    INDArray backward();

    /**
     * Where one output column is split into class 1 (above) and class 0, for accuracy: 0.5 for
     * outputs that are probabilities, 0 for a loss that takes logits.
     */
    default double threshold() {
        return 0.5;
    }

    /**
     * A cross-entropy loss on class scores: a network that guesses evenly among C classes starts at
     * ln C, which the trainer's health checks compare the first loss with.
     */
    default boolean isCrossEntropy() {
        return false;
    }

    /**
     * A loss of the same kind with a memory of its own, for a worker of a data-parallel step (see
     * {@link Layer#replica}); null, the default, for a loss that cannot be split by examples. Every
     * loss here is a mean over the batch's examples, so the batch's gradient is the shards'
     * gradients weighted by their sizes.
     */
    default Loss replica() {
        return null;
    }
}
