package org.dlkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class AugmentationTest {

    @Test
    void shiftMovesPixelsAndFillsWithZeros() {
        var x = Nd4j.createFromArray(new float[][][][] {{{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}}});
        assertArrayEquals(
                new float[] {0, 0, 0, 0, 1, 2, 0, 4, 5},
                Augmentation.shift(x, 1, 1).reshape(-1).toFloatVector());
        assertArrayEquals(
                new float[] {5, 6, 0, 8, 9, 0, 0, 0, 0},
                Augmentation.shift(x, -1, -1).reshape(-1).toFloatVector());
        assertArrayEquals(
                new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
                Augmentation.shift(x, 0, 0).reshape(-1).toFloatVector());
    }

    @Test
    void shiftsKeepEachImageWithItsLabel() {
        // each image's label is its own index; its pixel sum survives a 1-pixel shift (ink away
        // from the border)
        int n = 50;
        var x = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, 1, 6, 6);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            x.putScalar(new long[] {i, 0, 2, 3}, i + 1);
            labels[i] = i % 10;
        }
        var data = new DataSet("toy", x, Labels.oneHot(labels, 10));
        var out = Augmentation.shifts(1).apply(data, new Random(3));
        assertEquals(n, out.size());
        int moved = 0;
        for (int i = 0; i < n; i++) {
            int value =
                    (int)
                            out.x()
                                    .get(org.nd4j.linalg.indexing.NDArrayIndex.point(i))
                                    .sumNumber()
                                    .doubleValue();
            assertEquals((value - 1) % 10, Labels.of(out.y())[i], "row " + i + " kept its label");
            if (out.x().getDouble(i, 0, 2, 3) == 0) moved++;
        }
        assertTrue(moved > n / 2, "most images moved: " + moved);
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        Augmentation.shifts(1)
                                .apply(
                                        new DataSet("rows", Nd4j.zeros(3, 36), Nd4j.zeros(3, 2)),
                                        new Random(1)));
    }
}
