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

    /** Stopped before the given batch: says what the network and the history hold now. */
    TrainingInterrupted(int epoch, int batch, int batches, History history) {
        this(message(epoch, batch, batches), history);
        history.note(getMessage());
    }

    private static String message(int epoch, int batch, int batches) {
        int done = epoch - 1;
        return String.format(
                "training was interrupted before epoch %d, batch %d of %d: the network keeps the parameters of"
                        + " the last completed step, and trainer.lastHistory() holds %s",
                epoch,
                batch,
                batches,
                done == 0
                        ? "no epoch yet (none was completed)"
                        : "the " + done + " epoch" + (done == 1 ? "" : "s") + " completed");
    }

    public History history() {
        return history;
    }
}
