package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dlkit.nn.reference.LossLoops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class SoftmaxCrossEntropyTest {

    @Test
    void matchesItsLoopsAndPassesTheGradientCheck() {
        LossesTesting.check(
                SoftmaxCrossEntropy::new,
                LossLoops::softmaxCrossEntropy,
                LossLoops::softmaxCrossEntropyGrad,
                LossesTesting::oneHot);
    }

    @Test
    void uniformScoresGiveLnOfTheClassCount() {
        double l =
                new SoftmaxCrossEntropy().forward(Nd4j.zeros(3, 10), Nd4j.eye(10).getRows(0, 4, 7));
        assertEquals(Math.log(10), l, 1e-6);
    }

    @Test
    void hugeScoresStayFinite() {
        double l =
                new SoftmaxCrossEntropy()
                        .forward(
                                Nd4j.createFromArray(new float[][] {{1000f, 0f}}),
                                Nd4j.createFromArray(new float[][] {{0f, 1f}}));
        assertEquals(1000.0, l, 1e-3);
    }
}
