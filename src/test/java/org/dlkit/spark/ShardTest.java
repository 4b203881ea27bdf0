package org.dlkit.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.dlkit.data.DataSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ShardTest {
    private static DataSet numbered(int n, int d) {
        var x = Nd4j.arange(n * d).castTo(DataType.FLOAT).reshape(n, d);
        var y = Nd4j.arange(n * 2).castTo(DataType.FLOAT).reshape(n, 2).muli(-1);
        return new DataSet("numbered", x, y);
    }

    private static byte[] bytes(Object o) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var s = new ObjectOutputStream(out)) {
            s.writeObject(o);
        }
        return out.toByteArray();
    }

    private static Shard read(byte[] b) throws Exception {
        try (var in = new ObjectInputStream(new ByteArrayInputStream(b))) {
            return (Shard) in.readObject();
        }
    }

    @Test
    void aShardSentAndReceivedHoldsItsRowsInOrder() throws Exception {
        DataSet all = numbered(7, 3);
        List<Shard> shards = Shard.split(all, 2);
        Shard second = read(bytes(shards.get(1)));
        assertEquals(1, second.index());
        assertEquals(4, second.size());
        assertEquals(
                all.x().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 7)),
                second.data().x());
        assertEquals(
                all.y().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 7)),
                second.data().y());
        assertArrayEquals(new long[] {4, 3}, second.data().x().shape());
        // the receiving side's batches come from its own copy
        assertEquals(2, second.batch(1, 1, 0, 2).size());
    }

    /** A shard larger than one block of the stream (2¹⁸ floats) arrives whole and in order. */
    @Test
    void aShardOfSeveralBlocksArrivesWhole() throws Exception {
        DataSet all = numbered(700, 800);
        Shard first = read(bytes(Shard.split(all, 2).get(0)));
        assertEquals(
                all.x().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 350)),
                first.data().x());
        assertEquals(
                all.y().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 350)),
                first.data().y());
    }

    @Test
    void aReleasedShardIsNeitherUsedNorSentAgain() throws Exception {
        Shard s = Shard.split(numbered(6, 2), 2).get(0);
        byte[] sent = bytes(s); // what Spark keeps
        s.release();
        var used = assertThrows(IllegalStateException.class, s::data);
        assertTrue(used.getMessage().contains("released on the driver"), used.getMessage());
        var again = assertThrows(NotSerializableException.class, () -> bytes(s));
        assertTrue(again.getMessage().contains("make a new trainer"), again.getMessage());
        assertEquals(3, read(sent).data().size()); // Spark's copy is whole
    }

    /**
     * Images are mostly zeros, and Spark holds a task's bytes several times while it sends it: a
     * shard of 600 sparse 784-pixel images (1.9 MB of floats) travels in under a quarter of that
     * (MNIST's training digits: a tenth), and random floats, which do not compress, still arrive
     * exactly.
     */
    @Test
    void aMostlyZeroShardTravelsCompressedAndRandomFloatsArriveExactly() throws Exception {
        var rnd = new java.util.Random(13);
        float[] pixels = new float[600 * 784];
        for (int i = 0; i < pixels.length; i++)
            if (rnd.nextInt(5) == 0) pixels[i] = rnd.nextInt(256) / 255f;
        var images =
                new DataSet(
                        "sparse",
                        Nd4j.createFromArray(pixels).reshape(600, 784),
                        Nd4j.zeros(DataType.FLOAT, 600, 10));
        byte[] sent = bytes(Shard.split(images, 1).get(0));
        assertTrue(
                sent.length < 4L * pixels.length / 4,
                sent.length + " bytes for " + 4L * pixels.length + " bytes of floats");
        assertEquals(images.x(), read(sent).data().x());

        var noise =
                new DataSet(
                        "noise",
                        Nd4j.rand(DataType.FLOAT, 400, 1000),
                        Nd4j.rand(DataType.FLOAT, 400, 3));
        Shard back = read(bytes(Shard.split(noise, 1).get(0)));
        assertEquals(noise.x(), back.data().x());
        assertEquals(noise.y(), back.data().y());
    }

    @Test
    void aDamagedShardIsRefusedWithAMessage() throws Exception {
        byte[] sent = bytes(Shard.split(numbered(300, 900), 1).get(0));
        // the last bytes belong to y's deflated block: spoil them
        for (int i = sent.length - 12; i < sent.length - 2; i++) sent[i] ^= 0x5a;
        var e = assertThrows(java.io.IOException.class, () -> read(sent));
        assertTrue(e.getMessage().contains("shard's block"), e.getMessage());
    }
}
