package org.dlkit.nn.reference;

/** Nearest-neighbour upsampling by a factor K, cell by cell. x and dOut are [N][C][H][W]. */
public final class UpsampleLoops {
    private UpsampleLoops() {}

    /** y[n][c][i][j] = x[n][c][i / K][j / K]: every cell becomes a K×K block of copies. */
    public static double[][][][] forward(double[][][][] x, int k) {
        int n = x.length, c = x[0].length, h = x[0][0].length, w = x[0][0][0].length;
        double[][][][] y = new double[n][c][h * k][w * k];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < c; b++)
                for (int i = 0; i < h * k; i++)
                    for (int j = 0; j < w * k; j++) y[a][b][i][j] = x[a][b][i / k][j / k];
        return y;
    }

    /** ∂L/∂x[n][c][p][q] = Σ of dOut over the K×K block that copied x[n][c][p][q]. */
    public static double[][][][] backward(double[][][][] dOut, int k) {
        int n = dOut.length, c = dOut[0].length, h = dOut[0][0].length / k;
        int w = dOut[0][0][0].length / k;
        double[][][][] dx = new double[n][c][h][w];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < c; b++)
                for (int i = 0; i < h * k; i++)
                    for (int j = 0; j < w * k; j++) dx[a][b][i / k][j / k] += dOut[a][b][i][j];
        return dx;
    }
}
