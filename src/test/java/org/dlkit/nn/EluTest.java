package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dlkit.nn.reference.ActivationLoops;
import org.junit.jupiter.api.Test;

class EluTest {

    @Test
    void matchesItsLoopsAndPassesTheGradientCheck() {
        NnTesting.checkActivation(() -> new Elu("a", 1.0), ActivationLoops.elu(1.0));
        NnTesting.checkActivation(() -> new Elu("a", 0.5), ActivationLoops.elu(0.5));
    }

    @Test
    void alphaMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Elu("a", 0));
    }
}
