package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dlkit.check.GradientCheck;
import org.dlkit.check.GradientReport;
import org.dlkit.nn.reference.ActivationLoops;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Shared checks for layer tests: float64, random inputs, fast-vs-reference, gradient checks. */
final class NnTesting {
    private NnTesting() {}

    /** Gradient checks need float64: call before building layers. */
    static void float64() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static void float32() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    static double[][] random(int rows, int cols, long seed) {
        var rng = new Random(seed);
        double[][] a = new double[rows][cols];
        for (double[] r : a) for (int j = 0; j < cols; j++) r[j] = rng.nextGaussian();
        return a;
    }

    static INDArray nd(double[][] a) {
        return Nd4j.createFromArray(a).castTo(Nd4j.defaultFloatingPointType());
    }

    static double[][] arr(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    static void assertClose(double[][] expected, INDArray got, double tol) {
        double[][] g = arr(got);
        assertEquals(expected.length, g.length, "rows");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, g[i].length, "columns");
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(
                        expected[i][j],
                        g[i][j],
                        tol * Math.max(1, Math.abs(expected[i][j])),
                        "at [" + i + "][" + j + "]");
            }
        }
    }

    /** Worst relative error below 1e-6 in float64, every tensor checked. */
    static GradientReport assertGradientsOk(GradientReport r) {
        assertTrue(r.worst() < 1e-6 && r.passed(), r.toString());
        return r;
    }

    /**
     * An element-wise activation agrees with its loops and passes the gradient check on several
     * shapes.
     */
    static void checkActivation(java.util.function.Supplier<Layer> make, ActivationLoops.Fn fn) {
        float64();
        try {
            int[][] shapes = {{1, 1}, {4, 7}, {13, 3}};
            for (int[] s : shapes) {
                double[][] x = random(s[0], s[1], 31L * s[0] + s[1]);
                double[][] dOut = random(s[0], s[1], 7L * s[0] + s[1]);
                Layer layer = make.get();
                INDArray dOutNd = nd(dOut);
                INDArray dOutCopy = dOutNd.dup();
                assertClose(
                        ActivationLoops.forward(fn, x), layer.forward(nd(x), Mode.TRAIN), 1e-12);
                assertClose(ActivationLoops.backward(fn, x, dOut), layer.backward(dOutNd), 1e-12);
                assertEquals(dOutCopy, dOutNd, "backward must not change dOut in place");
                assertGradientsOk(GradientCheck.layer(make.get(), nd(x), 5));
            }
        } finally {
            float32();
        }
    }
}
