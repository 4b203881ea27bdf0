package org.dlkit.train;

/** Told about progress: a live figure in a notebook, a progress bar in a terminal. */
public interface TrainingListener {

    default void trainingStarted(History history, int batchesPerEpoch) {}

    default void batchEnded(int epoch, int batch, double loss) {}

    /** After each epoch's row was added to the history. */
    default void epochEnded(History history) {}

    /** A training-health warning, the first time it arises. */
    default void warning(String warning) {}

    default void trainingEnded(History history) {}
}
