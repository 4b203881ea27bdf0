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
}
