package org.dlkit.train;

/**
 * Told about a fit as it runs: a live figure in a notebook, a progress bar in a terminal, and the
 * trainer's own guards (the NaN rollback, early stopping, the health checks). A listener may throw
 * to end the fit; {@link #trainingEnded} is called however the fit ends.
 */
public interface TrainingListener {

    default void trainingStarted(History history, int batchesPerEpoch) {}

    /** Before a mini-batch's step. */
    default void batchStarting(int epoch, int batch) {}

    /** After a mini-batch's step, with its loss (measured before the update). */
    default void batchEnded(int epoch, int batch, double loss) {}

    /** After each epoch's row was added to the history. */
    default void epochEnded(History history) {}

    /** A training-health warning, the first time it arises. */
    default void warning(String warning) {}

    default void trainingEnded(History history) {}
}
