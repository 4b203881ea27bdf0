package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** 4-D arrays for the convolution and pooling tests: random values, conversions, comparisons. */
final class Images4d {
    private Images4d() {}

    static double[][][][] random(int n, int c, int h, int w, long seed) {
        var rng = new Random(seed);
        double[][][][] a = new double[n][c][h][w];
        for (var x : a)
            for (var y : x) for (var z : y) for (int j = 0; j < w; j++) z[j] = rng.nextGaussian();
        return a;
    }

    static INDArray nd(double[][][][] a) {
        int n = a.length, c = a[0].length, h = a[0][0].length, w = a[0][0][0].length;
        double[] flat = new double[n * c * h * w];
        int i = 0;
        for (var x : a) for (var y : x) for (var z : y) for (double v : z) flat[i++] = v;
        return Nd4j.create(flat, new long[] {n, c, h, w}, 'c')
                .castTo(Nd4j.defaultFloatingPointType());
    }

    static double[][][][] arr(INDArray x) {
        long[] s = x.shape();
        double[] flat = x.castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector();
        double[][][][] a = new double[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
        int i = 0;
        for (var p : a)
            for (var q : p) for (var r : q) for (int j = 0; j < r.length; j++) r[j] = flat[i++];
        return a;
    }

    static void assertClose(double[][][][] expected, INDArray got, double tol) {
        assertArrayEquals(
                new long[] {
                    expected.length,
                    expected[0].length,
                    expected[0][0].length,
                    expected[0][0][0].length
                },
                got.shape(),
                "shape");
        double[][][][] g = arr(got);
        for (int a = 0; a < expected.length; a++)
            for (int b = 0; b < expected[0].length; b++)
                for (int c = 0; c < expected[0][0].length; c++)
                    for (int d = 0; d < expected[0][0][0].length; d++)
                        assertEquals(
                                expected[a][b][c][d],
                                g[a][b][c][d],
                                tol * Math.max(1, Math.abs(expected[a][b][c][d])),
                                "at [" + a + "][" + b + "][" + c + "][" + d + "]");
    }
}
