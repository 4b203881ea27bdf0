package org.dlkit.nn.reference;

/**
 * A convolutional layer, written out one multiply-add at a time: each filter slides over the
 * (zero-padded) input and takes a dot product with the patch under it.
 *
 * <p>Shapes: x (N, C, H, W), w (F, C, KH, KW), b (F) → y (N, F, H', W') with H' = ⌊(H + 2P − KH)/S⌋
 * + 1 and W' = ⌊(W + 2P − KW)/S⌋ + 1, for stride S and zero padding P on every side.
 */
public final class ConvLoops {
    private ConvLoops() {}

    /**
     * H' = ⌊(H + 2P − K)/S⌋ + 1: how many positions a K-wide window takes across H + 2P cells in
     * steps of S.
     */
    public static int outputSize(int in, int kernel, int stride, int pad) {
        return (in + 2 * pad - kernel) / stride + 1;
    }

    /**
     * y[n][f][i][j] = b[f] + Σ_c Σ_u Σ_v x[n][c][i·S + u − P][j·S + v − P] · w[f][c][u][v] (x is 0
     * outside).
     */
    public static double[][][][] forward(
            double[][][][] x, double[][][][] w, double[] b, int stride, int pad) {
        int n = x.length, c = x[0].length, h = x[0][0].length, wd = x[0][0][0].length;
        int f = w.length, kh = w[0][0].length, kw = w[0][0][0].length;
        int oh = outputSize(h, kh, stride, pad), ow = outputSize(wd, kw, stride, pad);
        double[][][][] y = new double[n][f][oh][ow];
        for (int s = 0; s < n; s++) {
            for (int k = 0; k < f; k++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = b[k];
                        for (int ch = 0; ch < c; ch++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int r = i * stride + u - pad, q = j * stride + v - pad;
                                    if (r >= 0 && r < h && q >= 0 && q < wd)
                                        sum += x[s][ch][r][q] * w[k][ch][u][v];
                                }
                            }
                        }
                        y[s][k][i][j] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** The three gradients of a convolutional layer. */
    public record Grads(double[][][][] dX, double[][][][] dW, double[] db) {}

    /**
     * Every output y[n][f][i][j] was a sum of products x·w, so its gradient dOut[n][f][i][j] flows
     * back to each weight in proportion to the input it multiplied, and to each input in proportion
     * to the weight — the same sums as forward, read in the other direction.
     */
    public static Grads backward(
            double[][][][] x, double[][][][] w, double[][][][] dOut, int stride, int pad) {
        int n = x.length, c = x[0].length, h = x[0][0].length, wd = x[0][0][0].length;
        int f = w.length, kh = w[0][0].length, kw = w[0][0][0].length;
        int oh = dOut[0][0].length, ow = dOut[0][0][0].length;
        double[][][][] dX = new double[n][c][h][wd];
        double[][][][] dW = new double[f][c][kh][kw];
        double[] db = new double[f];
        for (int s = 0; s < n; s++) {
            for (int k = 0; k < f; k++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double g = dOut[s][k][i][j];
                        db[k] += g;
                        for (int ch = 0; ch < c; ch++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int r = i * stride + u - pad, q = j * stride + v - pad;
                                    if (r < 0 || r >= h || q < 0 || q >= wd) continue;
                                    dW[k][ch][u][v] += x[s][ch][r][q] * g;
                                    dX[s][ch][r][q] += w[k][ch][u][v] * g;
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Grads(dX, dW, db);
    }
}
