package org.dlkit.nn.reference;

/** A fully connected layer, y = x·W + b, written out one multiply-add at a time. */
public final class DenseLoops {
    private DenseLoops() {}

    /** y[n][m] = Σ_d x[n][d] · w[d][m] + b[m]. x (N, D), w (D, M), b (M) → y (N, M). */
    public static double[][] forward(double[][] x, double[][] w, double[] b) {
        int n = x.length, d = w.length, m = b.length;
        double[][] y = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double sum = b[j];
                for (int k = 0; k < d; k++) sum += x[i][k] * w[k][j];
                y[i][j] = sum;
            }
        }
        return y;
    }

    /** The three gradients of a dense layer. */
    public record Grads(double[][] dX, double[][] dW, double[] db) {}

    /**
     * From dOut[n][m] = ∂L/∂y[n][m]: ∂L/∂w[d][m] = Σ_n x[n][d] · dOut[n][m] (each weight collects
     * from every example), ∂L/∂b[m] = Σ_n dOut[n][m], ∂L/∂x[n][d] = Σ_m dOut[n][m] · w[d][m].
     */
    public static Grads backward(double[][] x, double[][] w, double[][] dOut) {
        int n = x.length, d = w.length, m = w[0].length;
        double[][] dX = new double[n][d];
        double[][] dW = new double[d][m];
        double[] db = new double[m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                db[j] += dOut[i][j];
                for (int k = 0; k < d; k++) {
                    dW[k][j] += x[i][k] * dOut[i][j];
                    dX[i][k] += dOut[i][j] * w[k][j];
                }
            }
        }
        return new Grads(dX, dW, db);
    }
}
