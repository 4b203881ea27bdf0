package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.nn.reference.ActivationLoops;
import org.junit.jupiter.api.Test;

class LeakyReluTest {

    @Test
    void matchesItsLoopsAndPassesTheGradientCheck() {
        NnTesting.checkActivation(() -> new LeakyRelu("a", 0.1), ActivationLoops.leakyRelu(0.1));
    }

    @Test
    void alphaOutsideItsRangeNamesTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LeakyRelu("a", 1.5));
        assertTrue(e.getMessage().contains("LeakyRelu.alpha"), e.getMessage());
    }
}
