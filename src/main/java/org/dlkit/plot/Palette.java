package org.dlkit.plot;

import java.awt.Color;

/**
 * Colours shared by the figures: a diverging orange–white–blue scale for signed values (weights,
 * class scores), as the TensorFlow Playground draws them, and grey for images.
 */
public final class Palette {
    private Palette() {}

    static final Color NEGATIVE = new Color(0xF5, 0x93, 0x22); // orange: class 0, negative weights
    static final Color POSITIVE = new Color(0x08, 0x77, 0xBD); // blue: class 1, positive weights

    /**
     * Ten colours that stay apart from each other on screen and in print, for the lines of one
     * chart (several optimisers, several runs): the usual "category 10" set.
     */
    public static final Color[] SERIES = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
                new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
                new Color(0x17becf)
    };

    /** v in [−1, 1] → orange (−1) … white (0) … blue (+1); values outside are clipped. */
    public static Color diverging(double v) {
        double t = Math.max(-1, Math.min(1, Double.isNaN(v) ? 0 : v));
        Color end = t < 0 ? NEGATIVE : POSITIVE;
        double a = Math.abs(t);
        return new Color(
                mix(255, end.getRed(), a), mix(255, end.getGreen(), a), mix(255, end.getBlue(), a));
    }

    /** v in [0, 1] → black … white (0 is black ink on MNIST's scale is inverted by callers). */
    public static int grey(double v) {
        int g = (int) Math.round(255 * Math.max(0, Math.min(1, Double.isNaN(v) ? 0 : v)));
        return (g << 16) | (g << 8) | g;
    }

    private static int mix(int from, int to, double a) {
        return (int) Math.round(from + (to - from) * a);
    }
}
