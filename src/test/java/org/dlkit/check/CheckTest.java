package org.dlkit.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CheckTest {

    @Test
    void closeFailsWithExpectedGotToleranceAndHint() {
        var e =
                assertThrows(
                        Check.CheckFailed.class,
                        () -> Check.close("mean", 38.5, 38.0, 1e-6, "square first"));
        assertTrue(e.getMessage().contains("expected 38.5 ± 1.000e-06, got 38"), e.getMessage());
        assertTrue(e.getMessage().contains("hint: square first"), e.getMessage());
    }

    @Test
    void nanNeverPasses() {
        assertThrows(Check.CheckFailed.class, () -> Check.close("loss", 0, Double.NaN, 1, null));
        assertThrows(
                Check.CheckFailed.class, () -> Check.atLeast("accuracy", 0.9, Double.NaN, null));
    }

    @Test
    void passingChecksDoNotThrow() {
        Check.close("x", 1.0, 1.0 + 1e-9, 1e-6, null);
        Check.atLeast("accuracy", 0.97, 0.98, null);
        Check.atMost("loss", 0.1, 0.05, null);
        Check.equal("shape", new long[] {2, 3}, new long[] {2, 3}, null);
        var e =
                assertThrows(
                        Check.CheckFailed.class,
                        () ->
                                Check.equal(
                                        "shape",
                                        new long[] {2, 3},
                                        new long[] {3, 2},
                                        "transpose?"));
        assertEquals("✘ shape: expected [2, 3], got [3, 2]\n  hint: transpose?", e.getMessage());
    }
}
