package org.dlkit.notebook;

import java.util.function.Supplier;

/**
 * One figure shown once and redrawn in place, for plots that grow while a network trains: a
 * notebook keeps a single output that changes, instead of one new plot per epoch.
 *
 * <pre>{@code
 * var loss = new XYChart(600, 300);  ... add a series ...
 * LiveFigure live = live(loss);
 * for (int epoch = 1; epoch <= 10; epoch++) { loss.updateXYSeries(...); live.redraw(); }
 * }</pre>
 */
public final class LiveFigure {
    private final Supplier<Object> source;
    private final Kernels.Engine engine;
    private final String id;
    private int redraws;

    LiveFigure(Supplier<Object> source) {
        this.source = source;
        this.engine = Kernels.current();
        this.id = Notebook.drawing() ? engine.display(Figure.of(source.get())) : null;
    }

    /** Draws the figure again from its source (a chart you changed, or a fresh image). */
    public void redraw() {
        if (id != null) engine.update(id, Figure.of(source.get()));
        redraws++;
    }

    /** How many times the figure was redrawn since it was first shown. */
    public int redraws() {
        return redraws;
    }

    @Override
    public String toString() {
        return "LiveFigure[" + engine.name() + ", redrawn " + redraws + " times]";
    }
}
