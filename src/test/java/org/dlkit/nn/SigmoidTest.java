package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.nn.reference.ActivationLoops;
import org.junit.jupiter.api.Test;

class SigmoidTest {

    @Test
    void matchesItsLoopsAndPassesTheGradientCheck() {
        NnTesting.checkActivation(() -> new Sigmoid("a"), ActivationLoops.SIGMOID);
    }

    @Test
    void backwardBeforeForwardNamesTheLayer() {
        var e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                new Sigmoid("act1")
                                        .backward(org.nd4j.linalg.factory.Nd4j.ones(2, 2)));
        assertTrue(
                e.getMessage().contains("Sigmoid[act1].backward called before forward"),
                e.getMessage());
    }
}
