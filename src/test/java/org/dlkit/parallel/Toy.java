package org.dlkit.parallel;

import java.util.Random;
import org.dlkit.data.DataSet;
import org.dlkit.nn.Dense;
import org.dlkit.nn.Init;
import org.dlkit.nn.Network;
import org.dlkit.nn.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/** A small classification problem and network for the parallel tests. */
final class Toy {
    private Toy() {}

    /** n points in 6 dimensions, class = which of 3 fixed directions they lean towards most. */
    static DataSet data(int n, long seed) {
        var random = new Random(seed);
        float[] x = new float[n * 6];
        float[] y = new float[n * 3];
        for (int i = 0; i < n; i++) {
            double[] score = new double[3];
            for (int d = 0; d < 6; d++) {
                x[i * 6 + d] = (float) random.nextGaussian();
                score[d % 3] += (d < 3 ? 1 : -0.5) * x[i * 6 + d];
            }
            int c = score[0] >= score[1] && score[0] >= score[2] ? 0 : score[1] >= score[2] ? 1 : 2;
            y[i * 3 + c] = 1;
        }
        return new DataSet(
                "toy",
                Nd4j.create(x, new long[] {n, 6}, 'c'),
                Nd4j.create(y, new long[] {n, 3}, 'c'));
    }

    static Network network(long seed) {
        return new Network(
                "toy",
                new Dense("h", 6, 16, Init.XAVIER, seed),
                new Tanh("t"),
                new Dense("o", 16, 3, Init.XAVIER, seed + 1));
    }

    static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }
}
