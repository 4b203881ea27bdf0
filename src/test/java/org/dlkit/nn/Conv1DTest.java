package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dlkit.check.GradientCheck;
import org.dlkit.nn.reference.Conv1dLoops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Conv1DTest {

    /** N, C, T, F, K, S, P: strides 1–3, padding 0–2 and SAME, one and several channels. */
    static final int[][] CASES = {
        {1, 1, 7, 1, 3, 1, 0}, {2, 3, 9, 4, 3, 1, 1}, {3, 2, 11, 3, 4, 2, 0},
        {2, 4, 10, 2, 2, 3, 2}, {2, 1, 8, 2, 5, 1, Conv2D.SAME}, {1, 2, 5, 3, 5, 2, 2},
    };

    static double[][][] random(int a, int b, int c, long seed) {
        var r = new Random(seed);
        double[][][] x = new double[a][b][c];
        for (double[][] m : x)
            for (double[] row : m) for (int i = 0; i < c; i++) row[i] = r.nextGaussian();
        return x;
    }

    static void assertClose(double[][][] expected, INDArray got) {
        assertArrayEquals(
                new long[] {expected.length, expected[0].length, expected[0][0].length},
                got.shape());
        for (int i = 0; i < expected.length; i++)
            for (int j = 0; j < expected[0].length; j++)
                for (int k = 0; k < expected[0][0].length; k++)
                    assertEquals(
                            expected[i][j][k],
                            got.getDouble(i, j, k),
                            1e-10,
                            i + "," + j + "," + k);
    }

    @Test
    void matchesItsLoopsAndPassesTheGradientCheck() {
        NnTesting.float64();
        try {
            for (int[] t : CASES) {
                var layer = new Conv1D("conv", t[1], t[3], t[4], t[5], t[6], Init.HE, 3);
                int pad = layer.padding();
                layer.bias().value().assign(Nd4j.rand(DataType.DOUBLE, t[3]));
                double[][][] x = random(t[0], t[1], t[2], 1);
                double[][][] w = weights(layer);
                double[] b = layer.bias().value().toDoubleVector();
                double[][][] y = Conv1dLoops.forward(x, w, b, t[5], pad);
                assertClose(y, layer.forward(Nd4j.createFromArray(x), Mode.TRAIN));
                double[][][] dOut = random(y.length, y[0].length, y[0][0].length, 2);
                INDArray dOutNd = Nd4j.createFromArray(dOut);
                INDArray dX = layer.backward(dOutNd);
                var ref = Conv1dLoops.backward(x, w, dOut, t[5], pad);
                assertClose(ref.dX(), dX);
                assertClose(ref.dW(), layer.weights().grad());
                assertArrayEquals(ref.db(), layer.bias().grad().toDoubleVector(), 1e-10);
                assertEquals(Nd4j.createFromArray(dOut), dOutNd, "dOut unchanged");
                NnTesting.assertGradientsOk(GradientCheck.layer(layer, Nd4j.createFromArray(x), 4));
            }
        } finally {
            NnTesting.float32();
        }
    }

    static double[][][] weights(Conv1D layer) {
        INDArray v = layer.weights().value();
        double[][][] w = new double[(int) v.size(0)][(int) v.size(1)][(int) v.size(2)];
        for (int i = 0; i < w.length; i++)
            for (int j = 0; j < w[0].length; j++)
                for (int k = 0; k < w[0][0].length; k++) w[i][j][k] = v.getDouble(i, j, k);
        return w;
    }

    @Test
    void samePaddingKeepsTheLengthAndFloat32Works() {
        var layer = new Conv1D("c", 2, 3, 5, 1, Conv2D.SAME, Init.HE, 1);
        INDArray y = layer.forward(Nd4j.rand(DataType.FLOAT, 4, 2, 20), Mode.TRAIN);
        assertArrayEquals(new long[] {4, 3, 20}, y.shape());
        assertEquals(DataType.FLOAT, y.dataType());
        assertArrayEquals(
                new long[] {4, 2, 20}, layer.backward(Nd4j.ones(DataType.FLOAT, 4, 3, 20)).shape());
        assertArrayEquals(
                new long[] {3, 10},
                new Conv1D("s", 2, 3, 4, 2, 1, Init.HE, 1).outputShape(new long[] {2, 20}));
    }

    @Test
    void badShapesAndSizesAreNamed() {
        var layer = new Conv1D("seq", 2, 3, 5, Init.HE, 1);
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> layer.forward(Nd4j.zeros(4, 3, 10), Mode.TRAIN));
        assertTrue(
                e.getMessage().contains("Conv1D[seq]") && e.getMessage().contains("[4, 3, 10]"),
                e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> layer.forward(Nd4j.zeros(4, 2, 3), Mode.TRAIN));
        assertTrue(e.getMessage().contains("does not fit a sequence of 3"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> layer.forward(Nd4j.zeros(4, 2, 8, 8), Mode.TRAIN));
        assertTrue(e.getMessage().contains("Conv2D"), e.getMessage());
        assertThrows(
                IllegalStateException.class,
                () -> new Conv1D("fresh", 1, 1, 3, Init.HE, 1).backward(Nd4j.zeros(1, 1, 3)));
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Conv1D("even", 1, 1, 4, 1, Conv2D.SAME, Init.HE, 1));
        assertTrue(e.getMessage().contains("odd kernel"), e.getMessage());
        layer.forward(Nd4j.zeros(4, 2, 10), Mode.TRAIN);
        e = assertThrows(IllegalArgumentException.class, () -> layer.backward(Nd4j.zeros(4, 3, 5)));
        assertTrue(e.getMessage().contains("dOut expected [4, 3, 6]"), e.getMessage());
    }
}
