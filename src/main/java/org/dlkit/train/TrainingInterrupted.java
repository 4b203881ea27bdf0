package org.dlkit.train;

/**
 * Training was interrupted (Jupyter's stop button, or {@link Thread#interrupt}). It stopped between
 * two steps: the parameters are those of the last completed step, and the history holds the epochs
 * completed before (also kept by {@link Trainer#lastHistory()}, for when nobody catches this).
 */
public final class TrainingInterrupted extends RuntimeException {
    private final transient History history;

    public TrainingInterrupted(String message, History history) {
        super(message);
        this.history = history;
    }

    public History history() {
        return history;
    }
}
