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
        if (!matches(x.shape(), expected)) {
            throw new IllegalArgumentException(
                    where
                            + ": "
                            + tensor
                            + " expected "
                            + format(expected)
                            + " but got "
                            + Arrays.toString(x.shape())
                            + (hint == null || hint.isBlank() ? "" : " (" + hint + ")"));
        }
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
