package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dlkit.check.GradientCheck;
import org.dlkit.nn.reference.ActivationLoops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class SoftmaxTest {

    @Test
    void matchesItsLoopsAndPassesTheGradientCheck() {
        NnTesting.float64();
        try {
            for (int[] s : new int[][] {{1, 2}, {5, 10}, {3, 4}}) {
                double[][] x = NnTesting.random(s[0], s[1], s[0] * 10L + s[1]);
                double[][] dOut = NnTesting.random(s[0], s[1], 99);
                var layer = new Softmax("p");
                double[][] y = ActivationLoops.softmax(x);
                NnTesting.assertClose(y, layer.forward(NnTesting.nd(x), Mode.TRAIN), 1e-12);
                NnTesting.assertClose(
                        ActivationLoops.softmaxBackward(y, dOut),
                        layer.backward(NnTesting.nd(dOut)),
                        1e-12);
                NnTesting.assertGradientsOk(
                        GradientCheck.layer(new Softmax("p"), NnTesting.nd(x), 3));
            }
        } finally {
            NnTesting.float32();
        }
    }

    @Test
    void hugeScoresDoNotOverflow() {
        var y = Softmax.probabilities(Nd4j.createFromArray(new float[][] {{1000f, 1000f, -1000f}}));
        assertEquals(0.5, y.getDouble(0, 0), 1e-6);
        assertEquals(0.0, y.getDouble(0, 2), 1e-6);
    }
}
