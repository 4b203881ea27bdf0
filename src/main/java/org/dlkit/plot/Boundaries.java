package org.dlkit.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.function.Function;
import org.dlkit.data.Playground;
import org.dlkit.nn.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What a 2-D classifier does to the plane, as the TensorFlow Playground draws it: the background
 * coloured by the model's output (orange for class 0, blue for class 1, pale near the boundary),
 * the points on top, and the same picture for every hidden neuron.
 */
public final class Boundaries {
    private Boundaries() {}

    /** The square [−extent, extent]² drawn, and its resolution. */
    public record View(double extent, int pixels) {
        public View {
            if (!(extent > 0))
                throw new IllegalArgumentException("View.extent must be positive, got " + extent);
            if (pixels < 8)
                throw new IllegalArgumentException("View.pixels must be at least 8, got " + pixels);
        }
    }

    public static final View PLAYGROUND = new View(6, 240);

    /** Grid points of the view as a (P², 2) matrix, row-major from the top-left corner. */
    static INDArray grid(View v) {
        int p = v.pixels();
        double[][] xy = new double[p * p][2];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                xy[i * p + j][0] = -v.extent() + 2 * v.extent() * (j + 0.5) / p;
                xy[i * p + j][1] = v.extent() - 2 * v.extent() * (i + 0.5) / p;
            }
        }
        return Nd4j.createFromArray(xy).castTo(DataType.FLOAT);
    }

    /**
     * What {@link #decision} draws for a network with one logit output: P(class 1) = σ(net(x)),
     * with the feature crosses applied to the raw points first (none: the points themselves).
     */
    public static Function<INDArray, INDArray> probability(
            Network net, Playground.Feature... features) {
        return q ->
                Transforms.sigmoid(
                        net.predict(features.length == 0 ? q : Playground.features(q, features)),
                        true);
    }

    /**
     * The decision regions of a binary classifier with the points over them.
     *
     * @param probability maps inputs (N, 2) — the two coordinates, before any feature crosses,
     *     which the function applies itself — to P(class 1) as (N, 1) or (N)
     * @param x points (N, 2); y their labels (N) or (N, 1), 0 or 1; either may be null
     */
    public static BufferedImage decision(
            Function<INDArray, INDArray> probability,
            INDArray x,
            INDArray y,
            View v,
            String title) {
        double[] p =
                probability.apply(grid(v)).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        if (p.length != v.pixels() * v.pixels()) {
            throw new IllegalArgumentException(
                    "Boundaries.decision: the model gave "
                            + p.length
                            + " outputs for "
                            + v.pixels() * v.pixels()
                            + " grid points; expected one probability per point");
        }
        BufferedImage img = field(p, v, q -> 2 * q - 1);
        Graphics2D g = img.createGraphics();
        if (x != null) points(g, x, y, v);
        if (title != null) caption(g, title, img.getWidth());
        g.dispose();
        return img;
    }

    /**
     * One small field per hidden neuron: its output over the plane, as the Playground shows inside
     * each neuron.
     *
     * @param activations maps inputs (N, 2) to a layer's outputs (N, M)
     * @param range the output range to colour: 1 for tanh and sigmoid-centred values
     */
    public static BufferedImage neurons(
            Function<INDArray, INDArray> activations, View v, double range, int cols) {
        INDArray a = activations.apply(grid(v)).castTo(DataType.DOUBLE);
        int m = (int) a.size(1);
        int size = v.pixels();
        int c = Math.max(1, Math.min(cols, m));
        int r = (m + c - 1) / c;
        var sheet =
                new BufferedImage(
                        c * (size + 6) + 6, r * (size + 22) + 6, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int k = 0; k < m; k++) {
            double[] out = a.getColumn(k).toDoubleVector();
            BufferedImage f = field(out, v, q -> q / range);
            int x0 = 6 + (k % c) * (size + 6);
            int y0 = 6 + (k / c) * (size + 22);
            g.drawImage(f, x0, y0 + 16, null);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString("neuron " + (k + 1), x0, y0 + 12);
        }
        g.dispose();
        return sheet;
    }

    private static BufferedImage field(
            double[] values, View v, java.util.function.DoubleUnaryOperator toSigned) {
        int p = v.pixels();
        var img = new BufferedImage(p, p, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                img.setRGB(
                        j,
                        i,
                        Palette.diverging(0.75 * toSigned.applyAsDouble(values[i * p + j]))
                                .getRGB());
            }
        }
        return img;
    }

    private static void points(Graphics2D g, INDArray x, INDArray y, View v) {
        double[][] xy = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] labels = y == null ? null : y.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(1f));
        int p = v.pixels();
        for (int k = 0; k < xy.length; k++) {
            int px = (int) Math.round((xy[k][0] + v.extent()) / (2 * v.extent()) * p);
            int py = (int) Math.round((v.extent() - xy[k][1]) / (2 * v.extent()) * p);
            g.setColor(
                    labels == null
                            ? Color.DARK_GRAY
                            : labels[k] > 0.5 ? Palette.POSITIVE : Palette.NEGATIVE);
            g.fillOval(px - 3, py - 3, 6, 6);
            g.setColor(Color.WHITE);
            g.drawOval(px - 3, py - 3, 6, 6);
        }
    }

    /**
     * The title in the top-left corner on a pale band, in a smaller font or on two lines when it
     * would not fit the picture's width.
     */
    private static void caption(Graphics2D g, String title, int width) {
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, 12);
        g.setFont(font);
        while (g.getFontMetrics().stringWidth(title) > width - 8 && font.getSize() > 10) {
            font = font.deriveFont(font.getSize2D() - 1);
            g.setFont(font);
        }
        FontMetrics m = g.getFontMetrics();
        var lines = new java.util.ArrayList<String>();
        var line = new StringBuilder();
        for (String word : title.split(" ")) {
            String longer = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && m.stringWidth(longer) > width - 8) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(longer);
            }
        }
        lines.add(line.toString());
        int widest = lines.stream().mapToInt(m::stringWidth).max().orElse(0);
        g.setColor(new Color(255, 255, 255, 200));
        g.fillRect(0, 0, widest + 8, lines.size() * m.getHeight() + 4);
        g.setColor(Color.BLACK);
        for (int i = 0; i < lines.size(); i++)
            g.drawString(lines.get(i), 4, (i + 1) * m.getHeight() - m.getDescent() + 1);
    }
}
