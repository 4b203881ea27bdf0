package org.dlkit.nn.reference;

/**
 * Batch normalisation of dense input, in loops: for each feature d, the batch's mean μ_d and
 * variance σ²_d, then y[n][d] = γ_d (x[n][d] − μ_d)/√(σ²_d + ε) + β_d. Images normalise each
 * channel over N, H and W the same way.
 */
public final class BatchNormLoops {
    private BatchNormLoops() {}

    public static final double EPS = 1e-5;

    public static double[][] forward(double[][] x, double[] gamma, double[] beta) {
        int n = x.length, d = gamma.length;
        double[][] y = new double[n][d];
        for (int j = 0; j < d; j++) {
            double mean = 0, var = 0;
            for (double[] row : x) mean += row[j] / n;
            for (double[] row : x) var += (row[j] - mean) * (row[j] - mean) / n;
            for (int i = 0; i < n; i++)
                y[i][j] = gamma[j] * (x[i][j] - mean) / Math.sqrt(var + EPS) + beta[j];
        }
        return y;
    }

    /** The three gradients of batch normalisation. */
    public record Grads(double[][] dX, double[] dGamma, double[] dBeta) {}

    /**
     * Every x[n][d] reaches the loss directly and through μ_d and σ²_d, which all the batch shares;
     * summing the three paths gives ∂L/∂x = γ/(Nσ) (N·dOut − Σ dOut − x̂ Σ dOut·x̂).
     */
    public static Grads backward(double[][] x, double[] gamma, double[][] dOut) {
        int n = x.length, d = gamma.length;
        double[][] dX = new double[n][d];
        double[] dGamma = new double[d], dBeta = new double[d];
        for (int j = 0; j < d; j++) {
            double mean = 0, var = 0;
            for (double[] row : x) mean += row[j] / n;
            for (double[] row : x) var += (row[j] - mean) * (row[j] - mean) / n;
            double sigma = Math.sqrt(var + EPS);
            double sumD = 0, sumDxHat = 0;
            for (int i = 0; i < n; i++) {
                double xHat = (x[i][j] - mean) / sigma;
                sumD += dOut[i][j];
                sumDxHat += dOut[i][j] * xHat;
            }
            dGamma[j] = sumDxHat;
            dBeta[j] = sumD;
            for (int i = 0; i < n; i++) {
                double xHat = (x[i][j] - mean) / sigma;
                dX[i][j] = gamma[j] / (n * sigma) * (n * dOut[i][j] - sumD - xHat * sumDxHat);
            }
        }
        return new Grads(dX, dGamma, dBeta);
    }
}
