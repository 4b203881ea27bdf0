package org.dlkit.nn.reference;

/** The three losses and their gradients with respect to the scores, averaged over N examples. */
public final class LossLoops {
    private LossLoops() {}

    /** L = (1/N) Σ_n ½ Σ_m (y − t)². */
    public static double meanSquaredError(double[][] y, double[][] t) {
        double sum = 0;
        for (int i = 0; i < y.length; i++)
            for (int j = 0; j < y[i].length; j++)
                sum += 0.5 * (y[i][j] - t[i][j]) * (y[i][j] - t[i][j]);
        return sum / y.length;
    }

    /** ∂L/∂y = (y − t) / N. */
    public static double[][] meanSquaredErrorGrad(double[][] y, double[][] t) {
        double[][] d = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            d[i] = new double[y[i].length];
            for (int j = 0; j < y[i].length; j++) d[i][j] = (y[i][j] - t[i][j]) / y.length;
        }
        return d;
    }

    /** With p = σ(z): L = −(1/N) Σ [t log p + (1 − t) log(1 − p)], straight from the definition. */
    public static double binaryCrossEntropy(double[][] z, double[][] t) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < z[i].length; j++) {
                double p = 1 / (1 + Math.exp(-z[i][j]));
                sum -= t[i][j] * Math.log(p) + (1 - t[i][j]) * Math.log(1 - p);
            }
        }
        return sum / z.length;
    }

    /** ∂L/∂z = (σ(z) − t) / N. */
    public static double[][] binaryCrossEntropyGrad(double[][] z, double[][] t) {
        double[][] d = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            d[i] = new double[z[i].length];
            for (int j = 0; j < z[i].length; j++)
                d[i][j] = (1 / (1 + Math.exp(-z[i][j])) - t[i][j]) / z.length;
        }
        return d;
    }

    /** L = −(1/N) Σ_n Σ_m t[n][m] log softmax(z[n])[m]. */
    public static double softmaxCrossEntropy(double[][] z, double[][] t) {
        double[][] p = ActivationLoops.softmax(z);
        double sum = 0;
        for (int i = 0; i < z.length; i++)
            for (int j = 0; j < z[i].length; j++)
                if (t[i][j] != 0) sum -= t[i][j] * Math.log(p[i][j]);
        return sum / z.length;
    }

    /** ∂L/∂z = (softmax(z) − t) / N. */
    public static double[][] softmaxCrossEntropyGrad(double[][] z, double[][] t) {
        double[][] p = ActivationLoops.softmax(z);
        for (int i = 0; i < z.length; i++)
            for (int j = 0; j < z[i].length; j++) p[i][j] = (p[i][j] - t[i][j]) / z.length;
        return p;
    }
}
