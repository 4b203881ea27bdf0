package org.dlkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class DataSetTest {

    /**
     * The checksum a run's provenance records: the same numbers give the same checksum however they
     * are stored (a view, a column-major copy); one changed value, one changed target, another type
     * or another shape give another.
     */
    @Test
    void theChecksumFollowsTheNumbersNotTheStorage() {
        var x = Nd4j.rand(3, new long[] {50, 6}).castTo(DataType.FLOAT);
        var y = Labels.oneHot(new int[50], 2);
        var set = new DataSet("set", x, y);
        String sum = set.checksum();
        assertTrue(sum.matches("\\p{XDigit}{8}"), sum);
        assertEquals(sum, new DataSet("copy", x.dup('f'), y.dup()).checksum());
        var wide = Nd4j.zeros(DataType.FLOAT, 60, 8);
        wide.get(NDArrayIndex.interval(5, 55), NDArrayIndex.interval(1, 7)).assign(x);
        var view = wide.get(NDArrayIndex.interval(5, 55), NDArrayIndex.interval(1, 7));
        assertTrue(view.isView());
        assertEquals(sum, new DataSet("view", view, y).checksum());

        var changed = x.dup();
        changed.putScalar(49, 5, changed.getFloat(49, 5) + 1e-6f);
        assertNotEquals(sum, new DataSet("changed", changed, y).checksum());
        var relabelled = y.dup();
        relabelled.putScalar(0, 0, 0).putScalar(0, 1, 1);
        assertNotEquals(sum, new DataSet("relabelled", x, relabelled).checksum());
        assertNotEquals(sum, new DataSet("double", x.castTo(DataType.DOUBLE), y).checksum());
        assertNotEquals(
                sum, new DataSet("reshaped", x.reshape(50, 3, 2), y).checksum(), "another shape");

        // the bytes are the values: a checksum of the float32 bits in row-major order agrees
        var crc = new CRC32C();
        crc.update("FLOAT[50, 6]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var bytes = java.nio.ByteBuffer.allocate(300 * 4).order(java.nio.ByteOrder.nativeOrder());
        for (float v : x.reshape(-1).toFloatVector()) bytes.putFloat(v);
        crc.update(bytes.array());
        var direct = new CRC32C();
        DataSet.digest(direct, x);
        assertEquals(crc.getValue(), direct.getValue());
    }

    /**
     * Batches in a given order are the batches of the set copied in that order, images and
     * autoencoder sets too, the last one short; an order of the wrong length is refused.
     */
    @Test
    void batchesInAnOrderAreThoseOfTheReorderedSet() {
        var x = Nd4j.arange(7 * 4).castTo(DataType.FLOAT).reshape(7, 1, 2, 2);
        var y = Nd4j.arange(7 * 3).castTo(DataType.FLOAT).reshape(7, 3);
        int[] order = {6, 2, 0, 5, 1, 3, 4};
        for (DataSet set :
                java.util.List.of(
                        new DataSet("images", x, y),
                        new DataSet("codes", x.reshape(7, 4), y).inputsAsTargets())) {
            var expected = set.select(order).batches(3);
            int i = 0;
            for (DataSet b : set.batches(order, 3)) {
                assertEquals(expected.get(i).x(), b.x(), set.name() + ", batch " + i);
                assertEquals(expected.get(i).y(), b.y(), set.name() + ", batch " + i);
                assertEquals(set.targetsAreInputs(), b.targetsAreInputs());
                i++;
            }
            assertEquals(3, i);
        }
        var e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> new DataSet("images", x, y).batches(new int[] {1, 2}, 3));
        assertTrue(
                e.getMessage().contains("the order has 2 rows but the set has 7"), e.getMessage());
    }
}
