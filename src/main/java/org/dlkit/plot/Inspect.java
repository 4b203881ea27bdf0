package org.dlkit.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.dlkit.nn.Conv2D;
import org.dlkit.nn.Layer;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Network;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Looking inside a convolutional network: its filters, the feature maps one image produces at every
 * layer, the inputs that excite a filter most, and the confusion matrix of its answers.
 */
public final class Inspect {
    private Inspect() {}

    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    /**
     * A convolutional layer's filters as signed tiles, one row per filter and one tile per input
     * channel (F rows of C tiles; a single row of F tiles when C = 1).
     */
    public static BufferedImage filters(Conv2D conv, int scale) {
        INDArray w = conv.weights().value();
        long f = w.size(0), c = w.size(1), kh = w.size(2), kw = w.size(3);
        return Images.signed(
                w.reshape('c', f * c, kh * kw),
                (int) kh,
                (int) kw,
                c == 1 ? (int) Math.min(f, 20) : (int) c,
                scale);
    }

    /**
     * The feature maps one image (1, C, H, W) produces at every layer with image-shaped output
     * (convolutions, activations, pooling), one labelled row of channel tiles per layer.
     */
    public static BufferedImage featureMaps(Network net, INDArray image, int scale) {
        Shapes.require(
                "Inspect.featureMaps",
                "image",
                image,
                new long[] {1, Shapes.ANY, Shapes.ANY, Shapes.ANY},
                null);
        var rows = new ArrayList<BufferedImage>();
        var labels = new ArrayList<String>();
        INDArray a = image;
        for (Layer l : net.layers()) {
            a = l.forward(a, Mode.EVAL);
            if (a.rank() != 4) break;
            int ch = (int) a.size(1), h = (int) a.size(2), w = (int) a.size(3);
            rows.add(
                    Images.signed(
                            a.reshape('c', ch, (long) h * w),
                            h,
                            w,
                            Math.min(ch, 16),
                            Math.max(1, scale * 24 / Math.max(h, 12))));
            labels.add(l + ": " + ch + "×" + h + "×" + w);
        }
        return stack(rows, labels);
    }

    /**
     * The indices of the k images (N, C, H, W) that excite a filter most: the largest value of
     * channel {@code filter} anywhere in the output of layer {@code layerIndex}.
     */
    public static int[] topInputs(Network net, int layerIndex, int filter, INDArray images, int k) {
        double[] best = new double[(int) images.size(0)];
        int batch = 500;
        for (int from = 0; from < best.length; from += batch) {
            int to = Math.min(best.length, from + batch);
            INDArray a = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to));
            for (int l = 0; l <= layerIndex; l++) a = net.layers().get(l).forward(a, Mode.EVAL);
            if (a.rank() != 4 || filter < 0 || filter >= a.size(1)) {
                throw Shapes.mismatch(
                        "Inspect.topInputs",
                        "the output of layer " + layerIndex,
                        "images [N, C, H, W] with a channel " + filter,
                        a,
                        null);
            }
            INDArray channel =
                    a.get(
                            org.nd4j.linalg.indexing.NDArrayIndex.all(),
                            org.nd4j.linalg.indexing.NDArrayIndex.point(filter));
            double[] m =
                    channel.reshape(to - from, channel.length() / (to - from))
                            .max(1)
                            .castTo(DataType.DOUBLE)
                            .toDoubleVector();
            System.arraycopy(m, 0, best, from, m.length);
        }
        return IntStream.range(0, best.length)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> -best[i]))
                .limit(k)
                .mapToInt(i -> i)
                .toArray();
    }

    /**
     * The confusion matrix as a heat map with its counts: row = true class, column = the predicted
     * one, darker = more; the diagonal (right answers) in blue, errors in orange.
     */
    public static BufferedImage confusion(long[][] counts, String title) {
        int m = counts.length;
        int cell = 40;
        int margin = 64;
        var img =
                new BufferedImage(
                        margin + m * cell + 12, margin + m * cell + 12, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(LABEL);
        long maxOff = 1, maxDiag = 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i == j) maxDiag = Math.max(maxDiag, counts[i][j]);
                else maxOff = Math.max(maxOff, counts[i][j]);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                long v = counts[i][j];
                // errors on their own scale, so a handful of mistakes still shows
                double t = i == j ? (double) v / maxDiag : -Math.sqrt((double) v / maxOff);
                g.setColor(v == 0 ? Color.WHITE : Palette.diverging(t));
                g.fillRect(margin + j * cell, margin + i * cell, cell, cell);
                g.setColor(Math.abs(t) > 0.6 ? Color.WHITE : Color.DARK_GRAY);
                String s = Long.toString(v);
                g.drawString(
                        s,
                        margin + j * cell + (cell - g.getFontMetrics().stringWidth(s)) / 2,
                        margin + i * cell + cell / 2 + 5);
            }
            g.setColor(Color.BLACK);
            g.drawString(Integer.toString(i), margin - 14, margin + i * cell + cell / 2 + 5);
            g.drawString(Integer.toString(i), margin + i * cell + cell / 2 - 4, margin - 8);
        }
        g.drawString(title, 6, 16);
        g.setColor(Color.DARK_GRAY);
        g.drawString("rows: true class, columns: predicted", 6, 32);
        g.dispose();
        return img;
    }

    /** Images one above the other, each with its label above it. */
    static BufferedImage stack(List<BufferedImage> rows, List<String> labels) {
        int width = rows.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int height = rows.stream().mapToInt(r -> r.getHeight() + 18).sum();
        var img =
                new BufferedImage(
                        Math.max(width, 300), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(LABEL);
        int y = 0;
        for (int i = 0; i < rows.size(); i++) {
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), 4, y + 14);
            g.drawImage(rows.get(i), 0, y + 18, null);
            y += rows.get(i).getHeight() + 18;
        }
        g.dispose();
        return img;
    }
}
