package org.dlkit.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The four classification sets of TensorFlow Playground, drawn the way the Playground draws them:
 * points in the square [−6, 6]², labels 0 (orange) and 1 (blue) as one column, and a noise level
 * from 0 to 0.5 ("noise 0–50" in the Playground). x is (N, 2), y is (N, 1).
 */
public final class Playground {
    private Playground() {}

    /** The Playground's sets. */
    public enum Shape {
        CIRCLE,
        XOR,
        GAUSSIAN,
        SPIRAL
    }

    /** The inputs the Playground offers on its left: the two coordinates and their crosses. */
    public enum Feature {
        X1("X₁"),
        X2("X₂"),
        X1_SQUARED("X₁²"),
        X2_SQUARED("X₂²"),
        X1_X2("X₁X₂"),
        SIN_X1("sin X₁"),
        SIN_X2("sin X₂");

        private final String label;

        Feature(String label) {
            this.label = label;
        }

        double of(double x1, double x2) {
            return switch (this) {
                case X1 -> x1;
                case X2 -> x2;
                case X1_SQUARED -> x1 * x1;
                case X2_SQUARED -> x2 * x2;
                case X1_X2 -> x1 * x2;
                case SIN_X1 -> Math.sin(x1);
                case SIN_X2 -> Math.sin(x2);
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** n points of the given set with the noise level in [0, 0.5], reproducible from the seed. */
    public static DataSet make(Shape shape, int n, double noise, long seed) {
        if (n < 2)
            throw new IllegalArgumentException("Playground.make: n must be at least 2, got " + n);
        if (!(noise >= 0 && noise <= 0.5))
            throw new IllegalArgumentException(
                    "Playground.make: noise must be in [0, 0.5], got " + noise);
        var r = new Random(seed);
        double[][] x = new double[n][2];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            switch (shape) {
                case CIRCLE -> circle(i, n, noise, r, x[i], y[i]);
                case XOR -> xor(noise, r, x[i], y[i]);
                case GAUSSIAN -> gaussian(i, n, noise, r, x[i], y[i]);
                case SPIRAL -> spiral(i, n, noise, r, x[i], y[i]);
            }
        }
        var data =
                new DataSet(
                        shape.name().toLowerCase(),
                        Nd4j.createFromArray(x).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT),
                        Nd4j.createFromArray(y).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        return data.shuffled(seed + 1);
    }

    /** Half inside radius 2.5 (label 1), half in the ring from 3.5 to 5 (label 0). */
    private static void circle(int i, int n, double noise, Random r, double[] x, double[] y) {
        boolean inside = i < n / 2;
        double radius = inside ? uniform(r, 0, 2.5) : uniform(r, 3.5, 5);
        double angle = uniform(r, 0, 2 * Math.PI);
        x[0] = radius * Math.sin(angle) + uniform(r, -5, 5) * noise;
        x[1] = radius * Math.cos(angle) + uniform(r, -5, 5) * noise;
        y[0] = inside ? 1 : 0;
    }

    /** Uniform in [−5, 5]², pushed 0.3 away from the axes; label 1 where x₁x₂ ≥ 0. */
    private static void xor(double noise, Random r, double[] x, double[] y) {
        double a = uniform(r, -5, 5);
        double b = uniform(r, -5, 5);
        a += a > 0 ? 0.3 : -0.3;
        b += b > 0 ? 0.3 : -0.3;
        y[0] = a * b >= 0 ? 1 : 0;
        x[0] = a + uniform(r, -5, 5) * noise;
        x[1] = b + uniform(r, -5, 5) * noise;
    }

    /** Two round clouds at (2, 2) (label 1) and (−2, −2) (label 0); noise widens them. */
    private static void gaussian(int i, int n, double noise, Random r, double[] x, double[] y) {
        boolean positive = i < n / 2;
        double sd = Math.sqrt(0.5 + noise / 0.5 * 3.5);
        double c = positive ? 2 : -2;
        x[0] = c + r.nextGaussian() * sd;
        x[1] = c + r.nextGaussian() * sd;
        y[0] = positive ? 1 : 0;
    }

    /** Two arms winding 1.75 turns out to radius 5, half a turn apart. */
    private static void spiral(int i, int n, double noise, Random r, double[] x, double[] y) {
        int half = n / 2;
        boolean positive = i < half;
        int k = positive ? i : i - half;
        int m = positive ? half : n - half;
        double radius = 5.0 * k / m;
        double t = 1.75 * k / m * 2 * Math.PI + (positive ? 0 : Math.PI);
        x[0] = radius * Math.sin(t) + uniform(r, -1, 1) * noise * 2;
        x[1] = radius * Math.cos(t) + uniform(r, -1, 1) * noise * 2;
        y[0] = positive ? 1 : 0;
    }

    private static double uniform(Random r, double from, double to) {
        return from + (to - from) * r.nextDouble();
    }

    /**
     * The chosen inputs for points (N, 2): one column per feature, in the order given, e.g. {@code
     * features(x, X1, X2, X1_SQUARED)} is (N, 3).
     */
    public static INDArray features(INDArray points, Feature... features) {
        Shapes.require("Playground.features", "points", points, new long[] {Shapes.ANY, 2}, null);
        if (features.length == 0)
            throw new IllegalArgumentException("Playground.features: choose at least one feature");
        double[][] p = points.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        float[][] out = new float[p.length][features.length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < features.length; j++)
                out[i][j] = (float) features[j].of(p[i][0], p[i][1]);
        }
        return Nd4j.createFromArray(out);
    }

    /** The set with its inputs replaced by the chosen features. */
    public static DataSet withFeatures(DataSet data, Feature... features) {
        return new DataSet(data.name() + List.of(features), features(data.x(), features), data.y());
    }

    /**
     * Train and test halves as the Playground's "ratio of training to test data" slider splits
     * them.
     */
    public static List<DataSet> split(DataSet data, double trainFraction) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException(
                    "Playground.split: trainFraction must be between 0 and 1, got "
                            + trainFraction);
        }
        int n = (int) Math.round(data.size() * trainFraction);
        var parts =
                new ArrayList<>(
                        data.split(
                                Math.max(1, Math.min(n, data.size() - 1)),
                                data.name() + "-train",
                                data.name() + "-test"));
        return List.copyOf(parts);
    }
}
