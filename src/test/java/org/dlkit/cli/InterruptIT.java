package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dlkit.data.Programs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rapaio.jupyter.kernel.dlkit.StopButton;

/**
 * Jupyter's stop button, pressed through jupyter_client on the kit's kernel while a cell runs: the
 * cell answers within a few seconds, and the kernel runs the next cell with the state the stopped
 * one left (a network with the last completed step's weights, the history up to it).
 */
class InterruptIT {
    private static Jupyter jupyter;
    private static Path jupyterPath;
    private static Path script;
    private static String engine;
    private static Home home;
    private static int presses;

    @BeforeAll
    static void installKernel() throws Exception {
        Optional<Jupyter> found = Jupyter.find();
        if (found.isEmpty()) fail(Jupyter.missingMessage(Jupyter.isRoot()));
        jupyter = found.get();
        home = new Home(LessonFiles.root());
        jupyterPath = Files.createTempDirectory("dlkit-jupyter-path");
        Path dir = Files.createDirectories(jupyterPath.resolve("kernels").resolve(KernelSpec.NAME));
        KernelSpec spec = KernelSpec.forProject(home, KernelSpec.findIJava(jupyter));
        spec.writeTo(dir);
        engine = spec.engine().label;
        script = Files.createTempFile("interrupt_cell", ".py");
        try (var in = InterruptIT.class.getResourceAsStream("interrupt_cell.py")) {
            Files.write(script, in.readAllBytes());
        }
    }

    private static JsonNode press(double afterSeconds, String cell, String next) throws Exception {
        var out =
                Programs.capture(
                        List.of(
                                jupyter.python().toString(),
                                script.toString(),
                                KernelSpec.NAME,
                                String.valueOf(afterSeconds),
                                cell,
                                next),
                        null,
                        Map.of("JUPYTER_PATH", jupyterPath.toString()),
                        600);
        // the kernel's stderr, with its "dlkit: stop pressed ..." lines, kept for a failed test
        Path log =
                Files.createDirectories(home.build()).resolve("interrupt-it-" + ++presses + ".log");
        Files.writeString(log, out.stderr());
        assertTrue(out.ok(), "the driver failed:\n" + out.stderr());
        String[] lines = out.stdout().strip().split("\n");
        JsonNode r = new ObjectMapper().readTree(lines[lines.length - 1]);
        System.out.println("interrupt on " + engine + ": " + r + " (kernel's stderr: " + log + ")");
        return r;
    }

    /**
     * The stop button keeps an early press while a thread is in rapaio's execute handler, found by
     * its name on the stack: the kernel on the kit's class path must still have it.
     */
    @Test
    void theKernelStillHasTheExecuteHandlerTheStopButtonLooksFor() throws Exception {
        Path kernelJars = home.lib().resolve("kernel");
        var urls = new ArrayList<URL>();
        try (var jars = Files.list(kernelJars)) {
            for (Path j : jars.filter(p -> p.toString().endsWith(".jar")).toList())
                urls.add(j.toUri().toURL());
        }
        try (var loader = new URLClassLoader(urls.toArray(URL[]::new), null)) {
            Class<?> kernel = Class.forName(StopButton.EXECUTE_HANDLER_CLASS, false, loader);
            assertTrue(
                    Arrays.stream(kernel.getDeclaredMethods())
                            .anyMatch(m -> m.getName().equals(StopButton.EXECUTE_HANDLER_METHOD)),
                    StopButton.EXECUTE_HANDLER_CLASS
                            + " in "
                            + kernelJars
                            + " has no method "
                            + StopButton.EXECUTE_HANDLER_METHOD);
        }
    }

    @Test
    void stoppingATrainingCellKeepsTheNetworkAndTheKernel() throws Exception {
        // a fit that would take minutes: 200 epochs of a 784-256-10 MLP on random "images"
        String cell =
                """
                Network net = new Network("mlp", new Dense("h", 784, 256, Init.HE, 1), new Relu("r"), new Dense("out", 256, 10, Init.XAVIER, 2));
                INDArray x = Nd4j.rand(3, new long[] {4000, 784});
                INDArray y = Nd4j.zeros(4000, 10);
                for (int i = 0; i < 4000; i++) y.putScalar(i, i % 10, 1);
                DataSet data = new DataSet("random", x, y);
                Trainer trainer = new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(0.01));
                trainer.fit(data, null, TrainConfig.of(200, 10, 1));
                """;
        String next =
                """
                System.out.println("epochs kept: " + trainer.lastHistory().table().rowCount());
                System.out.println("accuracy now: " + trainer.evaluate(data).accuracy());
                """;
        JsonNode r = press(8, cell, next);
        assertEquals("error", r.path("status").asText(), r.toString());
        // rapaio names every cell's exception EvalException; the message is the kit's
        assertTrue(
                r.path("evalue").asText().startsWith("training was interrupted before epoch "),
                r.toString());
        assertTrue(r.path("seconds").asDouble() < 3, "answered within 3 s: " + r);
        assertEquals("ok", r.path("next_status").asText(), r.toString());
        assertTrue(r.path("next_output").asText().contains("accuracy now: "), r.toString());
    }

    @Test
    void stoppingASleepingLoopAnswersAtOnce() throws Exception {
        JsonNode r =
                press(
                        4,
                        "for (int i = 0; i < 600; i++) Thread.sleep(100);",
                        "System.out.println(\"still here: \" + (40 + 2));");
        assertEquals("error", r.path("status").asText(), r.toString());
        assertTrue(r.path("seconds").asDouble() < 3, "answered within 3 s: " + r);
        assertEquals("ok", r.path("next_status").asText(), r.toString());
        assertTrue(r.path("next_output").asText().contains("still here: 42"), r.toString());
    }

    /**
     * The stop button pressed while JShell still compiles the cell stops the cell as soon as it
     * starts. A block of 2 000 statements takes seconds to compile (3 s here); the press comes
     * after half a second. Before, such a press was lost and the loop ran its full minute; on a
     * busy server compiling takes longer, and a press seconds after Run would be lost the same way.
     */
    @Test
    void stoppingACellStillBeingCompiledStopsItWhenItStarts() throws Exception {
        var cell = new StringBuilder("{ long s = 0;");
        for (int i = 0; i < 2_000; i++)
            cell.append(" s += ").append(i).append(" * s + ").append(i).append(';');
        cell.append(" for (int i = 0; i < 600; i++) Thread.sleep(100); }");
        JsonNode r =
                press(0.5, cell.toString(), "System.out.println(\"still here: \" + (40 + 2));");
        assertEquals("error", r.path("status").asText(), r.toString());
        assertTrue(r.path("seconds").asDouble() < 30, "answered within 30 s: " + r);
        assertEquals("ok", r.path("next_status").asText(), r.toString());
        assertTrue(r.path("next_output").asText().contains("still here: 42"), r.toString());
    }
}
