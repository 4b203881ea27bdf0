package org.dlkit.notebook;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.dlkit.nn.Network;
import org.dlkit.plot.ChartStyle;
import org.dlkit.train.History;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * One thing to show, already turned into what a notebook can display: a PNG image, an HTML fragment
 * or plain text, always with a plain-text version for consoles and logs.
 *
 * @param image the picture, or null
 * @param html an HTML fragment, or null
 * @param text what a terminal shows; never null
 */
public record Figure(BufferedImage image, String html, String text) {

    /** Largest number of rows an HTML table shows before it elides the middle. */
    static final int MAX_TABLE_ROWS = 40;

    /**
     * Turns a chart (in the kit's style: {@link ChartStyle}), image, table or any object into a
     * figure.
     */
    public static Figure of(Object x) {
        if (x instanceof Figure f) return f;
        if (x instanceof Chart<?, ?> chart) return chart(chart);
        if (x instanceof BufferedImage image) {
            return new Figure(
                    image, null, "[image " + image.getWidth() + "×" + image.getHeight() + "]");
        }
        if (x instanceof History h) x = h.table();
        if (x instanceof Network n) return new Figure(null, null, n.toString());
        if (x instanceof Table table)
            return new Figure(null, Html.table(table, MAX_TABLE_ROWS), table.printAll());
        return new Figure(null, null, String.valueOf(x));
    }

    static Figure chart(Chart<?, ?> chart) {
        BufferedImage image = ChartStyle.image(chart);
        String title =
                chart.getTitle() == null || chart.getTitle().isBlank() ? "chart" : chart.getTitle();
        return new Figure(
                image,
                null,
                "[" + title + ": " + image.getWidth() + "×" + image.getHeight() + " chart]");
    }

    /** The image as PNG bytes. */
    public byte[] png() {
        if (image == null) throw new IllegalStateException("this figure has no image: " + text);
        try (var out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the figure as PNG", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
