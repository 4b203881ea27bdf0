package org.dlkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.data.Playground.Feature;
import org.dlkit.data.Playground.Shape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class PlaygroundTest {

    @Test
    void everySetIsHalfAndHalfInsideTheSquareAndReproducible() {
        for (Shape s : Shape.values()) {
            var d = Playground.make(s, 200, 0.2, 1);
            assertArrayEquals(new long[] {200, 2}, d.x().shape(), s.name());
            assertArrayEquals(new long[] {200, 1}, d.y().shape(), s.name());
            double ones = d.y().sumNumber().doubleValue();
            assertTrue(ones > 60 && ones < 140, s + ": " + ones + " of 200 are class 1");
            if (s != Shape.GAUSSIAN)
                assertTrue(d.x().amaxNumber().doubleValue() <= 6.5, s + " stays in view");
            assertEquals(d.x(), Playground.make(s, 200, 0.2, 1).x(), s + " is reproducible");
        }
    }

    @Test
    void withoutNoiseTheLabelsFollowTheRule() {
        var circle = Playground.make(Shape.CIRCLE, 100, 0, 2);
        var xor = Playground.make(Shape.XOR, 100, 0, 2);
        for (int i = 0; i < 100; i++) {
            double r = Math.hypot(circle.x().getDouble(i, 0), circle.x().getDouble(i, 1));
            assertEquals(r < 3 ? 1.0 : 0.0, circle.y().getDouble(i, 0), "circle point " + i);
            double p = xor.x().getDouble(i, 0) * xor.x().getDouble(i, 1);
            assertEquals(p >= 0 ? 1.0 : 0.0, xor.y().getDouble(i, 0), "xor point " + i);
        }
    }

    @Test
    void featureCrosses() {
        var x = Nd4j.createFromArray(new float[][] {{2, 3}, {-1, 0.5f}});
        var f =
                Playground.features(
                        x,
                        Feature.X1,
                        Feature.X2,
                        Feature.X1_SQUARED,
                        Feature.X2_SQUARED,
                        Feature.X1_X2,
                        Feature.SIN_X1,
                        Feature.SIN_X2);
        assertArrayEquals(
                new float[] {2, 3, 4, 9, 6, (float) Math.sin(2), (float) Math.sin(3)},
                f.getRow(0).toFloatVector(),
                1e-6f);
        assertArrayEquals(
                new float[] {
                    -1, 0.5f, 1, 0.25f, -0.5f, (float) Math.sin(-1), (float) Math.sin(0.5)
                },
                f.getRow(1).toFloatVector(),
                1e-6f);
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Playground.features(Nd4j.zeros(3, 3)));
        assertTrue(e.getMessage().contains("expected [N, 2] but got [3, 3]"), e.getMessage());
    }

    @Test
    void splitAndBadSettings() {
        var parts = Playground.split(Playground.make(Shape.SPIRAL, 100, 0, 1), 0.7);
        assertEquals(70, parts.get(0).size());
        assertEquals(30, parts.get(1).size());
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Playground.make(Shape.XOR, 100, 0.9, 1));
        assertTrue(e.getMessage().contains("noise must be in [0, 0.5], got 0.9"), e.getMessage());
    }

    @Test
    void labelsAndDataSetErrors() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Labels.oneHot(new int[] {1, 10, 2}, 10));
        assertTrue(
                e.getMessage()
                        .contains(
                                "label 10 at row 1 is out of range; expected 0 to 9 for 10 classes"),
                e.getMessage());
        assertArrayEquals(new int[] {2, 0}, Labels.of(Labels.oneHot(new int[] {2, 0}, 3)));
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new DataSet("d", Nd4j.zeros(5, 2), Nd4j.zeros(4, 1)));
        assertTrue(
                e.getMessage().contains("y expected 5 rows, as many as x has but got [4, 1]"),
                e.getMessage());
        var d = new DataSet("d", Nd4j.arange(12).reshape(6, 2), Nd4j.arange(6).reshape(6, 1));
        var s = d.select(new int[] {5, 0});
        assertArrayEquals(new double[] {10, 11}, s.x().getRow(0).toDoubleVector());
        assertEquals(3, d.batches(4).get(0).size() - 1);
        assertEquals(2, d.batches(4).get(1).size());
    }
}
