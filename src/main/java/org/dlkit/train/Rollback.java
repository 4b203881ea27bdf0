package org.dlkit.train;

/**
 * The NaN guard: when a batch's loss (or an epoch's validation loss) is NaN or infinite, puts the
 * parameters back to the last ones that gave a finite loss and stops the fit with {@link
 * TrainingDiverged}. The loss of a step is measured before its update, so the last good parameters
 * are those from before the previous step: two copies are kept, swapped each batch.
 */
final class Rollback implements TrainingListener {
    private final Run run;
    private Snapshot lastGood;
    private Snapshot candidate;
    private int batches;

    Rollback(Run run) {
        this.run = run;
    }

    @Override
    public void trainingStarted(History history, int batchesPerEpoch) {
        batches = batchesPerEpoch;
        lastGood = new Snapshot(run.params);
        candidate = new Snapshot(run.params);
    }

    @Override
    public void batchStarting(int epoch, int batch) {
        candidate.take(run.params);
    }

    @Override
    public void batchEnded(int epoch, int batch, double loss) {
        if (!Double.isFinite(loss)) diverged(epoch, batch, loss);
        Snapshot t = lastGood; // the candidate gave a finite loss: it is the last good one
        lastGood = candidate;
        candidate = t;
    }

    @Override
    public void epochEnded(History history) {
        double v = history.last(History.VALIDATION_LOSS);
        if (run.validation != null && !Double.isFinite(v)) diverged(history.epochs(), batches, v);
    }

    private void diverged(int epoch, int batch, double value) {
        lastGood.restore(run.params);
        String msg =
                String.format(
                        "the loss became %s at epoch %d, batch %d of %d, with %s: training stopped and the parameters are back to "
                                + "the last values that gave a finite loss. Try a smaller learning rate η.",
                        Double.isNaN(value) ? "NaN" : "infinite",
                        epoch,
                        batch,
                        batches,
                        run.optimizer);
        run.history.note(msg);
        throw new TrainingDiverged(msg, run.history);
    }
}
