package org.dlkit.notebook;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.dlkit.plot.ChartStyle;
import org.dlkit.plot.Curves;
import org.dlkit.train.History;
import org.dlkit.train.TrainingListener;
import org.knowm.xchart.XYChart;

/**
 * The live figure of a training run: loss and accuracy side by side, drawn once when training
 * starts and redrawn in place after every epoch; health warnings and notes appear below it as text.
 */
public final class LiveTraining implements TrainingListener {
    private static final int W = 480;
    private static final int H = 300;

    private History history;
    private LiveFigure figure;

    @Override
    public void trainingStarted(History history, int batchesPerEpoch) {
        this.history = history;
        this.figure = new LiveFigure(this::draw);
    }

    @Override
    public void epochEnded(History history) {
        figure.redraw();
    }

    @Override
    public void warning(String warning) {
        Kernels.current().display(Figure.of("⚠ " + warning));
    }

    @Override
    public void trainingEnded(History history) {
        for (String note : history.notes()) Kernels.current().display(Figure.of("note: " + note));
    }

    private Object draw() {
        var image = new BufferedImage(2 * W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 2 * W, H);
        if (history.epochs() == 0) {
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
            g.drawString(
                    history.name() + ": training… the curves appear after the first epoch",
                    20,
                    H / 2);
        } else {
            g.drawImage(render(Curves.loss(history)), 0, 0, null);
            if (history.hasAccuracy()) {
                g.drawImage(render(Curves.accuracy(history)), W, 0, null);
            } else { // an autoencoder: no labels, no accuracy; the loss on a log scale instead
                var log = Curves.loss(history);
                log.setTitle(log.getTitle() + " (log scale)");
                log.getStyler().setYAxisLogarithmic(true);
                g.drawImage(render(log), W, 0, null);
            }
        }
        g.dispose();
        return image;
    }

    static BufferedImage render(XYChart c) {
        var resized = new org.knowm.xchart.XYChart(W, H);
        resized.setTitle(c.getTitle());
        resized.setXAxisTitle(c.getXAxisTitle());
        resized.setYAxisTitle(c.getYAxisTitle());
        resized.getStyler().setTheme(c.getStyler().getTheme());
        resized.getStyler().setSeriesColors(c.getStyler().getSeriesColors());
        resized.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        resized.getStyler().setLegendPosition(c.getStyler().getLegendPosition());
        resized.getStyler().setYAxisLogarithmic(c.getStyler().isYAxisLogarithmic());
        c.getSeriesMap()
                .forEach(
                        (name, s) ->
                                resized.addSeries(name, s.getXData(), s.getYData())
                                        .setMarker(s.getMarker()));
        return ChartStyle.image(resized);
    }

    @Override
    public String toString() {
        return "LiveTraining[" + (history == null ? "not started" : history) + "]";
    }
}
