package org.dlkit.nn.reference;

/**
 * A one-dimensional convolutional layer, one multiply-add at a time: each filter slides along the
 * (zero-padded) sequence and takes a dot product with the window under it.
 *
 * <p>Shapes: x (N, C, T), w (F, C, K), b (F) → y (N, F, T') with T' = ⌊(T + 2P − K)/S⌋ + 1.
 */
public final class Conv1dLoops {
    private Conv1dLoops() {}

    /** y[n][f][i] = b[f] + Σ_c Σ_u x[n][c][i·S + u − P] · w[f][c][u] (x is 0 outside). */
    public static double[][][] forward(
            double[][][] x, double[][][] w, double[] b, int stride, int pad) {
        int n = x.length, c = x[0].length, t = x[0][0].length;
        int f = w.length, k = w[0][0].length;
        int out = ConvLoops.outputSize(t, k, stride, pad);
        double[][][] y = new double[n][f][out];
        for (int s = 0; s < n; s++)
            for (int q = 0; q < f; q++)
                for (int i = 0; i < out; i++) {
                    double sum = b[q];
                    for (int ch = 0; ch < c; ch++)
                        for (int u = 0; u < k; u++) {
                            int r = i * stride + u - pad;
                            if (r >= 0 && r < t) sum += x[s][ch][r] * w[q][ch][u];
                        }
                    y[s][q][i] = sum;
                }
        return y;
    }

    /** The three gradients of a one-dimensional convolutional layer. */
    public record Grads(double[][][] dX, double[][][] dW, double[] db) {}

    /** Each output's gradient flows to the weights it used and the inputs it read. */
    public static Grads backward(
            double[][][] x, double[][][] w, double[][][] dOut, int stride, int pad) {
        int n = x.length, c = x[0].length, t = x[0][0].length;
        int f = w.length, k = w[0][0].length, out = dOut[0][0].length;
        double[][][] dX = new double[n][c][t];
        double[][][] dW = new double[f][c][k];
        double[] db = new double[f];
        for (int s = 0; s < n; s++)
            for (int q = 0; q < f; q++)
                for (int i = 0; i < out; i++) {
                    double g = dOut[s][q][i];
                    db[q] += g;
                    for (int ch = 0; ch < c; ch++)
                        for (int u = 0; u < k; u++) {
                            int r = i * stride + u - pad;
                            if (r < 0 || r >= t) continue;
                            dW[q][ch][u] += x[s][ch][r] * g;
                            dX[s][ch][r] += w[q][ch][u] * g;
                        }
                }
        return new Grads(dX, dW, db);
    }
}
