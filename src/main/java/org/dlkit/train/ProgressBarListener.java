package org.dlkit.train;

import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar per epoch, with the running loss and, at the end, validation figures. */
public final class ProgressBarListener implements TrainingListener {
    private ProgressBar bar;
    private int batches;
    private int epoch;
    private double sum;
    private int count;

    /** A progress bar when the program runs in a terminal; none in a notebook or a pipe. */
    public static List<TrainingListener> inTerminal() {
        return System.console() == null ? List.of() : List.of(new ProgressBarListener());
    }

    @Override
    public void trainingStarted(History history, int batchesPerEpoch) {
        this.batches = batchesPerEpoch;
        System.err.println(history.provenance());
    }

    @Override
    public void batchEnded(int epoch, int batch, double loss) {
        if (bar == null || epoch != this.epoch) {
            if (bar != null) bar.close();
            this.epoch = epoch;
            sum = 0;
            count = 0;
            bar =
                    new ProgressBarBuilder()
                            .setTaskName("epoch " + epoch)
                            .setInitialMax(batches)
                            .setStyle(ProgressBarStyle.ASCII)
                            .continuousUpdate()
                            .build();
        }
        sum += loss;
        count++;
        bar.stepTo(batch);
        bar.setExtraMessage(String.format("loss %.4f", sum / count));
    }

    @Override
    public void epochEnded(History history) {
        if (bar == null) return;
        bar.setExtraMessage(
                history.hasAccuracy()
                        ? String.format(
                                "loss %.4f, validation accuracy %.2f%%",
                                history.last(History.TRAIN_LOSS),
                                100 * history.last(History.VALIDATION_ACCURACY))
                        : String.format(
                                "loss %.4f, validation loss %.4f",
                                history.last(History.TRAIN_LOSS),
                                history.last(History.VALIDATION_LOSS)));
        bar.close();
        bar = null;
    }

    @Override
    public void warning(String warning) {
        System.err.println("warning: " + warning);
    }

    @Override
    public void trainingEnded(History history) {
        if (bar != null) bar.close();
        bar = null;
        for (String n : history.notes()) System.err.println("note: " + n);
    }
}
