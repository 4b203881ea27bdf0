package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.nn.reference.ActivationLoops;
import org.junit.jupiter.api.Test;

class ReluTest {

    @Test
    void matchesItsLoopsAndPassesTheGradientCheck() {
        NnTesting.checkActivation(() -> new Relu("a"), ActivationLoops.RELU);
    }

    /** The derivative at the kink, x = 0, is taken from the left: 0. LeakyReLU and ELU share it. */
    @Test
    void theKinkAtZeroGoesLeft() {
        var relu = new Relu("a");
        relu.forward(
                org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{-1f, 0f, 2f}}),
                Mode.TRAIN);
        var dX =
                relu.backward(
                        org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{5f, 5f, 5f}}));
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new float[] {0f, 0f, 5f}, dX.toFloatVector());
    }

    @Test
    void backwardBeforeForwardNamesTheLayer() {
        var e =
                assertThrows(
                        IllegalStateException.class,
                        () -> new Relu("act1").backward(org.nd4j.linalg.factory.Nd4j.ones(2, 2)));
        assertTrue(
                e.getMessage().contains("Relu[act1].backward called before forward"),
                e.getMessage());
    }
}
