package org.dlkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class MetricsTest {

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
