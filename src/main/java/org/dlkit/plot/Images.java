package org.dlkit.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Image grids: digits with their labels, filters, feature maps, and a dense layer's weights with
 * each hidden unit's 784 input weights drawn as a 28×28 tile.
 */
public final class Images {
    private Images() {}

    private static final int GAP = 2;
    private static final int CAPTION = 14;

    /**
     * A grid of grey images, white ink on black as MNIST stores it.
     *
     * @param images (N, H·W) with the given h and w, (N, H, W) or (N, 1, H, W); values in [0, 1]
     * @param captions one caption per image (labels, "7 → 1" predictions), or null
     * @param cols images per row
     * @param scale pixels per image pixel
     */
    public static BufferedImage grid(
            INDArray images, int h, int w, String[] captions, int cols, int scale) {
        double[][] tiles = tiles(images, h, w, "Images.grid");
        return draw(tiles, h, w, captions, cols, scale, (v, range) -> new Color(Palette.grey(v)));
    }

    /** {@link #grid} for 28×28 digits, 10 per row, scale 2. */
    public static BufferedImage digits(INDArray images, String[] captions) {
        return grid(images, 28, 28, captions, 10, 2);
    }

    /**
     * A dense layer's weights as tiles: column j of W (D, M), with D = h·w, is unit j's input
     * weights drawn as an h×w image; orange is negative, blue positive, each tile scaled by its own
     * largest |weight| so that every unit's pattern is visible.
     */
    public static BufferedImage weights(INDArray w, int h, int wd, int cols, int scale) {
        if (w.rank() != 2 || w.rows() != (long) h * wd) {
            throw Shapes.mismatch("Images.weights", "W", "[" + (h * wd) + ", M]", w, null);
        }
        return signed(w.transpose(), h, wd, cols, scale);
    }

    /**
     * Signed tiles (filters, feature maps): (N, H·W), (N, H, W) or (N, 1, H, W), each scaled by its
     * own max |v|.
     */
    public static BufferedImage signed(INDArray maps, int h, int w, int cols, int scale) {
        double[][] tiles = tiles(maps, h, w, "Images.signed");
        return draw(
                tiles,
                h,
                w,
                null,
                cols,
                scale,
                (v, range) -> Palette.diverging(range == 0 ? 0 : v / range));
    }

    /**
     * Rows of grey images, each row under its own title: the same digits as they went in, as they
     * were corrupted, as each model gave them back. Every entry is a batch in any shape {@link
     * #grid} takes; rows may hold different numbers of images.
     */
    public static BufferedImage rows(
            java.util.Map<String, INDArray> rows, int h, int w, int scale) {
        var parts = new java.util.ArrayList<BufferedImage>();
        for (var e : rows.entrySet()) {
            double[][] tiles = tiles(e.getValue(), h, w, "Images.rows[" + e.getKey() + "]");
            parts.add(
                    draw(
                            tiles,
                            h,
                            w,
                            null,
                            tiles.length,
                            scale,
                            (v, r) -> new Color(Palette.grey(v))));
        }
        var font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        var probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int titles =
                rows.keySet().stream()
                        .mapToInt(t -> probe.getFontMetrics(font).stringWidth(t) + 2 * GAP)
                        .max()
                        .orElse(0);
        probe.dispose();
        int width =
                Math.max(
                        Math.max(200, titles),
                        parts.stream().mapToInt(BufferedImage::getWidth).max().orElse(1));
        int height = parts.stream().mapToInt(p -> p.getHeight() + TITLE).sum();
        var img = new BufferedImage(width, Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(font);
        int y = 0;
        int k = 0;
        for (String title : rows.keySet()) {
            g.setColor(Color.BLACK);
            g.drawString(title, GAP, y + TITLE - 4);
            g.drawImage(parts.get(k), 0, y + TITLE, null);
            y += TITLE + parts.get(k).getHeight();
            k++;
        }
        g.dispose();
        return img;
    }

    /** Pictures side by side on a white sheet, tops aligned: two decision regions, two charts. */
    public static BufferedImage beside(BufferedImage... parts) {
        int gap = 10;
        int width = Math.max(1, Arrays.stream(parts).mapToInt(p -> p.getWidth() + gap).sum() - gap);
        int height =
                Math.max(
                        1, Arrays.stream(parts).mapToInt(BufferedImage::getHeight).max().orElse(1));
        var sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (BufferedImage p : parts) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth() + gap;
        }
        g.dispose();
        return sheet;
    }

    /**
     * Pictures stacked top to bottom on a white sheet, each under its caption, in the map's order:
     * feature maps before and after pooling, a picture and its shifted copies.
     */
    public static BufferedImage stacked(java.util.Map<String, BufferedImage> parts) {
        var font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        var probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int captions =
                parts.keySet().stream()
                        .mapToInt(t -> probe.getFontMetrics(font).stringWidth(t) + 8)
                        .max()
                        .orElse(0);
        probe.dispose();
        int width =
                Math.max(
                        captions,
                        4
                                + parts.values().stream()
                                        .mapToInt(BufferedImage::getWidth)
                                        .max()
                                        .orElse(1));
        int height = 4 + parts.values().stream().mapToInt(p -> p.getHeight() + 20).sum();
        var sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(font);
        int y = 0;
        for (var part : parts.entrySet()) {
            g.drawString(part.getKey(), 4, y + 15);
            g.drawImage(part.getValue(), 2, y + 20, null);
            y += part.getValue().getHeight() + 20;
        }
        g.dispose();
        return sheet;
    }

    private static final int TITLE = 16;

    private interface Shade {
        Color of(double v, double tileRange);
    }

    static double[][] tiles(INDArray x, int h, int w, String where) {
        long n = x.size(0);
        long per = x.length() / Math.max(1, n);
        if (per != (long) h * w) {
            throw Shapes.mismatch(
                    where, "images", h + "×" + w + " = " + (h * w) + " values per image", x, null);
        }
        return x.castTo(DataType.DOUBLE).reshape(n, per).toDoubleMatrix();
    }

    private static BufferedImage draw(
            double[][] tiles, int h, int w, String[] captions, int cols, int scale, Shade shade) {
        if (captions != null && captions.length != tiles.length) {
            throw new IllegalArgumentException(
                    "Images: " + tiles.length + " images but " + captions.length + " captions");
        }
        int n = tiles.length;
        int c = Math.max(1, Math.min(cols, n));
        int r = (n + c - 1) / c;
        int cellW = w * scale + GAP;
        int cellH = h * scale + GAP + (captions != null ? CAPTION : 0);
        var img =
                new BufferedImage(
                        Math.max(1, c * cellW + GAP),
                        Math.max(1, r * cellH + GAP),
                        BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int k = 0; k < n; k++) {
            int x0 = GAP + (k % c) * cellW;
            int y0 = GAP + (k / c) * cellH;
            double range = 0;
            for (double v : tiles[k]) range = Math.max(range, Math.abs(v));
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    g.setColor(shade.of(tiles[k][i * w + j], range));
                    g.fillRect(x0 + j * scale, y0 + i * scale, scale, scale);
                }
            }
            if (captions != null) {
                g.setColor(Color.BLACK);
                g.drawString(captions[k], x0, y0 + h * scale + CAPTION - 3);
            }
        }
        g.dispose();
        return img;
    }
}
