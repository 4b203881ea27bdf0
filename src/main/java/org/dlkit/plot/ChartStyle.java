package org.dlkit.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.WeakHashMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The one look of every chart the kit draws, applied just before a chart becomes a picture: white
 * background and the kit's colours (also on charts a lesson built with XChart's own builders), a
 * title and a legend that fit inside the picture, and axis labels rounded to the ticks' step — a
 * chart is read on a projector, where "1.249072421709696" or a legend cut off at both edges helps
 * nobody.
 */
public final class ChartStyle {
    private ChartStyle() {}

    /** Room left between a legend or title and the picture's edges, in pixels. */
    static final int MARGIN = 12;

    /** Axis limits this class set on a chart (not the lesson), so a redraw may take them back. */
    private static final Map<Object, double[]> OWN_LIMITS = new WeakHashMap<>();

    /** Tidies the chart (see the class comment) and draws it. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(tidy(chart));
    }

    /** Applies the kit's look to the chart, in place, and returns it. */
    public static <C extends Chart<?, ?>> C tidy(C chart) {
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendBackgroundColor(Color.WHITE);
        s.setSeriesColors(Palette.SERIES);
        fitTitle(chart);
        fitLegend(chart);
        if (chart instanceof XYChart xy) roundAxes(xy);
        return chart;
    }

    /**
     * A title wider than the picture gets a smaller font, down to 10 points, and past that is cut
     * short with "…" (a chart's title is one line in XChart).
     */
    private static void fitTitle(Chart<?, ?> chart) {
        String title = chart.getTitle();
        if (title == null || title.isBlank()) return;
        Styler s = chart.getStyler();
        Font font = s.getChartTitleFont();
        // XChart centres the title over the plot, which starts right of the y axis's labels
        int axes = s instanceof AxesChartStyler ? 90 : 0;
        int room = chart.getWidth() - 2 * MARGIN - 2 * s.getChartTitlePadding() - axes;
        while (width(font, title) > room && font.getSize2D() > 10)
            font = font.deriveFont(font.getSize2D() - 1);
        s.setChartTitleFont(font);
        if (width(font, title) <= room) return;
        String cut = title;
        while (cut.length() > 1 && width(font, cut + "…") > room)
            cut = cut.substring(0, cut.length() - 1);
        chart.setTitle(cut.strip() + "…");
    }

    /**
     * A legend that would not fit where it is moves: a row of entries below the plot that is wider
     * than the picture, or a box inside the plot wider than half of it, goes to the right of the
     * plot as a column; a column on the right wider than 45% of the picture goes below it.
     */
    private static void fitLegend(Chart<?, ?> chart) {
        Styler s = chart.getStyler();
        if (!s.isLegendVisible() || chart.getSeriesMap().isEmpty()) return;
        int w = chart.getWidth();
        int widest = 0;
        int row = s.getLegendPadding();
        for (String name : chart.getSeriesMap().keySet()) {
            int entry = legendEntryWidth(s, name);
            widest = Math.max(widest, entry);
            row += entry + s.getLegendPadding();
        }
        LegendPosition at = s.getLegendPosition();
        boolean below = at == LegendPosition.OutsideS;
        boolean right = at == LegendPosition.OutsideE;
        boolean rowLayout = s.getLegendLayout() == LegendLayout.Horizontal;
        boolean fits =
                below && rowLayout
                        ? row <= w - 2 * MARGIN
                        : below || right ? widest <= 0.45 * w : widest <= 0.5 * (w - 120);
        if (fits) return;
        if (widest <= 0.45 * w) {
            s.setLegendPosition(LegendPosition.OutsideE);
            s.setLegendLayout(LegendLayout.Vertical);
        } else {
            s.setLegendPosition(LegendPosition.OutsideS);
            s.setLegendLayout(LegendLayout.Vertical);
        }
    }

    /** The width of one legend entry: its line and marker, its name, and the padding. */
    static int legendEntryWidth(Styler s, String name) {
        return s.getLegendSeriesLineLength()
                + 3 * s.getLegendPadding()
                + width(s.getLegendFont(), name);
    }

    /**
     * Tick labels rounded to the ticks' step; an axis whose data are one value (a run of one epoch)
     * gets a range around it instead of a single tick with every digit of the value.
     */
    private static void roundAxes(XYChart chart) {
        AxesChartStyler s = chart.getStyler();
        double[] own =
                OWN_LIMITS.computeIfAbsent(
                        s, k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
        double[] x = range(chart, true), y = range(chart, false);
        if (!s.isXAxisLogarithmic() && x != null) {
            double[] shown = limits(s, x, own, true);
            boolean counts = wholeNumbers(chart) && shown[1] - shown[0] >= 2; // epochs, steps
            s.setXAxisDecimalPattern(counts ? "#,##0" : pattern(shown));
        }
        if (!s.isYAxisLogarithmic() && y != null)
            s.setYAxisDecimalPattern(pattern(limits(s, y, own, false)));
    }

    /**
     * Sets (or takes back) this class's own limits of one axis; a lesson's own limits stay. Returns
     * the range the axis will show.
     */
    private static double[] limits(AxesChartStyler s, double[] range, double[] own, boolean xAxis) {
        int i = xAxis ? 0 : 2;
        Double min = xAxis ? s.getXAxisMin() : s.getYAxisMin();
        Double max = xAxis ? s.getXAxisMax() : s.getYAxisMax();
        boolean ours =
                min != null
                        && max != null
                        && min == own[i]
                        && max == own[i + 1]; // set by us before
        if ((min != null || max != null) && !ours) // the lesson chose them
        return new double[] {min != null ? min : range[0], max != null ? max : range[1]};
        Double newMin = null, newMax = null;
        if (range[1] - range[0] == 0) {
            double pad = range[0] == 0 ? 1 : xAxis ? 1 : Math.abs(range[0]) * 0.1;
            newMin = range[0] - pad;
            newMax = range[0] + pad;
        }
        own[i] = newMin == null ? Double.NaN : newMin;
        own[i + 1] = newMax == null ? Double.NaN : newMax;
        if (xAxis) s.setXAxisMin(newMin).setXAxisMax(newMax);
        else s.setYAxisMin(newMin).setYAxisMax(newMax);
        return newMin == null ? range : new double[] {newMin, newMax};
    }

    /** Whether every x value is a whole number (epochs, steps, sizes). */
    private static boolean wholeNumbers(XYChart chart) {
        for (XYSeries series : chart.getSeriesMap().values())
            for (double v : series.getXData()) if (v != Math.rint(v)) return false;
        return true;
    }

    /** [min, max] of the finite data on one axis, or null when there are none. */
    private static double[] range(XYChart chart, boolean xAxis) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double v : xAxis ? series.getXData() : series.getYData()) {
                if (!Double.isFinite(v)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo <= hi ? new double[] {lo, hi} : null;
    }

    /**
     * A decimal pattern with as many decimals as a tick step of about a fifth of the range needs: a
     * loss from 0.31 to 0.52 is labelled 0.30, 0.35 …; epochs 1 to 12 are labelled 1, 2, ….
     */
    static String pattern(double[] range) {
        double span = range[1] - range[0];
        if (span == 0) span = range[0] == 0 ? 1 : Math.abs(range[0]) * 0.2;
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(span / 5)));
        return decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(Math.min(decimals, 8));
    }

    private static int width(Font font, String text) {
        var image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        FontMetrics m = g.getFontMetrics(font);
        int w = m.stringWidth(text);
        g.dispose();
        return w;
    }
}
