package org.dlkit.nn.reference;

import org.dlkit.nn.Pooling.Kind;

/**
 * Pooling, written out: each K×K window (moved S cells at a time) of each channel becomes one
 * number — its maximum, its average, or its L2 norm √(Σ x²) (handout 000's "square root of the sum
 * of the squares"). No parameters; channels stay separate.
 *
 * <p>Shapes: x (N, C, H, W) → y (N, C, H', W') with H' = ⌊(H − K)/S⌋ + 1.
 */
public final class PoolLoops {
    private PoolLoops() {}

    public static double[][][][] forward(double[][][][] x, Kind kind, int k, int stride) {
        int n = x.length, c = x[0].length, h = x[0][0].length, w = x[0][0][0].length;
        int oh = (h - k) / stride + 1, ow = (w - k) / stride + 1;
        double[][][][] y = new double[n][c][oh][ow];
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double max = Double.NEGATIVE_INFINITY, sum = 0, squares = 0;
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                double a = x[s][ch][i * stride + u][j * stride + v];
                                max = Math.max(max, a);
                                sum += a;
                                squares += a * a;
                            }
                        }
                        y[s][ch][i][j] =
                                switch (kind) {
                                    case MAX -> max;
                                    case AVERAGE -> sum / (k * k);
                                    case L2 -> Math.sqrt(squares);
                                };
                    }
                }
            }
        }
        return y;
    }

    /**
     * ∂L/∂x from ∂L/∂y: max sends each window's gradient to the cell that held the maximum (the
     * others did not affect the output); average shares it equally, 1/K² each; L2 gives cell a the
     * share ∂y/∂a = a / y.
     */
    public static double[][][][] backward(
            double[][][][] x, Kind kind, int k, int stride, double[][][][] dOut) {
        int n = x.length, c = x[0].length, h = x[0][0].length, w = x[0][0][0].length;
        double[][][][] y = forward(x, kind, k, stride);
        double[][][][] dX = new double[n][c][h][w];
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < dOut[0][0].length; i++) {
                    for (int j = 0; j < dOut[0][0][0].length; j++) {
                        double g = dOut[s][ch][i][j];
                        int bestU = 0, bestV = 0;
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                int r = i * stride + u, q = j * stride + v;
                                if (x[s][ch][r][q]
                                        > x[s][ch][i * stride + bestU][j * stride + bestV]) {
                                    bestU = u;
                                    bestV = v;
                                }
                                if (kind == Kind.AVERAGE) dX[s][ch][r][q] += g / (k * k);
                                if (kind == Kind.L2 && y[s][ch][i][j] > 0)
                                    dX[s][ch][r][q] += g * x[s][ch][r][q] / y[s][ch][i][j];
                            }
                        }
                        if (kind == Kind.MAX)
                            dX[s][ch][i * stride + bestU][j * stride + bestV] += g;
                    }
                }
            }
        }
        return dX;
    }
}
