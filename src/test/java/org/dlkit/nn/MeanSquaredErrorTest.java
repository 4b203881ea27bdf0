package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.nn.reference.LossLoops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class MeanSquaredErrorTest {

    @Test
    void matchesItsLoopsAndPassesTheGradientCheck() {
        LossesTesting.check(
                MeanSquaredError::new,
                LossLoops::meanSquaredError,
                LossLoops::meanSquaredErrorGrad,
                (n, m) -> NnTesting.random(n, m, 5));
    }

    @Test
    void targetsOfAnotherShapeAreNamed() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new MeanSquaredError().forward(Nd4j.zeros(4, 1), Nd4j.zeros(4)));
        assertTrue(e.getMessage().contains("targets expected [4, 1] but got [4]"), e.getMessage());
    }
}
