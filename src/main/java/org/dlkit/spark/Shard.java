package org.dlkit.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dlkit.data.DataSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One worker's part of the training set, as plain arrays (what Spark can send anywhere). On the
 * worker it becomes a {@link DataSet} once, the first time it is used, and stays one while Spark
 * keeps the partition in memory.
 */
public final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final String name;
    private final float[] x;
    private final long[] xShape;
    private final float[] y;
    private final long[] yShape;
    private transient DataSet data;
    private transient int[] order;
    private transient long orderOf = Long.MIN_VALUE;

    private Shard(int index, DataSet part) {
        this.index = index;
        this.name = part.name();
        this.x = part.x().castTo(DataType.FLOAT).dup('c').data().asFloat();
        this.xShape = part.x().shape();
        this.y = part.y().castTo(DataType.FLOAT).dup('c').data().asFloat();
        this.yShape = part.y().shape();
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

    /** The shard as a data set (made on first use, then kept). */
    public synchronized DataSet data() {
        if (data == null)
            data =
                    new DataSet(
                            name + ", shard " + index,
                            Nd4j.create(x, xShape, 'c'),
                            Nd4j.create(y, yShape, 'c'));
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
