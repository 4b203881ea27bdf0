package org.dlkit.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.dlkit.train.History;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Every chart helper, drawn with long series names and long titles, must keep its legend and title
 * inside the picture: a projector shows nothing that is cut off at the edges. Nothing may be drawn
 * in the outermost pixels (a cut-off legend or title reaches them), and no tick label may carry
 * more digits than its axis needs.
 */
class ChartStyleTest {

    /** Six optimiser-like names, as lesson 04's race has them, and two long ones. */
    private static final String[] NAMES = {
        "SGD η=0.1",
        "momentum η=0.05 μ=0.9",
        "Nesterov η=0.05 μ=0.9",
        "AdaGrad η=0.05",
        "RMSProp η=0.001",
        "Adam η=0.001",
        "network3: sigmoid, SGD η = 0.1, batch 10",
        "modern: ReLU, dropout, L2, Adam, batch 64"
    };

    private static History run(String name, int epochs) {
        var h = new History(name, "test");
        for (int e = 1; e <= epochs; e++) h.add(e, 1.0 / e, 1 - 0.5 / e, 1.1 / e, 1 - 0.6 / e, 1);
        return h;
    }

    private static Map<String, History> runs(int count, int epochs) {
        var runs = new LinkedHashMap<String, History>();
        for (int i = 0; i < count; i++) runs.put(NAMES[i], run(NAMES[i], epochs));
        return runs;
    }

    /** The columns and rows along the picture's border that hold anything but the background. */
    private static String inkOnTheEdges(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int white = Color.WHITE.getRGB();
        var where = new StringBuilder();
        for (int y = 0; y < h; y++) {
            if (img.getRGB(0, y) != white || img.getRGB(1, y) != white) where.append(" left@" + y);
            if (img.getRGB(w - 1, y) != white || img.getRGB(w - 2, y) != white)
                where.append(" right@" + y);
            if (where.length() > 80) break;
        }
        for (int x = 0; x < w && where.length() <= 80; x++) {
            if (img.getRGB(x, 0) != white) where.append(" top@" + x);
            if (img.getRGB(x, h - 1) != white) where.append(" bottom@" + x);
        }
        return where.toString();
    }

    private static void fits(String what, org.knowm.xchart.internal.chartpart.Chart<?, ?> c) {
        String ink = inkOnTheEdges(ChartStyle.image(c));
        assertTrue(ink.isEmpty(), what + ": something is cut off at the picture's edge:" + ink);
    }

    @Test
    void aRowOfLongNamesBelowThePlotMovesWhereItFits() {
        for (int n = 2; n <= NAMES.length; n++) {
            XYChart c =
                    Curves.compareRuns(
                            "Training loss by optimiser", runs(n, 8), History.TRAIN_LOSS);
            fits(n + " runs compared", c);
        }
    }

    @Test
    void theOptimiserRaceOfLesson04HasItsWholeLegend() {
        XYChart c =
                Curves.compareRuns(
                        "Validation accuracy by optimiser",
                        runs(6, 8),
                        History.VALIDATION_ACCURACY);
        fits("six optimisers", c);
        assertEquals(
                LegendPosition.OutsideE,
                c.getStyler().getLegendPosition(),
                "a column on the right");
    }

    @Test
    void everyHelperKeepsItsLegendAndTitleInside() {
        History h = run("a run with a rather long name for a title, as lessons give them", 12);
        fits("loss", Curves.loss(h));
        fits("accuracy", Curves.accuracy(h));
        fits("history", Curves.history(h.table(), History.TRAIN_LOSS, History.VALIDATION_LOSS));
        var fs = new LinkedHashMap<String, DoubleUnaryOperator>();
        for (String name : NAMES) fs.put(name, z -> Math.tanh(z) * name.length());
        fits("functions", Curves.functions("Eight functions with long names", -4, 4, fs));
        XYChart inside = Curves.chart("Inside legend, long names", "x", "y");
        inside.getStyler().setLegendPosition(LegendPosition.InsideNW);
        for (String name : NAMES)
            inside.addSeries(
                    name + " — with a longer explanation",
                    new double[] {0, 1},
                    new double[] {0, 1});
        fits("an inside legend", inside);
        XYChart longTitle =
                Curves.chart(
                        "A title far too long for one line of the chart: the results of every network of lesson 08 beside network3's",
                        "epoch",
                        "accuracy");
        longTitle.addSeries("s", new double[] {1, 2}, new double[] {0.5, 0.6});
        fits("a long title", longTitle);
    }

    @Test
    void aDecisionPicturesLongCaptionStaysInsideIt() {
        var x = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{1, 1}, {-1, -1}});
        java.util.function.Function<
                        org.nd4j.linalg.api.ndarray.INDArray, org.nd4j.linalg.api.ndarray.INDArray>
                p =
                        q ->
                                q.getColumn(0)
                                        .reshape(-1, 1)
                                        .mul(0)
                                        .add(0.9); // a blue field, so the caption's pale band shows
        BufferedImage plain = Boundaries.decision(p, x, null, Boundaries.PLAYGROUND, null);
        BufferedImage titled =
                Boundaries.decision(
                        p,
                        x,
                        null,
                        Boundaries.PLAYGROUND,
                        "10: standardised, η = 0.003 · Playground loss 0.023 and a few more words");
        int w = plain.getWidth();
        for (int y = 0; y < plain.getHeight(); y++)
            for (int col = w - 3; col < w; col++)
                assertEquals(
                        plain.getRGB(col, y),
                        titled.getRGB(col, y),
                        "caption ink at the right edge, row " + y);
        assertTrue(
                titled.getRGB(6, 30) != plain.getRGB(6, 30)
                        || titled.getRGB(10, 26) != plain.getRGB(10, 26),
                "a caption this long wraps onto a second line");
    }

    @Test
    void chartsBuiltWithXChartsOwnBuildersGetTheKitsLook() {
        XYChart plain = new XYChartBuilder().width(600).height(320).title("default").build();
        plain.addSeries("s", new double[] {0, 1, 2}, new double[] {1, 2, 1});
        BufferedImage img = ChartStyle.image(plain);
        assertEquals(Color.WHITE.getRGB(), img.getRGB(3, 3), "white background, not XChart's grey");
        CategoryChart bars =
                new CategoryChartBuilder().width(600).height(300).title("bars").build();
        bars.addSeries("δ", java.util.List.of("a", "b"), java.util.List.of(1.0, -2.0));
        assertEquals(Color.WHITE.getRGB(), ChartStyle.image(bars).getRGB(3, 3));
    }

    @Test
    void ticksAreRoundedToWhatTheAxisNeeds() {
        assertEquals("#,##0", ChartStyle.pattern(new double[] {1, 12}));
        assertEquals("#,##0.00", ChartStyle.pattern(new double[] {0.31, 0.52}));
        assertEquals("#,##0.000", ChartStyle.pattern(new double[] {0.981, 0.993}));
        // one epoch: a single loss value gets a range around it and two decimals, not sixteen
        XYChart one = Curves.loss(run("one epoch", 1));
        one.getSeriesMap()
                .get(History.TRAIN_LOSS)
                .replaceData(new double[] {1}, new double[] {1.249072421709696}, null);
        ChartStyle.image(one);
        String pattern = one.getStyler().getYAxisDecimalPattern();
        assertTrue(pattern.length() <= "#,##0.000".length(), pattern);
        assertTrue(one.getStyler().getXAxisMin() < 1 && one.getStyler().getXAxisMax() > 1);
        // a redraw with more epochs takes the padding back
        one.getSeriesMap()
                .get(History.TRAIN_LOSS)
                .replaceData(new double[] {1, 2, 3}, new double[] {1.2, 0.9, 0.7}, null);
        one.getSeriesMap()
                .get(History.VALIDATION_LOSS)
                .replaceData(new double[] {1, 2, 3}, new double[] {1.1, 0.8, 0.75}, null);
        ChartStyle.image(one);
        assertEquals(null, one.getStyler().getXAxisMin());
    }

    @Test
    void limitsALessonSetStay() {
        XYChart c = Curves.chart("fixed", "x", "y");
        c.addSeries("s", new double[] {0, 1}, new double[] {0.2, 0.4});
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        ChartStyle.image(c);
        assertEquals(0.0, c.getStyler().getYAxisMin());
        assertEquals(1.0, c.getStyler().getYAxisMax());
    }
}
