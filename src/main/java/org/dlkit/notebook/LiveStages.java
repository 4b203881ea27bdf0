package org.dlkit.notebook;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlkit.plot.Curves;
import org.dlkit.train.History;
import org.dlkit.train.TrainingListener;
import org.knowm.xchart.XYChart;

/**
 * The live figure of a run in stages — greedy pretraining level by level, then fine-tuning — one
 * panel per stage, shown once and redrawn in place after every epoch of whichever stage is
 * training: stages to come say they are waiting, finished ones keep their curves.
 *
 * <pre>{@code
 * LiveStages stages = liveStages("SdA", "level 1", "level 2", "fine-tuning");
 * trainer1.fit(..., stages.stage("level 1"));
 * }</pre>
 *
 * A stage with labels draws its training and validation error in %; one without (an autoencoder)
 * draws its training loss.
 */
public final class LiveStages {
    static final int W = 480;
    static final int H = 300;

    private final String title;
    private final Map<String, History> stages = new LinkedHashMap<>();
    private final LiveFigure figure;

    LiveStages(String title, List<String> names) {
        if (names.isEmpty())
            throw new IllegalArgumentException(
                    "liveStages(" + title + "): name at least one stage");
        this.title = title;
        for (String name : names) {
            if (stages.containsKey(name))
                throw new IllegalArgumentException(
                        "liveStages(" + title + "): the stage '" + name + "' is named twice");
            stages.put(name, null);
        }
        this.figure = new LiveFigure(this::draw);
    }

    /** The listener for one stage's {@code fit}: its panel fills as that stage trains. */
    public TrainingListener stage(String name) {
        if (!stages.containsKey(name))
            throw new IllegalArgumentException(
                    "liveStages("
                            + title
                            + "): no stage '"
                            + name
                            + "'; the stages are "
                            + stages.keySet());
        return new TrainingListener() {
            @Override
            public void trainingStarted(History history, int batchesPerEpoch) {
                stages.put(name, history);
                figure.redraw();
            }

            @Override
            public void epochEnded(History history) {
                figure.redraw();
            }

            @Override
            public void warning(String warning) {
                Kernels.current().display(Figure.of("⚠ " + name + ": " + warning));
            }
        };
    }

    /** The history of each stage that has started, by name (null for one still to come). */
    public Map<String, History> histories() {
        return new LinkedHashMap<>(stages);
    }

    /** How many times the figure was redrawn. */
    public int redraws() {
        return figure.redraws();
    }

    private Object draw() {
        int columns = Math.min(2, stages.size());
        int rows = (stages.size() + columns - 1) / columns;
        var image = new BufferedImage(columns * W, rows * H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        int i = 0;
        for (var e : stages.entrySet()) {
            int x = (i % columns) * W, y = (i / columns) * H;
            History h = e.getValue();
            if (h == null || h.epochs() == 0) {
                g.setRenderingHint(
                        RenderingHints.KEY_TEXT_ANTIALIASING,
                        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setColor(Color.DARK_GRAY);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
                String state = h == null ? "waiting" : "training… (curves after the first epoch)";
                g.drawString(title + ", " + e.getKey() + ": " + state, x + 20, y + H / 2);
            } else {
                g.drawImage(LiveTraining.render(panel(e.getKey(), h)), x, y, null);
            }
            i++;
        }
        g.dispose();
        return image;
    }

    private XYChart panel(String name, History h) {
        XYChart c;
        if (h.hasAccuracy()) {
            var errors = h.table().copy();
            for (String col : List.of(History.TRAIN_ACCURACY, History.VALIDATION_ACCURACY)) {
                var error = errors.doubleColumn(col).multiply(-100).add(100);
                error.setName(col.replace("accuracy", "error %"));
                errors.replaceColumn(col, error);
            }
            c = Curves.history(errors, "train error %", "validation error %");
            c.setYAxisTitle("error %");
        } else {
            c = Curves.history(h.table(), History.TRAIN_LOSS);
            c.setYAxisTitle("loss");
        }
        c.setTitle(title + ", " + name);
        return c;
    }

    @Override
    public String toString() {
        return "LiveStages[" + title + ": " + stages.keySet() + "]";
    }
}
