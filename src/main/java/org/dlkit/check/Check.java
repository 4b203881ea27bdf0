package org.dlkit.check;

import java.util.Locale;

/**
 * The checks a lesson's check cells call. Each prints one line, "✔ what" when it holds, and throws
 * {@link CheckFailed} with expected vs got and a hint when it does not, so that a failed check
 * shows as an error in the notebook and fails the notebook tests.
 *
 * <pre>{@code
 * Check.close("mean of squares", 38.5, answer, 1e-6, "square first, then take the mean");
 * Check.atLeast("test accuracy", 0.97, accuracy, "train for more epochs");
 * }</pre>
 */
public final class Check {
    private Check() {}

    /** A check that did not hold; its message says what was expected and what came. */
    public static final class CheckFailed extends AssertionError {
        public CheckFailed(String message) {
            super(message);
        }
    }

    /** |got − expected| ≤ tolerance. */
    public static void close(
            String what, double expected, double got, double tolerance, String hint) {
        if (!(Math.abs(got - expected) <= tolerance)) {
            fail(
                    what,
                    "expected " + num(expected) + " ± " + num(tolerance) + ", got " + num(got),
                    hint);
        }
        pass(what + " = " + num(got));
    }

    /** got ≥ bar (for accuracies and other scores). */
    public static void atLeast(String what, double bar, double got, String hint) {
        if (!(got >= bar)) fail(what, "expected at least " + num(bar) + ", got " + num(got), hint);
        pass(what + " = " + num(got) + " (≥ " + num(bar) + ")");
    }

    /** got ≤ bar (for losses and errors). */
    public static void atMost(String what, double bar, double got, String hint) {
        if (!(got <= bar)) fail(what, "expected at most " + num(bar) + ", got " + num(got), hint);
        pass(what + " = " + num(got) + " (≤ " + num(bar) + ")");
    }

    /** A condition stated in words. */
    public static void that(String what, boolean holds, String hint) {
        if (!holds) fail(what, "it does not hold", hint);
        pass(what);
    }

    /**
     * The value of work computed with float64 as the default type (layers made, arrays drawn), and
     * float32 (or whatever it was) again after, also when work throws: {@code GradientReport r =
     * Check.float64(() -> GradientCheck.layer(new Conv2D(…), x, 1));}
     */
    public static <T> T float64(java.util.function.Supplier<T> work) {
        var type = org.nd4j.linalg.factory.Nd4j.dataType();
        var floating = org.nd4j.linalg.factory.Nd4j.defaultFloatingPointType();
        org.nd4j.linalg.factory.Nd4j.setDefaultDataTypes(
                org.nd4j.linalg.api.buffer.DataType.DOUBLE,
                org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        try {
            return work.get();
        } finally {
            org.nd4j.linalg.factory.Nd4j.setDefaultDataTypes(type, floating);
        }
    }

    /**
     * Runs checks in float64, as gradient checks need, and restores the default types after: new
     * layers and arrays made inside are DOUBLE, whatever the lesson uses around it.
     */
    public static void inFloat64(Runnable checks) {
        var type = org.nd4j.linalg.factory.Nd4j.dataType();
        var floating = org.nd4j.linalg.factory.Nd4j.defaultFloatingPointType();
        org.nd4j.linalg.factory.Nd4j.setDefaultDataTypes(
                org.nd4j.linalg.api.buffer.DataType.DOUBLE,
                org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        try {
            checks.run();
        } finally {
            org.nd4j.linalg.factory.Nd4j.setDefaultDataTypes(type, floating);
        }
    }

    /** Equal objects (shapes, labels, strings). */
    public static void equal(String what, Object expected, Object got, String hint) {
        if (!java.util.Objects.deepEquals(expected, got)) {
            fail(what, "expected " + str(expected) + ", got " + str(got), hint);
        }
        pass(what + " = " + str(got));
    }

    static void pass(String line) {
        System.out.println("✔ " + line);
    }

    static void fail(String what, String detail, String hint) {
        String msg =
                "✘ "
                        + what
                        + ": "
                        + detail
                        + (hint == null || hint.isBlank() ? "" : "\n  hint: " + hint);
        System.out.println(msg);
        throw new CheckFailed(msg);
    }

    static String num(double x) {
        if (x != 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6))
            return String.format(Locale.ROOT, "%.3e", x);
        return String.format(Locale.ROOT, "%.6g", x).replaceFirst("\\.?0+$", "");
    }

    private static String str(Object o) {
        if (o instanceof long[] a) return java.util.Arrays.toString(a);
        if (o instanceof int[] a) return java.util.Arrays.toString(a);
        if (o instanceof double[] a) return java.util.Arrays.toString(a);
        return String.valueOf(o);
    }
}
