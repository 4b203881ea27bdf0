package org.dlkit.nn.reference;

import java.util.function.DoubleUnaryOperator;

/**
 * Activation functions and their derivatives, one number at a time, and softmax one row at a time.
 * Backward of an element-wise activation is dX = dOut · f′(x).
 */
public final class ActivationLoops {
    private ActivationLoops() {}

    /** f and f′ of one activation. */
    public record Fn(DoubleUnaryOperator f, DoubleUnaryOperator df) {}

    public static final Fn SIGMOID =
            new Fn(
                    x -> 1 / (1 + Math.exp(-x)),
                    x -> {
                        double s = 1 / (1 + Math.exp(-x));
                        return s * (1 - s);
                    });
    public static final Fn TANH = new Fn(Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x));
    public static final Fn RELU = new Fn(x -> Math.max(0, x), x -> x > 0 ? 1 : 0);
    public static final Fn IDENTITY = new Fn(x -> x, x -> 1);

    public static Fn leakyRelu(double alpha) {
        return new Fn(x -> x > 0 ? x : alpha * x, x -> x > 0 ? 1 : alpha);
    }

    public static Fn elu(double alpha) {
        return new Fn(
                x -> x >= 0 ? x : alpha * (Math.exp(x) - 1), x -> x > 0 ? 1 : alpha * Math.exp(x));
    }

    /** y[n][m] = f(x[n][m]). */
    public static double[][] forward(Fn fn, double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) y[i][j] = fn.f().applyAsDouble(x[i][j]);
        }
        return y;
    }

    /** dX[n][m] = dOut[n][m] · f′(x[n][m]). */
    public static double[][] backward(Fn fn, double[][] x, double[][] dOut) {
        double[][] dX = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            dX[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++)
                dX[i][j] = dOut[i][j] * fn.df().applyAsDouble(x[i][j]);
        }
        return dX;
    }

    /** y[n][m] = e^(x[n][m] − max) / Σ_k e^(x[n][k] − max), row by row. */
    public static double[][] softmax(double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : x[i]) max = Math.max(max, v);
            double sum = 0;
            y[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) sum += y[i][j] = Math.exp(x[i][j] - max);
            for (int j = 0; j < x[i].length; j++) y[i][j] /= sum;
        }
        return y;
    }

    /**
     * Softmax backward through its Jacobian J[m][k] = y[m](δ_mk − y[k]), built in full here (the
     * fast layer never builds it): dX[n][k] = Σ_m dOut[n][m] · J[m][k].
     */
    public static double[][] softmaxBackward(double[][] y, double[][] dOut) {
        double[][] dX = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            int m = y[i].length;
            dX[i] = new double[m];
            for (int k = 0; k < m; k++) {
                for (int j = 0; j < m; j++) {
                    double jacobian = y[i][j] * ((j == k ? 1 : 0) - y[i][k]);
                    dX[i][k] += dOut[i][j] * jacobian;
                }
            }
        }
        return dX;
    }
}
