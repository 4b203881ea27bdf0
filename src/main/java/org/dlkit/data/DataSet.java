package org.dlkit.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.bytedeco.javacpp.BytePointer;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Examples and their targets: row i of {@code x} goes with row i of {@code y}.
 *
 * @param name what the set is, for messages and a run's provenance ("mnist-train")
 * @param x examples, (N, D) or (N, C, H, W)
 * @param y targets, (N, M); or images shaped like x, for an autoencoder (see {@link
 *     #inputsAsTargets})
 */
public record DataSet(String name, INDArray x, INDArray y) {
    public DataSet {
        if (x == null || y == null)
            throw new IllegalArgumentException("DataSet[" + name + "]: x and y must not be null");
        if (x.rank() < 2)
            throw Shapes.mismatch(
                    "DataSet[" + name + "]",
                    "x",
                    "[N, D] or [N, C, H, W]",
                    x,
                    "one row per example");
        if (y.rank() != 2 && !Arrays.equals(y.shape(), x.shape()))
            throw Shapes.mismatch(
                    "DataSet[" + name + "]",
                    "y",
                    "[N, M] or x's shape " + Arrays.toString(x.shape()),
                    y,
                    "targets are rows, or images for an autoencoder");
        if (x.size(0) != y.size(0)) {
            throw Shapes.mismatch(
                    "DataSet[" + name + "]",
                    "y",
                    x.size(0) + " rows, as many as x has",
                    y,
                    "every example needs exactly one target");
        }
    }

    /**
     * The same examples with themselves as targets: what an autoencoder learns from (its output
     * should reproduce its input). A set made this way has no labels, so training measures no
     * accuracy on it; rows, batches, selections and splits of it stay that way.
     */
    public DataSet inputsAsTargets() {
        return new DataSet(name, x, x);
    }

    /** Whether the targets are the examples themselves (the same array), as for autoencoders. */
    public boolean targetsAreInputs() {
        return y == x;
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
        return same(
                name, x.get(NDArrayIndex.interval(from, to)), y, NDArrayIndex.interval(from, to));
    }

    /** A part of this set: the rows picked out of x, and out of y unless y is x. */
    private DataSet same(String name, INDArray part, INDArray y, INDArrayIndex rows) {
        return new DataSet(name, part, targetsAreInputs() ? part : y.get(rows));
    }

    /** The first n rows (all of them when n ≥ N): the small slice quick mode trains on. */
    public DataSet head(int n) {
        return n >= size() ? this : rows(0, n);
    }

    /** The given rows, copied, in the given order. */
    public DataSet select(int[] rows) {
        INDArray picked = pick(x, rows);
        return new DataSet(name, picked, targetsAreInputs() ? picked : pick(y, rows));
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
                same(firstName, x.get(NDArrayIndex.interval(0, n)), y, NDArrayIndex.interval(0, n)),
                same(
                        restName,
                        x.get(NDArrayIndex.interval(n, size())),
                        y,
                        NDArrayIndex.interval(n, size())));
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

    /**
     * The mini-batches of the rows taken in the given order, each one copied only when it is
     * reached: the same batches as {@code select(order).batches(miniBatch)} without a copy of the
     * whole set at once (a shuffled epoch of 50 000 digits made a 157 MB copy, of 50 000 codes of 1
     * 000 numbers 200 MB, that waited for the collector).
     */
    public Iterable<DataSet> batches(int[] order, int miniBatch) {
        if (miniBatch <= 0)
            throw new IllegalArgumentException(
                    "DataSet[" + name + "].batches: miniBatch must be positive, got " + miniBatch);
        if (order.length != size())
            throw new IllegalArgumentException(
                    "DataSet["
                            + name
                            + "].batches: the order has "
                            + order.length
                            + " rows but the set has "
                            + size());
        return () ->
                new java.util.Iterator<>() {
                    private int from;

                    @Override
                    public boolean hasNext() {
                        return from < order.length;
                    }

                    @Override
                    public DataSet next() {
                        if (!hasNext()) throw new java.util.NoSuchElementException();
                        int to = Math.min(order.length, from + miniBatch);
                        DataSet b = select(Arrays.copyOfRange(order, from, to));
                        from = to;
                        return b;
                    }
                };
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

    /**
     * This set, if it can be trained on or evaluated: it has examples, and every number of x and y
     * is finite. Otherwise an IllegalArgumentException that names the set, its role ("the training
     * set") and the first bad number's row and column — a NaN in the data would otherwise surface
     * later as a NaN loss, blamed on the learning rate.
     */
    public DataSet requireUsable(String role) {
        if (size() == 0)
            throw new IllegalArgumentException(
                    role + " " + this + " is empty: it needs at least one example");
        requireFinite(role, "x", x);
        if (!targetsAreInputs()) requireFinite(role, "y", y);
        return this;
    }

    private void requireFinite(String role, String which, INDArray a) {
        // one pass: the sum of finite numbers is finite (or, rarely, overflows: then search)
        if (Double.isFinite(a.sumNumber().doubleValue())) return;
        long rows = a.size(0), width = a.length() / rows;
        INDArray flat = a.reshape('c', rows, width);
        long bad = 0;
        String first = null;
        for (long from = 0; from < rows; from += 1000) {
            long to = Math.min(rows, from + 1000);
            double[] v = flat.get(NDArrayIndex.interval(from, to)).dup('c').data().asDouble();
            for (int i = 0; i < v.length; i++) {
                if (Double.isFinite(v[i])) continue;
                bad++;
                if (first == null)
                    first = String.format("%s at %s", v[i], place(a, from * width + i));
            }
        }
        if (first == null) return;
        throw new IllegalArgumentException(
                String.format(
                        "%s %s has a value that is not a finite number in %s: %s%s. Training needs"
                                + " finite numbers: check how the set was made or loaded",
                        role,
                        this,
                        which.equals("x") ? "x (the examples)" : "y (the targets)",
                        first,
                        bad > 1 ? " (and " + (bad - 1) + " more)" : ""));
    }

    /**
     * A CRC-32C of the examples and the targets as stored (type, shape and every value), as eight
     * hex digits: two sets with the same checksum hold the same numbers. A run's provenance records
     * it, so a result can be traced to the exact data it came from.
     */
    public String checksum() {
        var crc = new CRC32C();
        digest(crc, x);
        if (!targetsAreInputs()) digest(crc, y);
        return String.format("%08x", crc.getValue());
    }

    /** Adds one tensor's type, shape and values, in row-major order, to a checksum. */
    public static void digest(Checksum crc, INDArray a) {
        crc.update((a.dataType() + Arrays.toString(a.shape())).getBytes(StandardCharsets.UTF_8));
        INDArray c = a.isView() || a.ordering() != 'c' || a.offset() != 0 ? a.dup('c') : a;
        Nd4j.getAffinityManager().ensureLocation(c, AffinityManager.Location.HOST); // a GPU's copy
        long bytes = c.length() * c.data().getElementSize();
        var memory = new BytePointer(c.data().addressPointer());
        for (long from = 0; from < bytes; from += 1 << 30) {
            long to = Math.min(bytes, from + (1 << 30));
            crc.update(memory.position(from).limit(to).capacity(to).asByteBuffer());
        }
    }

    /** "row 17, column 203" for a matrix; "example 17, channel 0, pixel (3, 5)" for images. */
    private static String place(INDArray a, long flatIndex) {
        long width = a.length() / a.size(0);
        long row = flatIndex / width, rest = flatIndex % width;
        if (a.rank() != 4) return "row " + row + ", column " + rest;
        long hw = a.size(2) * a.size(3);
        return String.format(
                "example %d, channel %d, pixel (%d, %d)",
                row, rest / hw, rest % hw / a.size(3), rest % a.size(3));
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
                + Arrays.toString(x.shape())
                + (targetsAreInputs() ? ", targets = inputs" : ", y " + Arrays.toString(y.shape()))
                + ")";
    }
}
