package org.dlkit.tensor;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A tensor as nested Java arrays, which is what the reference loops ({@code
 * org.dlkit.nn.reference}) take: {@code ConvLoops.backward(Nested.rank4(x), Nested.rank4(w), …)}.
 * The way back is ND4J's {@code Nd4j.createFromArray(double[][][][])} (float64).
 */
public final class Nested {
    private Nested() {}

    /** (A, B) → double[A][B]. */
    public static double[][] rank2(INDArray x) {
        Shapes.require("Nested.rank2", "x", x, new long[] {Shapes.ANY, Shapes.ANY}, null);
        return x.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** (A, B, C) → double[A][B][C], e.g. sequences (N, C, T). */
    public static double[][][] rank3(INDArray x) {
        Shapes.require(
                "Nested.rank3", "x", x, new long[] {Shapes.ANY, Shapes.ANY, Shapes.ANY}, null);
        double[] v = values(x);
        int a = (int) x.size(0), b = (int) x.size(1), c = (int) x.size(2);
        double[][][] out = new double[a][b][c];
        for (int i = 0, k = 0; i < a; i++)
            for (int j = 0; j < b; j++, k += c) System.arraycopy(v, k, out[i][j], 0, c);
        return out;
    }

    /** (A, B, C, D) → double[A][B][C][D], e.g. images (N, C, H, W) or filters (F, C, K, K). */
    public static double[][][][] rank4(INDArray x) {
        Shapes.require(
                "Nested.rank4",
                "x",
                x,
                new long[] {Shapes.ANY, Shapes.ANY, Shapes.ANY, Shapes.ANY},
                null);
        double[] v = values(x);
        int a = (int) x.size(0), b = (int) x.size(1), c = (int) x.size(2), d = (int) x.size(3);
        double[][][][] out = new double[a][b][c][d];
        int k = 0;
        for (int i = 0; i < a; i++)
            for (int j = 0; j < b; j++)
                for (int r = 0; r < c; r++, k += d) System.arraycopy(v, k, out[i][j][r], 0, d);
        return out;
    }

    /** The values in row-major ('c') order, as float64. */
    private static double[] values(INDArray x) {
        return x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }
}
