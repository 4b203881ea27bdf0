package org.dlkit.tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shape checks with messages a student can act on. One helper produces every shape error of the
 * kit, in one form: {@code Dense[hidden1].forward: x expected [N, 784] but got [32, 1, 28, 28] (did
 * you forget Flatten?)}.
 */
public final class Shapes {
    private Shapes() {}

    /** Any size: written N in messages for the batch dimension, ? elsewhere. */
    public static final long ANY = -1;

    /**
     * Checks that x has the expected shape, where {@link #ANY} matches any size.
     *
     * @param where the layer and method, e.g. "Dense[hidden1].forward"
     * @param tensor the argument's name, e.g. "x"
     * @param hint the usual cause, or null
     * @throws IllegalArgumentException naming where, the tensor, both shapes and the hint
     */
    public static void require(
            String where, String tensor, INDArray x, long[] expected, String hint) {
        if (x == null) throw new IllegalArgumentException(where + ": " + tensor + " is null");
        if (!matches(x.shape(), expected)) throw mismatch(where, tensor, format(expected), x, hint);
    }

    /**
     * The shape error for a condition {@link #require} cannot state with one shape (a choice of
     * ranks, a size that must be at least something): {@code where: tensor expected … but got
     * [shape] (hint)}. Throw what it returns.
     *
     * @param expected what was expected, e.g. "[N, M] or [N, C, H, W]"
     */
    public static IllegalArgumentException mismatch(
            String where, String tensor, String expected, INDArray got, String hint) {
        return mismatch(
                where, tensor, expected, got == null ? "null" : Arrays.toString(got.shape()), hint);
    }

    /**
     * {@link #mismatch(String, String, String, INDArray, String)} for a shape given as text, e.g. a
     * layer's per-example input shape written with {@link #perExample}.
     */
    public static IllegalArgumentException mismatch(
            String where, String tensor, String expected, String got, String hint) {
        return new IllegalArgumentException(
                where
                        + ": "
                        + tensor
                        + " expected "
                        + expected
                        + " but got "
                        + got
                        + (hint == null || hint.isBlank() ? "" : " (" + hint + ")"));
    }

    /** A shape without its batch dimension written with one: {1, 28, 28} → "[N, 1, 28, 28]". */
    public static String perExample(long[] example) {
        var s = new StringBuilder("[N");
        for (long d : example) s.append(", ").append(d);
        return s.append(']').toString();
    }

    public static boolean matches(long[] shape, long[] expected) {
        if (shape.length != expected.length) return false;
        for (int i = 0; i < shape.length; i++) {
            if (expected[i] != ANY && expected[i] != shape[i]) return false;
        }
        return true;
    }

    /** [N, 784] for {ANY, 784}: the first ANY is the batch. */
    public static String format(long[] expected) {
        var s = new StringBuilder("[");
        for (int i = 0; i < expected.length; i++) {
            if (i > 0) s.append(", ");
            s.append(expected[i] == ANY ? (i == 0 ? "N" : "?") : Long.toString(expected[i]));
        }
        return s.append(']').toString();
    }

    /** Throws IllegalArgumentException naming the field when a size is not positive. */
    public static int positive(String field, int value) {
        if (value <= 0)
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        return value;
    }
}
