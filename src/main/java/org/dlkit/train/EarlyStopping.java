package org.dlkit.train;

/**
 * Early stopping ({@link TrainConfig#patience}): stops when the validation loss has not improved
 * for that many epochs, and in the end puts back the parameters of the epoch with the lowest
 * validation loss.
 */
final class EarlyStopping implements TrainingListener {
    private final Run run;
    private Snapshot best;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch;

    EarlyStopping(Run run) {
        this.run = run;
    }

    @Override
    public void epochEnded(History history) {
        int epoch = history.epochs();
        double loss = history.last(History.VALIDATION_LOSS);
        int patience = run.config.patience();
        if (loss < bestLoss) {
            bestLoss = loss;
            bestEpoch = epoch;
            if (best == null) best = new Snapshot(run.params);
            best.take(run.params);
        } else if (epoch - bestEpoch >= patience) {
            run.stop(
                    "stopped early after epoch "
                            + epoch
                            + ": the validation loss had not improved for "
                            + patience
                            + " epochs");
        }
        if ((run.stopped() || epoch == run.config.epochs()) && best != null) {
            best.restore(run.params);
            history.note(
                    "kept the parameters of epoch "
                            + bestEpoch
                            + ", the lowest validation loss ("
                            + String.format("%.4f", bestLoss)
                            + ")");
        }
    }
}
