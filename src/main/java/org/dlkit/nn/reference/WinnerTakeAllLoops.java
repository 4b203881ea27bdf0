package org.dlkit.nn.reference;

import java.util.Arrays;

/** Winner-take-all sparsity, one activation at a time: which values survive, and their gradient. */
public final class WinnerTakeAllLoops {
    private WinnerTakeAllLoops() {}

    /**
     * Lifetime sparsity on (N, M): column j keeps the values at least as large as its k-th largest,
     * k = ⌈rate·N⌉.
     */
    public static double[][] lifetime(double[][] x, double rate) {
        int n = x.length, m = x[0].length, k = (int) Math.ceil(rate * n);
        double[][] y = new double[n][m];
        for (int j = 0; j < m; j++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) column[i] = x[i][j];
            Arrays.sort(column);
            double threshold = column[n - k];
            for (int i = 0; i < n; i++) y[i][j] = x[i][j] >= threshold ? x[i][j] : 0;
        }
        return y;
    }

    /** Spatial sparsity on (N, C, H, W): each map keeps the values equal to its maximum. */
    public static double[][][][] spatial(double[][][][] x) {
        double[][][][] y = new double[x.length][x[0].length][x[0][0].length][x[0][0][0].length];
        for (int n = 0; n < x.length; n++)
            for (int c = 0; c < x[0].length; c++) {
                double max = Double.NEGATIVE_INFINITY;
                for (double[] row : x[n][c]) for (double v : row) max = Math.max(max, v);
                for (int i = 0; i < x[n][c].length; i++)
                    for (int j = 0; j < x[n][c][i].length; j++)
                        y[n][c][i][j] = x[n][c][i][j] == max ? max : 0;
            }
        return y;
    }
}
