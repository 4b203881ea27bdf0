package org.dlkit.nn;

import org.dlkit.check.GradientCheck;
import org.dlkit.nn.reference.MaxoutLoops;
import org.junit.jupiter.api.Test;

class MaxoutTest {

    @Test
    void matchesItsLoopsAndPassesTheGradientCheck() {
        NnTesting.float64();
        try {
            for (int[] s : new int[][] {{3, 4, 2, 2}, {5, 3, 3, 4}}) {
                int n = s[0], d = s[1], m = s[2], k = s[3];
                var layer = new Maxout("mx", d, m, k, Init.XAVIER, 3);
                layer.params().get(1).value().assign(NnTesting.nd(NnTesting.random(1, k * m, 4)));
                double[][] w = NnTesting.arr(layer.params().get(0).value());
                double[] b = NnTesting.arr(layer.params().get(1).value())[0];
                double[][] x = NnTesting.random(n, d, 11), dOut = NnTesting.random(n, m, 12);
                NnTesting.assertClose(
                        MaxoutLoops.forward(x, w, b, k),
                        layer.forward(NnTesting.nd(x), Mode.TRAIN),
                        1e-12);
                var dX = layer.backward(NnTesting.nd(dOut));
                var ref = MaxoutLoops.backward(x, w, b, k, dOut);
                NnTesting.assertClose(ref.dX(), dX, 1e-12);
                NnTesting.assertClose(ref.dW(), layer.params().get(0).grad(), 1e-12);
                NnTesting.assertGradientsOk(
                        GradientCheck.layer(
                                new Maxout("mx", d, m, k, Init.XAVIER, 3), NnTesting.nd(x), 4));
            }
        } finally {
            NnTesting.float32();
        }
    }

    /**
     * Zero biases and an input of zeros: every piece gives 0, a tie. The gradient goes to the first
     * piece only, as in the loops; it went to all of them, doubling the slope at the crossing.
     */
    @Test
    void aTieSendsTheGradientToTheFirstPieceOnly() {
        NnTesting.float64();
        try {
            var layer = new Maxout("mx", 2, 1, 2, Init.XAVIER, 3);
            double[][] w = NnTesting.arr(layer.params().get(0).value());
            double[] b = NnTesting.arr(layer.params().get(1).value())[0];
            double[][] x = {{0, 0}, {1, -1}}, dOut = {{1}, {1}};
            layer.forward(NnTesting.nd(x), Mode.TRAIN);
            var dX = layer.backward(NnTesting.nd(dOut));
            var ref = MaxoutLoops.backward(x, w, b, 2, dOut);
            NnTesting.assertClose(ref.dX(), dX, 1e-12);
            NnTesting.assertClose(ref.dW(), layer.params().get(0).grad(), 1e-12);
        } finally {
            NnTesting.float32();
        }
    }
}
