package org.dlkit.nn.reference;

/**
 * Maxout with k pieces: y[n][m] = max_j (Σ_d x[n][d] · w[d][j·M + m] + b[j·M + m]). The gradient of
 * each output goes to the piece that won.
 */
public final class MaxoutLoops {
    private MaxoutLoops() {}

    public static double[][] forward(double[][] x, double[][] w, double[] b, int pieces) {
        double[][] z = DenseLoops.forward(x, w, b);
        int m = b.length / pieces;
        double[][] y = new double[x.length][m];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < m; o++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < pieces; j++) best = Math.max(best, z[i][j * m + o]);
                y[i][o] = best;
            }
        }
        return y;
    }

    public static DenseLoops.Grads backward(
            double[][] x, double[][] w, double[] b, int pieces, double[][] dOut) {
        double[][] z = DenseLoops.forward(x, w, b);
        int m = b.length / pieces;
        double[][] dZ = new double[x.length][b.length];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < m; o++) {
                int winner = 0;
                for (int j = 1; j < pieces; j++)
                    if (z[i][j * m + o] > z[i][winner * m + o]) winner = j;
                dZ[i][winner * m + o] = dOut[i][o];
            }
        }
        return DenseLoops.backward(x, w, dZ);
    }
}
