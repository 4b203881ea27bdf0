package org.dlkit.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void firstLossNearLnClassesIsFine() {
        assertTrue(Health.firstLoss(2.35, 10).isEmpty());
        assertTrue(Health.firstLoss(0.70, 2).isEmpty());
        assertTrue(Health.firstLoss(9.0, 10).orElseThrow().contains("ln(10) = 2.303"));
        assertTrue(Health.firstLoss(0.0002, 10).isEmpty(), "a network trained before starts low");
    }

    @Test
    void chanceAccuracyAfterThreeEpochs() {
        assertTrue(Health.atChance(0.10, 10, 2).isEmpty(), "too early to say");
        assertTrue(Health.atChance(0.50, 10, 5).isEmpty());
        assertTrue(
                Health.atChance(0.105, 10, 3)
                        .orElseThrow()
                        .contains("stuck at chance (10.5% for 10 classes)"));
    }

    @Test
    void deadUnitsAboveHalf() {
        assertTrue(Health.deadUnits("r1", 0.2, 256).isEmpty());
        assertTrue(
                Health.deadUnits("r1", 0.75, 256).orElseThrow().contains("75% of the units in r1"));
    }

    @Test
    void updateRatioFarFromOneThousandth() {
        assertTrue(Health.updateRatio("h.W", 1e-3).isEmpty());
        assertTrue(Health.updateRatio("h.W", 0.5).orElseThrow().contains("too large"));
        assertTrue(Health.updateRatio("h.W", 1e-7).orElseThrow().contains("too small"));
    }
}
