package org.dlkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class MetricsTest {

    /** Most votes win; a tie goes to the larger mean probability; shapes must agree. */
    @Test
    void anEnsembleVotes() {
        var a = Nd4j.createFromArray(new double[][] {{3, 0, 0}, {0, 2, 0}, {0, 0, 1}});
        var b = Nd4j.createFromArray(new double[][] {{0, 3, 0}, {0, 2.5, 0}, {1, 0, 0}});
        var c = Nd4j.createFromArray(new double[][] {{2, 0, 0}, {0, 0, 3}, {0, 0, 4}});
        // row 0: classes 0, 1, 0 → 0; row 1: 1, 1, 2 → 1; row 2: 2, 0, 2 → 2
        assertArrayEquals(new int[] {0, 1, 2}, Metrics.vote(List.of(a, b, c)));
        // two networks that disagree, each as sure as the other (rows 0 and 2): equal mean
        // probabilities, so the lower class number
        assertArrayEquals(new int[] {0, 1, 0}, Metrics.vote(List.of(a, b)));
        var sure = Nd4j.createFromArray(new double[][] {{0, 9, 0}});
        var unsure = Nd4j.createFromArray(new double[][] {{0.2, 0, 0.1}});
        assertArrayEquals(new int[] {1}, Metrics.vote(List.of(unsure, sure)), "surer wins a tie");
        assertArrayEquals(new int[] {2}, Metrics.vote(List.of(c.getRow(2, true))));
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Metrics.vote(List.of(a, Nd4j.zeros(3, 4))));
        assertTrue(e.getMessage().contains("network 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.vote(List.of()));
    }

    @Test
    void accuracyOfOneHotRowsAndOfLogits() {
        var scores =
                Nd4j.createFromArray(new double[][] {{2, 1, 0}, {0, 3, 1}, {0, 0, 5}, {9, 0, 0}});
        var targets =
                Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}});
        assertEquals(0.5, Metrics.accuracy(scores, targets), 1e-12);

        var logits = Nd4j.createFromArray(new double[][] {{2}, {-1}, {0.3}});
        var labels = Nd4j.createFromArray(new double[][] {{1}, {1}, {0}});
        assertEquals(1 / 3.0, Metrics.accuracy(logits, labels), 1e-12);
        assertEquals(
                2 / 3.0,
                Metrics.accuracy(logits, labels, 0.5),
                1e-12,
                "a sigmoid's outputs split at 0.5");
    }

    @Test
    void confusionCountsTruthAgainstPrediction() {
        var scores =
                Nd4j.createFromArray(new double[][] {{2, 1, 0}, {0, 3, 1}, {0, 0, 5}, {9, 0, 0}});
        var targets =
                Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}});
        long[][] c = Metrics.confusion(scores, targets);
        assertArrayEquals(new long[] {1, 0, 0}, c[0]);
        assertArrayEquals(new long[] {0, 1, 1}, c[1], "one 1 was taken for a 2");
        assertArrayEquals(new long[] {1, 0, 0}, c[2], "one 2 was taken for a 0");
        assertThrows(
                IllegalArgumentException.class, () -> Metrics.confusion(scores, Nd4j.zeros(4, 2)));
    }
}
