package org.dlkit.notebook;

import java.util.List;
import java.util.function.Supplier;

/**
 * What a lesson cell calls, imported statically by the kernel's start-up script: {@code show(x)},
 * {@code live(chart)} and {@code quickOr(small, full)}.
 */
public final class Notebook {
    private Notebook() {}

    /**
     * Shows x in the notebook: an XChart chart or a {@code BufferedImage} as a PNG, a Tablesaw
     * {@code Table} as an HTML table, anything else as its text.
     */
    public static void show(Object x) {
        if (!drawing()) return;
        Kernels.Engine engine = Kernels.current();
        engine.display(Figure.of(x));
    }

    /**
     * False when the environment variable DLKIT_FIGURES is "off": {@code kit grade} sets it, since
     * nobody looks at a graded notebook's figures and drawing them (a live chart redrawn after
     * every epoch) cost a third of a lesson 02 submission's grading time. Values are computed as
     * always; only {@code show}, {@code live} and {@code liveCurves} draw nothing.
     */
    static boolean drawing() {
        return !"off".equals(System.getenv("DLKIT_FIGURES"));
    }

    /** Shows a chart (or image) once and returns a handle that redraws it in place. */
    public static LiveFigure live(Object chart) {
        return new LiveFigure(() -> chart);
    }

    /** Shows what the supplier gives and redraws from it: for images rebuilt each time. */
    public static LiveFigure live(Supplier<Object> source) {
        return new LiveFigure(source);
    }

    /**
     * A listener for {@code Trainer.fit} that shows the loss and accuracy curves and redraws them
     * after every epoch: {@code trainer.fit(train, validation, config, liveCurves())}.
     */
    public static LiveTraining liveCurves() {
        return new LiveTraining();
    }

    /**
     * One live figure for a run in stages, a panel per stage: {@code LiveStages s =
     * liveStages("SdA", "level 1", "level 2", "fine-tuning")}, then {@code fit(…, s.stage("level
     * 1"))} for each stage in turn.
     */
    public static LiveStages liveStages(String title, String... stages) {
        return new LiveStages(title, List.of(stages));
    }

    /**
     * True in quick mode: the environment variable DLKIT_QUICK is 1 (the notebook tests set it).
     */
    public static boolean quick() {
        return QuickMode.on();
    }

    /**
     * The small value in quick mode, the full one otherwise: {@code int epochs = quickOr(2, 60);}.
     */
    public static <T> T quickOr(T small, T full) {
        return QuickMode.on() ? small : full;
    }

    /**
     * The name of the kernel the notebook runs in: "IJava", "rapaio-jupyter-kernel" or "console".
     */
    public static String kernel() {
        return Kernels.current().name();
    }
}
