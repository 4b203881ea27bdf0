package org.dlkit.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Examples and their targets: row i of {@code x} goes with row i of {@code y}.
 *
 * @param name what the set is, for messages and a run's provenance ("mnist-train")
 * @param x examples, (N, D) or (N, C, H, W)
 * @param y targets, (N, M)
 */
public record DataSet(String name, INDArray x, INDArray y) {
    public DataSet {
        if (x == null || y == null)
            throw new IllegalArgumentException("DataSet[" + name + "]: x and y must not be null");
        if (x.rank() < 2 || y.rank() != 2) {
            throw new IllegalArgumentException(
                    "DataSet["
                            + name
                            + "]: x must be (N, D) or (N, C, H, W) and y (N, M); got x "
                            + java.util.Arrays.toString(x.shape())
                            + " and y "
                            + java.util.Arrays.toString(y.shape()));
        }
        if (x.size(0) != y.size(0)) {
            throw new IllegalArgumentException(
                    "DataSet["
                            + name
                            + "]: x has "
                            + x.size(0)
                            + " rows but y has "
                            + y.size(0)
                            + "; every example needs exactly one target");
        }
    }

    /** N, the number of examples. */
    public int size() {
        return (int) x.size(0);
    }

    /** Rows [from, to) as views (no copy). */
    public DataSet rows(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException(
                    "DataSet["
                            + name
                            + "].rows: ["
                            + from
                            + ", "
                            + to
                            + ") is not inside [0, "
                            + size()
                            + ")");
        }
        return new DataSet(
                name,
                x.get(NDArrayIndex.interval(from, to)),
                y.get(NDArrayIndex.interval(from, to)));
    }

    /** The first n rows (all of them when n ≥ N): the small slice quick mode trains on. */
    public DataSet head(int n) {
        return n >= size() ? this : rows(0, n);
    }

    /** The given rows, copied, in the given order. */
    public DataSet select(int[] rows) {
        return new DataSet(name, pick(x, rows), pick(y, rows));
    }

    /** A copy with the rows in a random order drawn from the seed. */
    public DataSet shuffled(long seed) {
        return select(permutation(size(), new Random(seed)));
    }

    /** Splits after the first n rows (no copy): the first n, and the rest. */
    public List<DataSet> split(int n, String firstName, String restName) {
        if (n <= 0 || n >= size()) {
            throw new IllegalArgumentException(
                    "DataSet[" + name + "].split: " + n + " must be between 1 and " + (size() - 1));
        }
        return List.of(
                new DataSet(
                        firstName,
                        x.get(NDArrayIndex.interval(0, n)),
                        y.get(NDArrayIndex.interval(0, n))),
                new DataSet(
                        restName,
                        x.get(NDArrayIndex.interval(n, size())),
                        y.get(NDArrayIndex.interval(n, size()))));
    }

    /** Consecutive mini-batches of the given size as views; the last may be smaller. */
    public List<DataSet> batches(int miniBatch) {
        if (miniBatch <= 0)
            throw new IllegalArgumentException(
                    "DataSet[" + name + "].batches: miniBatch must be positive, got " + miniBatch);
        var out = new ArrayList<DataSet>();
        for (int from = 0; from < size(); from += miniBatch)
            out.add(rows(from, Math.min(size(), from + miniBatch)));
        return out;
    }

    /** Fisher–Yates with the given generator: the same seed gives the same order. */
    public static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static INDArray pick(INDArray a, int[] rows) {
        if (a.rank() == 2) return Nd4j.pullRows(a, 1, rows);
        // pullRows works on matrices; images are pulled as flat rows and shaped back.
        long[] shape = a.shape().clone();
        INDArray flat = a.reshape('c', a.size(0), a.length() / a.size(0));
        shape[0] = rows.length;
        return Nd4j.pullRows(flat, 1, rows).reshape('c', shape);
    }

    @Override
    public String toString() {
        return "DataSet["
                + name
                + "]("
                + size()
                + " examples, x "
                + java.util.Arrays.toString(x.shape())
                + ", y "
                + java.util.Arrays.toString(y.shape())
                + ")";
    }
}
