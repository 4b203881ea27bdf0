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
}
