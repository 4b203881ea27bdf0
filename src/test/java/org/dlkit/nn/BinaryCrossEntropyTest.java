package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dlkit.nn.reference.LossLoops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class BinaryCrossEntropyTest {

    @Test
    void matchesItsLoopsAndPassesTheGradientCheck() {
        LossesTesting.check(
                BinaryCrossEntropy::new,
                LossLoops::binaryCrossEntropy,
                LossLoops::binaryCrossEntropyGrad,
                LossesTesting::zeroOnes);
    }

    @Test
    void confidentLogitsStayFinite() {
        // σ(±100) rounds to 0 or 1 in float32; the stable form still gives the right loss: 100 per
        // wrong answer
        double l =
                new BinaryCrossEntropy()
                        .forward(
                                Nd4j.createFromArray(new float[][] {{100f}, {-100f}}),
                                Nd4j.createFromArray(new float[][] {{0f}, {0f}}));
        assertEquals(50.0, l, 1e-4);
    }
}
