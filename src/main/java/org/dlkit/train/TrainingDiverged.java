package org.dlkit.train;

/**
 * The loss became NaN or infinite. The parameters were put back to the last values that gave a
 * finite loss; the history holds the epochs completed before.
 */
public final class TrainingDiverged extends RuntimeException {
    private final transient History history;

    public TrainingDiverged(String message, History history) {
        super(message);
        this.history = history;
    }

    public History history() {
        return history;
    }
}
