package org.dlkit.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class PlotTest {

    private static Table history() {
        return Table.create(
                "run",
                IntColumn.create("epoch", 1, 2, 3),
                DoubleColumn.create("train loss", 0.9, 0.5, 0.3),
                DoubleColumn.create("validation loss", Double.NaN, Double.NaN, Double.NaN));
    }

    @Test
    void historyDrawsMeasuredColumnsOnly() {
        XYChart c = Curves.history(history(), "train loss", "validation loss");
        assertEquals(1, c.getSeriesMap().size());
        assertTrue(c.getSeriesMap().containsKey("train loss"));
    }

    @Test
    void anUnknownColumnIsNamedWithTheOnesThereAre() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Curves.history(history(), "accuracy"));
        assertTrue(e.getMessage().contains("no column 'accuracy'"), e.getMessage());
        assertTrue(e.getMessage().contains("train loss"), e.getMessage());
    }

    @Test
    void compareAndFunctionsMakeOneSeriesEach() {
        assertEquals(
                2,
                Curves.compare("runs", Map.of("a", history(), "b", history()), "train loss")
                        .getSeriesMap()
                        .size());
        var f =
                Curves.functions(
                        "σ",
                        -6,
                        6,
                        Map.of("sigmoid", z -> 1 / (1 + Math.exp(-z)), "tanh", Math::tanh));
        assertEquals(2, f.getSeriesMap().size());
        Table none = history().emptyCopy();
        assertEquals(
                1,
                Curves.compare("runs", Map.of("a", history(), "diverged", none), "train loss")
                        .getSeriesMap()
                        .size());
        assertEquals(0.5, f.getSeriesMap().get("sigmoid").getYData()[200], 1e-12);
    }

    @Test
    void histogramCountsEveryValueInItsBinAndClampsTheRest() {
        XYChart c =
                Curves.histogram(
                        "w", Map.of("a", new double[] {-5, 0.1, 0.2, 0.9, 3, Double.NaN}), 0, 1, 4);
        double[] counts = c.getSeriesMap().get("a").getYData();
        // bins [0, .25) [.25, .5) [.5, .75) [.75, 1]: −5 joins the first, 3 the last, NaN none
        assertEquals(3, counts[0]);
        assertEquals(0, counts[1]);
        assertEquals(0, counts[2]);
        assertEquals(2, counts[3]);
        assertEquals(0.125, c.getSeriesMap().get("a").getXData()[0], 1e-12);
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Curves.histogram("w", Map.of(), 1, 0, 4));
        assertTrue(e.getMessage().contains("from < to"), e.getMessage());
    }

    @Test
    void digitGridHasTenPerRowAndInkWhereThePixelsAre() {
        var x = Nd4j.zeros(12, 784);
        x.putScalar(new long[] {0, 0}, 1.0); // top-left pixel of the first digit
        BufferedImage g = Images.digits(x, null);
        assertEquals(2 + 10 * (56 + 2), g.getWidth());
        assertEquals(2 + 2 * (56 + 2), g.getHeight());
        assertEquals(Color.WHITE.getRGB(), g.getRGB(2, 2));
        assertEquals(Color.BLACK.getRGB(), g.getRGB(4, 4));
    }

    @Test
    void rowsStackTitledRowsOfImages() {
        var top = Nd4j.zeros(3, 784);
        var bottom = Nd4j.zeros(2, 28, 28);
        bottom.putScalar(new long[] {1, 0, 0}, 1.0); // top-left pixel of the bottom row's second
        var rows = new java.util.LinkedHashMap<String, org.nd4j.linalg.api.ndarray.INDArray>();
        rows.put("originals", top);
        rows.put("reconstructions", bottom);
        BufferedImage g = Images.rows(rows, 28, 28, 1);
        assertEquals(2 * (16 + 28 + 4), g.getHeight(), "two rows, each under a title line");
        assertEquals(200, g.getWidth(), "at least 200 wide, for the titles");
        int y = 16 + 28 + 4 + 16 + 2; // second row's images start below its title
        assertEquals(Color.WHITE.getRGB(), g.getRGB(2 + 28 + 2, y), "the lit pixel");
        assertEquals(Color.BLACK.getRGB(), g.getRGB(2, y), "the dark first image");
        String longTitle =
                "a title far longer than the two small images under it, which must not be cut";
        BufferedImage wide =
                Images.rows(java.util.Map.of(longTitle, Nd4j.zeros(2, 784)), 28, 28, 1);
        assertTrue(
                wide.getWidth() > 400,
                "the image is as wide as its longest title: " + wide.getWidth());
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Images.rows(java.util.Map.of("bad", Nd4j.zeros(2, 783)), 28, 28, 1));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Images.rows[bad]: images expected 28×28 = 784 values per image but got [2, 783]"),
                e.getMessage());
    }

    @Test
    void weightTilesAreBlueForPositiveAndOrangeForNegative() {
        var w = Nd4j.zeros(784, 2);
        w.putScalar(new long[] {0, 0}, 0.5);
        w.putScalar(new long[] {0, 1}, -0.5);
        BufferedImage g = Images.weights(w, 28, 28, 2, 1);
        assertEquals(Palette.diverging(1).getRGB(), g.getRGB(2, 2));
        assertEquals(Palette.diverging(-1).getRGB(), g.getRGB(2 + 28 + 2, 2));
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Images.weights(Nd4j.zeros(785, 3), 28, 28, 2, 1));
        assertTrue(e.getMessage().contains("W expected [784, M] but got [785, 3]"), e.getMessage());
    }

    @Test
    void decisionRegionsFollowTheModel() {
        var v = new Boundaries.View(2, 40);
        // P(class 1) = 1 where x1 > 0: the right half is blue, the left half orange
        BufferedImage img =
                Boundaries.decision(
                        x -> x.getColumn(0).gt(0).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT),
                        null,
                        null,
                        v,
                        null);
        assertEquals(Palette.diverging(0.75).getRGB(), img.getRGB(35, 20));
        assertEquals(Palette.diverging(-0.75).getRGB(), img.getRGB(4, 20));
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Boundaries.decision(x -> Nd4j.zeros(3), null, null, v, null));
        assertTrue(e.getMessage().contains("gave 3 outputs for 1600 grid points"), e.getMessage());
    }

    @Test
    void oneFieldPerNeuron() {
        var v = new Boundaries.View(2, 20);
        BufferedImage sheet =
                Boundaries.neurons(
                        x ->
                                Nd4j.hstack(
                                        x.getColumn(0).reshape(-1, 1),
                                        x.getColumn(1).reshape(-1, 1),
                                        x.getColumn(0).reshape(-1, 1)),
                        v,
                        2,
                        2);
        assertEquals(2 * (20 + 6) + 6, sheet.getWidth());
        assertEquals(2 * (20 + 22) + 6, sheet.getHeight());
    }

    @Test
    void inspectingAConvolutionalNetwork() {
        var net =
                new org.dlkit.nn.Network(
                        "cnn",
                        new org.dlkit.nn.Conv2D("conv1", 1, 4, 3, org.dlkit.nn.Init.HE, 1),
                        new org.dlkit.nn.Relu("relu1"),
                        org.dlkit.nn.Pooling.max("pool1", 2),
                        new org.dlkit.nn.Flatten("flatten"));
        var images =
                org.nd4j.linalg.factory.Nd4j.rand(
                        org.nd4j.linalg.api.buffer.DataType.FLOAT, 30, 1, 10, 10);
        var maps =
                Inspect.featureMaps(
                        net, images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)), 2);
        org.junit.jupiter.api.Assertions.assertTrue(
                maps.getHeight() > 3 * 18, "three labelled rows: conv, relu, pool");
        var filters = Inspect.filters((org.dlkit.nn.Conv2D) net.layers().get(0), 8);
        org.junit.jupiter.api.Assertions.assertTrue(
                filters.getWidth() >= 4 * 3 * 8, "four 3×3 tiles side by side");
        // the image that excites filter 0 most is the one whose channel-0 maximum after ReLU is
        // largest
        int[] top = Inspect.topInputs(net, 1, 0, images, 3);
        org.junit.jupiter.api.Assertions.assertEquals(3, top.length);
        var a =
                net.layers()
                        .get(1)
                        .forward(
                                net.layers().get(0).forward(images, org.dlkit.nn.Mode.EVAL),
                                org.dlkit.nn.Mode.EVAL);
        double[] max = new double[30];
        for (int n = 0; n < 30; n++)
            max[n] =
                    a.get(
                                    org.nd4j.linalg.indexing.NDArrayIndex.point(n),
                                    org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                            .maxNumber()
                            .doubleValue();
        int argmax =
                java.util.stream.IntStream.range(0, 30)
                        .reduce((i, j) -> max[i] >= max[j] ? i : j)
                        .getAsInt();
        org.junit.jupiter.api.Assertions.assertEquals(argmax, top[0]);
        org.junit.jupiter.api.Assertions.assertTrue(
                max[top[0]] >= max[top[1]] && max[top[1]] >= max[top[2]]);
        var confusion = Inspect.confusion(new long[][] {{5, 1}, {0, 7}}, "toy");
        org.junit.jupiter.api.Assertions.assertTrue(confusion.getWidth() > 2 * 40);
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Inspect.featureMaps(net, images, 2));
    }

    private static BufferedImage filled(int w, int h, Color c) {
        var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    @Test
    void besidePutsPicturesInARowAndStackedInAColumnUnderCaptions() {
        var red = filled(30, 20, Color.RED);
        var blue = filled(40, 50, Color.BLUE);
        var row = Images.beside(red, blue);
        assertEquals(30 + 10 + 40, row.getWidth());
        assertEquals(50, row.getHeight());
        assertEquals(Color.RED.getRGB(), row.getRGB(29, 19));
        assertEquals(Color.WHITE.getRGB(), row.getRGB(35, 0), "the gap");
        assertEquals(Color.WHITE.getRGB(), row.getRGB(0, 30), "below the shorter picture");
        assertEquals(Color.BLUE.getRGB(), row.getRGB(40, 49));
        var parts = new java.util.LinkedHashMap<String, BufferedImage>();
        parts.put("red", red);
        parts.put("blue", blue);
        var column = Images.stacked(parts);
        assertEquals(4 + 20 + 20 + 50 + 20, column.getHeight());
        assertEquals(Color.RED.getRGB(), column.getRGB(2, 20), "under its caption");
        assertEquals(Color.BLUE.getRGB(), column.getRGB(2, 20 + 20 + 20));
    }

    @Test
    void probabilityIsTheSigmoidOfTheLogitAfterTheFeatures() {
        var w = Nd4j.createFromArray(new float[][] {{1}, {-2}});
        var b = Nd4j.createFromArray(new float[][] {{0.5f}});
        var net = new org.dlkit.nn.Network("n", new org.dlkit.nn.Dense("out", w, b));
        var points = Nd4j.createFromArray(new float[][] {{1, 2}, {-1, 0.5f}});
        double[] p = Boundaries.probability(net).apply(points).reshape(-1).toDoubleVector();
        assertEquals(1 / (1 + Math.exp(-(1 - 4 + 0.5))), p[0], 1e-6);
        assertEquals(1 / (1 + Math.exp(-(-1 - 1 + 0.5))), p[1], 1e-6);
        var squares =
                new org.dlkit.data.Playground.Feature[] {
                    org.dlkit.data.Playground.Feature.X1_SQUARED,
                    org.dlkit.data.Playground.Feature.X2_SQUARED
                };
        double[] q =
                Boundaries.probability(net, squares).apply(points).reshape(-1).toDoubleVector();
        assertEquals(1 / (1 + Math.exp(-(1 - 8 + 0.5))), q[0], 1e-6);
    }
}
