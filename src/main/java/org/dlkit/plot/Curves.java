package org.dlkit.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.dlkit.train.History;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * Line charts: training curves from a history table, several runs compared, functions of one
 * variable.
 */
public final class Curves {
    private Curves() {}

    static final int WIDTH = 640;
    static final int HEIGHT = 360;

    /**
     * The given columns of a per-epoch table (a training history) against its "epoch" column;
     * columns that are all NaN (not measured) are left out.
     */
    public static XYChart history(Table history, String... columns) {
        XYChart c =
                chart(
                        history.name() == null || history.name().isBlank()
                                ? "training"
                                : history.name(),
                        "epoch",
                        String.join(", ", columns));
        double[] epochs = numbers(history, "epoch");
        for (String col : columns) {
            double[] y = numbers(history, col);
            if (allNaN(y)) continue;
            c.addSeries(col, epochs, y)
                    .setMarker(epochs.length > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return c;
    }

    /** Train and validation loss of a run, per epoch. */
    public static XYChart loss(History h) {
        XYChart c = history(h.table(), History.TRAIN_LOSS, History.VALIDATION_LOSS);
        c.setTitle(h.name() + ": loss");
        c.setYAxisTitle("loss");
        return c;
    }

    /** Train and validation accuracy of a run, per epoch. */
    public static XYChart accuracy(History h) {
        XYChart c = history(h.table(), History.TRAIN_ACCURACY, History.VALIDATION_ACCURACY);
        c.setTitle(h.name() + ": accuracy");
        c.setYAxisTitle("accuracy");
        c.getStyler()
                .setLegendPosition(
                        org.knowm.xchart.style.Styler.LegendPosition
                                .InsideSE); // accuracy rises: keep the legend low
        return c;
    }

    /** One column of several runs (histories) on one chart. */
    public static XYChart compareRuns(String title, Map<String, History> runs, String column) {
        var tables = new java.util.LinkedHashMap<String, Table>();
        runs.forEach((name, h) -> tables.put(name, h.table()));
        return compare(title, tables, column);
    }

    /**
     * One column of several runs on one chart, e.g. validation accuracy of four optimisers. A run
     * with no epochs (one that diverged in its first) has no line.
     */
    public static XYChart compare(String title, Map<String, Table> runs, String column) {
        XYChart c = chart(title, "epoch", column);
        c.getStyler()
                .setLegendPosition(
                        org.knowm.xchart.style.Styler.LegendPosition
                                .OutsideS); // many runs: never over the lines
        c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        runs.forEach(
                (name, t) -> {
                    double[] epochs = numbers(t, "epoch");
                    if (epochs.length == 0) return; // a run stopped in its first epoch: no line
                    c.addSeries(name, epochs, numbers(t, column))
                            .setMarker(
                                    epochs.length > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
                });
        return c;
    }

    /**
     * Functions of one variable over [from, to], e.g. activation functions and their derivatives.
     */
    public static XYChart functions(
            String title, double from, double to, Map<String, DoubleUnaryOperator> fs) {
        if (!(to > from))
            throw new IllegalArgumentException(
                    "Curves.functions: expected from < to, got [" + from + ", " + to + "]");
        XYChart c = chart(title, "z", "f(z)");
        int n = 401;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = from + (to - from) * i / (n - 1);
        fs.forEach(
                (name, f) -> {
                    double[] y = new double[n];
                    for (int i = 0; i < n; i++) y[i] = f.applyAsDouble(z[i]);
                    c.addSeries(name, z, y).setMarker(SeriesMarkers.NONE);
                });
        return c;
    }

    /**
     * Histograms of several samples on one chart, as lines through the bin counts: {@code bins}
     * equal bins over [from, to], values outside it counted in the first or last bin. For example
     * the weights of a layer trained with and without a penalty.
     */
    public static XYChart histogram(
            String title, Map<String, double[]> samples, double from, double to, int bins) {
        if (!(to > from) || bins < 1)
            throw new IllegalArgumentException(
                    "Curves.histogram: expected from < to and at least one bin, got ["
                            + from
                            + ", "
                            + to
                            + "] and "
                            + bins
                            + " bins");
        XYChart c = chart(title, "value", "count");
        double width = (to - from) / bins;
        double[] centres = new double[bins];
        for (int i = 0; i < bins; i++) centres[i] = from + (i + 0.5) * width;
        samples.forEach(
                (name, values) -> {
                    double[] counts = new double[bins];
                    for (double v : values) {
                        if (Double.isNaN(v)) continue;
                        int i = (int) Math.floor((v - from) / width);
                        counts[Math.max(0, Math.min(bins - 1, i))]++;
                    }
                    c.addSeries(name, centres, counts).setMarker(SeriesMarkers.NONE);
                });
        return c;
    }

    /** An empty chart in the kit's size and style. */
    public static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart c =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle(yTitle)
                        .build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        c.getStyler().setSeriesColors(Palette.SERIES);
        return c;
    }

    static double[] numbers(Table t, String column) {
        if (!t.columnNames().contains(column)) {
            throw new IllegalArgumentException(
                    "table '"
                            + t.name()
                            + "' has no column '"
                            + column
                            + "'; it has "
                            + t.columnNames());
        }
        if (!(t.column(column) instanceof NumericColumn<?> col)) {
            throw new IllegalArgumentException(
                    "column '" + column + "' of table '" + t.name() + "' is not numeric");
        }
        var out = new ArrayList<Double>();
        for (int i = 0; i < col.size(); i++)
            out.add(col.isMissing(i) ? Double.NaN : col.getDouble(i));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static boolean allNaN(double[] y) {
        for (double v : y) if (!Double.isNaN(v)) return false;
        return true;
    }

    static List<String> names(Map<String, ?> m) {
        return new ArrayList<>(m.keySet());
    }
}
