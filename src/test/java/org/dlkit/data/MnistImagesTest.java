package org.dlkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Mnist#images}: rows of 784 pixels as (N, 1, 28, 28), and a clear error otherwise. */
class MnistImagesTest {
    @Test
    void rowsOfPixelsBecomeOneChannelImagesSharingTheNumbers() {
        var rows = Nd4j.rand(3, 784);
        var images = Mnist.images(rows);
        assertArrayEquals(new long[] {3, 1, 28, 28}, images.shape());
        assertEquals(rows.getDouble(2, 28 * 5 + 7), images.getDouble(2, 0, 5, 7), 0);
    }

    @Test
    void rowsOfAnotherWidthAreRefusedNamingTheShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Mnist.images(Nd4j.rand(3, 700)));
        assertEquals(
                "Mnist.images: rows expected [N, 784] but got [3, 700] (one 28×28 digit per row, as Mnist.load() gives them)",
                e.getMessage());
        var already =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Mnist.images(Nd4j.rand(new int[] {3, 1, 28, 28})));
        assertEquals(
                "Mnist.images: rows expected [N, 784] but got [3, 1, 28, 28] (one 28×28 digit per row, as Mnist.load() gives them)",
                already.getMessage());
    }
}
