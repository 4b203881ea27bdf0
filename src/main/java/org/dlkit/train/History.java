package org.dlkit.train;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * What a training run did, epoch by epoch, as a Tablesaw table — epoch, train loss, train accuracy,
 * validation loss, validation accuracy, seconds — with the run's provenance (how it was made:
 * network, optimiser, settings, data, seed, backend) and any health warnings. Plots and notebooks
 * read it; nothing here prints.
 */
public final class History {
    public static final String EPOCH = "epoch";
    public static final String TRAIN_LOSS = "train loss";
    public static final String TRAIN_ACCURACY = "train accuracy";
    public static final String VALIDATION_LOSS = "validation loss";
    public static final String VALIDATION_ACCURACY = "validation accuracy";
    public static final String SECONDS = "seconds";

    private final String name;
    private final String provenance;
    private final Table table;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public History(String name, String provenance) {
        this.name = name;
        this.provenance = provenance;
        this.table =
                Table.create(
                        name,
                        IntColumn.create(EPOCH),
                        DoubleColumn.create(TRAIN_LOSS),
                        DoubleColumn.create(TRAIN_ACCURACY),
                        DoubleColumn.create(VALIDATION_LOSS),
                        DoubleColumn.create(VALIDATION_ACCURACY),
                        DoubleColumn.create(SECONDS));
    }

    /** Adds one epoch's row; NaN where a figure was not measured (no validation set). */
    public void add(
            int epoch,
            double trainLoss,
            double trainAccuracy,
            double validationLoss,
            double validationAccuracy,
            double seconds) {
        table.intColumn(EPOCH).append(epoch);
        table.doubleColumn(TRAIN_LOSS).append(trainLoss);
        table.doubleColumn(TRAIN_ACCURACY).append(trainAccuracy);
        table.doubleColumn(VALIDATION_LOSS).append(validationLoss);
        table.doubleColumn(VALIDATION_ACCURACY).append(validationAccuracy);
        table.doubleColumn(SECONDS).append(seconds);
    }

    public String name() {
        return name;
    }

    /** The per-epoch table (live: it grows while training runs). */
    public Table table() {
        return table;
    }

    public int epochs() {
        return table.rowCount();
    }

    /** The figure in a column at the last epoch, NaN before the first. */
    public double last(String column) {
        return epochs() == 0 ? Double.NaN : table.doubleColumn(column).getDouble(epochs() - 1);
    }

    /**
     * Whether the run measured accuracy, on the training or the validation set: a classifier's
     * does; an autoencoder's, whose targets are its inputs, does not (the accuracy columns hold
     * NaN). Training on Spark measures validation accuracy only.
     */
    public boolean hasAccuracy() {
        return measured(TRAIN_ACCURACY) || measured(VALIDATION_ACCURACY);
    }

    private boolean measured(String column) {
        var c = table.doubleColumn(column); // Tablesaw keeps NaN as "missing"
        return c.size() > c.countMissing();
    }

    /** The highest validation accuracy of the run, NaN without validation. */
    public double bestValidationAccuracy() {
        return epochs() == 0 ? Double.NaN : table.doubleColumn(VALIDATION_ACCURACY).max();
    }

    /** Training time in seconds, all epochs. */
    public double seconds() {
        return table.doubleColumn(SECONDS).sum();
    }

    /** How the run was made: network, optimiser, settings, data, seed, backend. */
    public String provenance() {
        return provenance;
    }

    /** Training-health warnings in plain words, in the order they arose, each once. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Events of the run that are not warnings: early stopping, the parameters kept. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    boolean warn(String warning) {
        if (warnings.contains(warning)) return false;
        warnings.add(warning);
        return true;
    }

    void note(String note) {
        notes.add(note);
    }

    /** The provenance, the table, the notes and the warnings as text. */
    public String describe() {
        var s = new StringBuilder(provenance).append('\n').append(table.printAll()).append('\n');
        for (String n : notes) s.append("note: ").append(n).append('\n');
        for (String w : warnings) s.append("warning: ").append(w).append('\n');
        return s.toString();
    }

    @Override
    public String toString() {
        if (epochs() > 0 && !hasAccuracy()) {
            boolean validated = !Double.isNaN(last(VALIDATION_LOSS));
            return String.format(
                    "History[%s](%d epochs, last %s loss %.4f, %.1f s)",
                    name,
                    epochs(),
                    validated ? "validation" : "training",
                    last(validated ? VALIDATION_LOSS : TRAIN_LOSS),
                    seconds());
        }
        return String.format(
                "History[%s](%d epochs, last validation accuracy %.4f, %.1f s)",
                name, epochs(), last(VALIDATION_ACCURACY), seconds());
    }
}
