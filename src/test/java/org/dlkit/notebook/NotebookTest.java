package org.dlkit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class NotebookTest {

    /** Records what the kit asked a kernel to show. */
    static final class Recording implements Kernels.Engine {
        final List<String> calls = new ArrayList<>();
        final List<Figure> figures = new ArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public String display(Figure f) {
            calls.add("display");
            figures.add(f);
            return "id-" + calls.size();
        }

        @Override
        public void update(String id, Figure f) {
            calls.add("update " + id);
            figures.add(f);
        }
    }

    @AfterEach
    void backToDetection() {
        Kernels.use(null);
    }

    @Test
    void outsideAKernelTheConsoleIsUsed() {
        assertEquals("console", Notebook.kernel());
    }

    @Test
    void aChartBecomesAPngImage() {
        XYChart c = new XYChartBuilder().width(300).height(200).title("loss").build();
        c.addSeries("train", new double[] {1, 2, 3}, new double[] {3, 2, 1});
        Figure f = Figure.of(c);
        assertNotNull(f.image());
        assertEquals(300, f.image().getWidth());
        byte[] png = f.png();
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertTrue(f.text().contains("loss"), f.text());
        assertTrue(Kernels.bundle(f).containsKey("image/png"));
    }

    @Test
    void aTableBecomesEscapedHtml() {
        Table t =
                Table.create(
                        "runs",
                        StringColumn.create("name", "a<b", "c"),
                        DoubleColumn.create("loss", 0.5, 0.25));
        Figure f = Figure.of(t);
        assertNull(f.image());
        assertTrue(f.html().contains("<caption>runs</caption>"), f.html());
        assertTrue(f.html().contains("a&lt;b"), f.html());
        assertTrue(f.html().contains("text-align:right\">0.25"), f.html());
        assertTrue(f.text().contains("0.25"), f.text());
    }

    @Test
    void realNumbersReadAsAPersonWritesThem() {
        assertEquals("60", Html.number(60.0));
        assertEquals("0.003579", Html.number(0.0035785845805989085));
        assertEquals("97.78", Html.number(97.7800001));
        assertEquals("0.9782", Html.number(0.9782));
        assertEquals("1.235e-07", Html.number(1.2345e-7));
        assertEquals("–", Html.number(Double.NaN));
        String html =
                Figure.of(Table.create("h", DoubleColumn.create("loss", 0.0035785845805989085)))
                        .html();
        assertTrue(html.contains(">0.003579<"), html);
    }

    @Test
    void longTablesElideTheirMiddle() {
        var n = DoubleColumn.create("n");
        for (int i = 0; i < 100; i++) n.append(i);
        String html = Figure.of(Table.create("long", n)).html();
        assertTrue(html.contains(">0.0<") || html.contains(">0<"), html);
        assertTrue(html.contains(">99"), "the last row is shown");
        assertTrue(html.contains("⋮"));
        assertTrue(!html.contains(">50<") && !html.contains(">50.0<"), "a middle row is elided");
    }

    @Test
    void liveFigureShowsOnceThenUpdatesTheSameDisplay() {
        var rec = new Recording();
        Kernels.use(rec);
        var img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        LiveFigure live = Notebook.live(img);
        live.redraw();
        live.redraw();
        assertEquals(List.of("display", "update id-1", "update id-1"), rec.calls);
        assertEquals(2, live.redraws());
    }

    /** An autoencoder's run has no accuracy: the right-hand chart is its loss, on a log scale. */
    @Test
    void liveTrainingOfAnAutoencoderDrawsTheLossTwice() {
        var rec = new Recording();
        Kernels.use(rec);
        var h = new org.dlkit.train.History("ae", "test");
        var live = new LiveTraining();
        live.trainingStarted(h, 10);
        h.add(1, 20.0, Double.NaN, 18.0, Double.NaN, 1.0);
        h.add(2, 9.0, Double.NaN, 8.5, Double.NaN, 1.0);
        live.epochEnded(h);
        assertTrue(!h.hasAccuracy());
        BufferedImage img = rec.figures.get(rec.figures.size() - 1).image();
        assertEquals(960, img.getWidth());
        assertTrue(h.toString().contains("last validation loss 8.5"), h.toString());
        var withAccuracy = new org.dlkit.train.History("mlp", "test");
        withAccuracy.add(1, 0.5, 0.9, 0.4, 0.91, 1.0);
        assertTrue(withAccuracy.hasAccuracy());
    }

    /**
     * One figure for a run in stages: a panel per stage, redrawn as each stage trains; a stage with
     * labels draws its error in %, waiting stages are blank panels with their name.
     */
    @Test
    void liveStagesRedrawOneFigureForEveryStage() {
        var rec = new Recording();
        Kernels.use(rec);
        LiveStages stages = Notebook.liveStages("SdA", "level 1", "level 2", "fine-tuning");
        assertEquals(List.of("display"), rec.calls);
        BufferedImage waiting = rec.figures.get(0).image();
        assertEquals(960, waiting.getWidth());
        assertEquals(600, waiting.getHeight());

        var pretraining = new org.dlkit.train.History("dae", "test");
        var level1 = stages.stage("level 1");
        level1.trainingStarted(pretraining, 10);
        pretraining.add(1, 90.0, Double.NaN, Double.NaN, Double.NaN, 1.0);
        level1.epochEnded(pretraining);
        var tuning = new org.dlkit.train.History("sda", "test");
        var fine = stages.stage("fine-tuning");
        fine.trainingStarted(tuning, 10);
        tuning.add(1, 0.3, 0.91, 0.2, 0.93, 1.0);
        fine.epochEnded(tuning);
        assertEquals(
                List.of("display", "update id-1", "update id-1", "update id-1", "update id-1"),
                rec.calls);
        assertEquals(4, stages.redraws());
        BufferedImage last = rec.figures.get(rec.figures.size() - 1).image();
        // level 2 has not started: its panel (top right) is still blank where level 1 now has a
        // chart; fine-tuning's panel (bottom left) has one too
        assertTrue(inkIn(last, 0, 0) > 2 * inkIn(waiting, 0, 0), "level 1 drawn");
        assertEquals(inkIn(waiting, 480, 0), inkIn(last, 480, 0), "level 2 still waiting");
        assertTrue(inkIn(last, 0, 300) > 2 * inkIn(waiting, 0, 300), "fine-tuning drawn");
        assertNull(stages.histories().get("level 2"));
        assertSame(tuning, stages.histories().get("fine-tuning"));

        var e = assertThrows(IllegalArgumentException.class, () -> stages.stage("level 3"));
        assertTrue(e.getMessage().contains("[level 1, level 2, fine-tuning]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Notebook.liveStages("x", "a", "a"));
    }

    /** Pixels that are not white in the 480×300 panel at (x, y). */
    private static int inkIn(BufferedImage img, int x, int y) {
        int n = 0;
        for (int i = x; i < x + 480; i++)
            for (int j = y; j < y + 300; j++) if ((img.getRGB(i, j) & 0xFFFFFF) != 0xFFFFFF) n++;
        return n;
    }

    @Test
    void showUsesTheRunningKernel() {
        var rec = new Recording();
        Kernels.use(rec);
        Notebook.show("hello");
        assertEquals("hello", rec.figures.get(0).text());
    }

    @Test
    void quickModeFollowsTheProperty() {
        System.setProperty("dlkit.quick", "true");
        try {
            assertTrue(Notebook.quick());
            assertEquals(2, Notebook.quickOr(2, 60));
            System.setProperty("dlkit.quick", "false");
            assertEquals(60, Notebook.quickOr(2, 60));
        } finally {
            System.clearProperty("dlkit.quick");
        }
    }

    @Test
    void ijavaGetsABundleAndUpdatesTheSameDisplayId() throws Exception {
        var kernel = new io.github.spencerpark.ijava.runtime.Kernel.FakeKernel();
        io.github.spencerpark.ijava.runtime.Kernel.running = kernel;
        try {
            Kernels.use(new Kernels.IJava(Class.forName(Kernels.IJava.CLASS)));
            LiveFigure live = Notebook.live(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB));
            live.redraw();
            String id = kernel.shown.get(0).getDisplayId();
            assertEquals(List.of("display " + id, "update " + id), kernel.log);
            var data = kernel.shown.get(1).data;
            assertTrue(
                    data.get("image/png") instanceof String png && png.startsWith("iVBOR"),
                    "base64 PNG");
            assertEquals("[image 4×4]", data.get("text/plain"));
            Notebook.show(Table.create("t", DoubleColumn.create("x", 1.0)));
            assertTrue(((String) kernel.shown.get(2).data.get("text/html")).startsWith("<table"));
        } finally {
            io.github.spencerpark.ijava.runtime.Kernel.running = null;
        }
    }

    @Test
    void ijavaClassesWithoutARunningKernelMeanTheConsole() {
        io.github.spencerpark.ijava.runtime.Kernel.running = null;
        Kernels.use(null);
        assertEquals("console", Notebook.kernel());
    }
}
