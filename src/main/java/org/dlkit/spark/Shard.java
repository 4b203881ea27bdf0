package org.dlkit.spark;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.dlkit.data.DataSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One worker's part of the training set. Its numbers live in a {@link DataSet} (outside the Java
 * heap); Spark sends a shard as deflated blocks of floats (its serialised form) and the receiving
 * side turns them back into a data set at once, so the copy Spark keeps for the worker holds no
 * Java arrays. Once a trainer's shards are in the workers' memory the driver frees its own copies
 * ({@link #release}). Lesson 13 in full mode held the 50 000 training digits twice on the heap for
 * each trainer (driver and workers' block store, 160 MB each): 1.3 GB of heap and 2.1 GB resident.
 */
public final class Shard implements Serializable {
    private static final long serialVersionUID = 4L;

    private final int index;
    private final String name;
    private final long[] xShape;
    private final long[] yShape;
    private transient DataSet data;
    private transient int[] order;
    private transient long orderOf = Long.MIN_VALUE;

    private Shard(int index, DataSet part) {
        this.index = index;
        this.name = part.name();
        this.xShape = part.x().shape();
        this.yShape = part.y().shape();
        this.data =
                new DataSet(
                        name + ", shard " + index,
                        part.x().castTo(DataType.FLOAT).dup('c'),
                        part.y().castTo(DataType.FLOAT).dup('c'));
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        DataSet d;
        synchronized (this) {
            d = data;
        }
        if (d == null)
            throw new NotSerializableException(
                    "shard "
                            + index
                            + " of '"
                            + name
                            + "' was released on the driver once Spark held it; Spark lost its copy"
                            + " (a worker's memory?) and cannot be sent it again: make a new trainer");
        out.defaultWriteObject();
        writeFloats(out, d.x());
        writeFloats(out, d.y());
    }

    /**
     * Floats per block when a shard is sent: 1 MB at a time, never the whole shard as one array.
     */
    private static final int BLOCK = 1 << 18;

    /**
     * Writes the floats a block at a time, each block deflated (fastest level) after its length:
     * images are mostly zeros, so the 157 MB of lesson 13's 50 000 digits go as about a tenth of
     * that. Spark copies a task's bytes several times while it sends it (its buffer grows by
     * doubling), so what a task weighs is what the driver's heap must hold at its peak.
     */
    private static void writeFloats(ObjectOutputStream out, INDArray a) throws IOException {
        INDArray flat = a.reshape('c', new long[] {a.length()});
        int most = 4 * (int) Math.min(BLOCK, Math.max(1, a.length()));
        byte[] bytes = new byte[most];
        byte[] packed = new byte[most + most / 8 + 64];
        FloatBuffer floats = ByteBuffer.wrap(bytes).asFloatBuffer();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            for (long from = 0; from < a.length(); from += BLOCK) {
                int n = (int) Math.min(BLOCK, a.length() - from);
                floats.clear();
                floats.put(flat.get(NDArrayIndex.interval(from, from + n)).toFloatVector());
                deflater.reset();
                deflater.setInput(bytes, 0, 4 * n);
                deflater.finish();
                int length = deflater.deflate(packed);
                if (!deflater.finished())
                    throw new IOException(
                            "a block of "
                                    + n
                                    + " floats did not deflate into "
                                    + packed.length
                                    + " bytes");
                out.writeInt(length);
                out.write(packed, 0, length);
            }
        } finally {
            deflater.end();
        }
    }

    private static INDArray readFloats(ObjectInputStream in, long[] shape) throws IOException {
        INDArray a = Nd4j.create(DataType.FLOAT, shape, 'c');
        INDArray flat = a.reshape('c', new long[] {a.length()});
        int most = 4 * (int) Math.min(BLOCK, Math.max(1, a.length()));
        byte[] bytes = new byte[most];
        byte[] packed = new byte[most + most / 8 + 64];
        FloatBuffer floats = ByteBuffer.wrap(bytes).asFloatBuffer();
        Inflater inflater = new Inflater(true);
        try {
            for (long from = 0; from < a.length(); from += BLOCK) {
                int n = (int) Math.min(BLOCK, a.length() - from);
                int length = in.readInt();
                if (length < 0 || length > packed.length)
                    throw new StreamCorruptedException(
                            "a shard's block of "
                                    + n
                                    + " floats says it is "
                                    + length
                                    + " bytes long");
                in.readFully(packed, 0, length);
                inflater.reset();
                inflater.setInput(packed, 0, length);
                int got;
                try {
                    got = inflater.inflate(bytes, 0, 4 * n);
                } catch (DataFormatException e) {
                    throw new StreamCorruptedException(
                            "a shard's block is damaged: " + e.getMessage());
                }
                if (got != 4 * n || !inflater.finished())
                    throw new StreamCorruptedException(
                            "a shard's block held " + got + " bytes, expected " + 4 * n);
                float[] part = new float[n];
                floats.clear();
                floats.get(part);
                flat.get(NDArrayIndex.interval(from, from + n)).assign(Nd4j.createFromArray(part));
            }
        } finally {
            inflater.end();
        }
        return a;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        data =
                new DataSet(
                        name + ", shard " + index, readFloats(in, xShape), readFloats(in, yShape));
        orderOf = Long.MIN_VALUE;
    }

    /**
     * Frees the driver's copy of the numbers, once Spark holds its own (after the trainer's first
     * job): from then on this shard can no longer be used or sent.
     */
    synchronized void release() {
        if (data == null) return;
        // the shard made these arrays (a copy of its rows) and nothing else holds them: their
        // memory goes back now, not when the collector finds the shard
        if (data.y() != data.x()) data.y().close();
        data.x().close();
        data = null;
    }

    /**
     * The set cut into k shards of (nearly) equal size, in order: shard i has rows [n·i/k,
     * n·(i+1)/k).
     */
    public static List<Shard> split(DataSet data, int k) {
        if (k < 1 || k > data.size())
            throw new IllegalArgumentException(
                    "cannot cut " + data.size() + " examples into " + k + " shards");
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int from = (int) ((long) data.size() * i / k),
                    to = (int) ((long) data.size() * (i + 1) / k);
            shards.add(new Shard(i, data.rows(from, to)));
        }
        return shards;
    }

    public int index() {
        return index;
    }

    public int size() {
        return (int) xShape[0];
    }

    /** The shard as a data set. */
    public synchronized DataSet data() {
        if (data == null)
            throw new IllegalStateException(
                    "shard "
                            + index
                            + " of '"
                            + name
                            + "' was released on the driver: its numbers are in Spark's workers");
        return data;
    }

    /**
     * Mini-batch {@code step} of {@code size} examples in epoch {@code epoch}: the shard is visited
     * in an order shuffled from (seed, epoch, shard index), so each worker's batches differ and a
     * run can be repeated.
     */
    public synchronized DataSet batch(long seed, int epoch, int step, int size) {
        long key = seed * 1_000_003L + epoch;
        if (order == null || orderOf != key) {
            order = DataSet.permutation(size(), new Random(key * 31 + index));
            orderOf = key;
        }
        int from = step * size;
        if (from + size > size())
            throw new IllegalArgumentException(
                    "shard "
                            + index
                            + " has "
                            + size()
                            + " examples: no mini-batch "
                            + step
                            + " of "
                            + size
                            + " in an epoch");
        return data().select(Arrays.copyOfRange(order, from, from + size));
    }
}
