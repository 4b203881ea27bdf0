package org.dlkit.nn;

import java.util.function.BiFunction;
import org.dlkit.check.GradientCheck;

/** Shared check for the losses: value and gradient against the loops, then a gradient check. */
final class LossesTesting {
    private LossesTesting() {}

    static void check(
            java.util.function.Supplier<Loss> make,
            BiFunction<double[][], double[][], Double> value,
            BiFunction<double[][], double[][], double[][]> grad,
            BiFunction<Integer, Integer, double[][]> targets) {
        NnTesting.float64();
        try {
            for (int[] s : new int[][] {{1, 1}, {5, 3}, {8, 10}}) {
                if (s[1] == 1 && make.get() instanceof SoftmaxCrossEntropy) continue;
                double[][] z = NnTesting.random(s[0], s[1], s[0] + 100L * s[1]);
                double[][] t = targets.apply(s[0], s[1]);
                Loss loss = make.get();
                double got = loss.forward(NnTesting.nd(z), NnTesting.nd(t));
                org.junit.jupiter.api.Assertions.assertEquals(
                        value.apply(z, t), got, 1e-12 * Math.max(1, Math.abs(got)));
                NnTesting.assertClose(grad.apply(z, t), loss.backward(), 1e-12);
                NnTesting.assertGradientsOk(
                        GradientCheck.loss(make.get(), NnTesting.nd(z), NnTesting.nd(t)));
            }
        } finally {
            NnTesting.float32();
        }
    }

    static double[][] oneHot(int n, int m) {
        double[][] t = new double[n][m];
        for (int i = 0; i < n; i++) t[i][(i * 7 + 3) % m] = 1;
        return t;
    }

    static double[][] zeroOnes(int n, int m) {
        double[][] t = new double[n][m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) t[i][j] = (i + j) % 2;
        return t;
    }
}
