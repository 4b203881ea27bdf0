package org.dlkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dlkit.data.DataFiles;
import org.dlkit.data.Programs;
import org.dlkit.notebook.Html;

/**
 * Executes lessons through real Jupyter (nbclient, in the Python that runs {@code jupyter}) into
 * {@code build/notebooks/NAME.ipynb} and {@code build/site/NAME.html}.
 */
public final class NotebookRunner {
    private final Jupyter jupyter;
    private final Path outDir;
    private final Map<String, String> env;
    private final int cellTimeoutSeconds;
    private final boolean keepGoing;

    /** What running one notebook gave. */
    public record Result(
            String notebook,
            boolean ok,
            Integer cell,
            String error,
            String traceback,
            double seconds,
            Path executed,
            Path html,
            Integer peakResidentMb) {
        /** "1.9 GB peak" (the kernel's peak resident memory), or "" where it was not read. */
        public String memory() {
            return peakResidentMb == null
                    ? ""
                    : String.format("%.1f GB peak", peakResidentMb / 1024.0);
        }

        /** "00-welcome: cell 3 failed: EvalException: boom" or "00-welcome: ok". */
        public String summary() {
            if (ok) return notebook + ": ok";
            return notebook
                    + ": "
                    + (cell == null ? "" : "cell " + cell + " ")
                    + "failed: "
                    + error;
        }
    }

    /**
     * @param env extra environment for the kernel (DLKIT_QUICK, JUPYTER_PATH)
     */
    NotebookRunner(Jupyter jupyter, Path outDir, Map<String, String> env, int cellTimeoutSeconds) {
        this(jupyter, outDir, env, cellTimeoutSeconds, false);
    }

    /**
     * @param keepGoing run every cell even after one fails (grading: each exercise counts on its
     *     own); the executed notebook then holds every error
     */
    NotebookRunner(
            Jupyter jupyter,
            Path outDir,
            Map<String, String> env,
            int cellTimeoutSeconds,
            boolean keepGoing) {
        this.jupyter = jupyter;
        this.outDir = outDir;
        this.env = env;
        this.cellTimeoutSeconds = cellTimeoutSeconds;
        this.keepGoing = keepGoing;
    }

    /** The lessons in notebooks/, in order. */
    static List<Path> lessons(Path notebooks) {
        try (Stream<Path> s = Files.list(notebooks)) {
            return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        } catch (IOException e) {
            throw new KitException("cannot list " + notebooks + ": " + e.getMessage());
        }
    }

    /** Resolves "00-welcome", "00-welcome.ipynb" or a path to a notebook file. */
    static Path resolve(Path notebooks, String name) {
        Path p = Path.of(name);
        if (Files.isRegularFile(p)) return p.toAbsolutePath();
        String file = name.endsWith(".ipynb") ? name : name + ".ipynb";
        Path inLessons = notebooks.resolve(Path.of(file).getFileName().toString());
        if (Files.isRegularFile(inLessons)) return inLessons;
        var have =
                lessons(notebooks).stream()
                        .map(n -> n.getFileName().toString().replace(".ipynb", ""))
                        .toList();
        throw new KitException(
                "no notebook '"
                        + name
                        + "': neither a file nor a lesson in "
                        + notebooks
                        + "\n  lessons: "
                        + String.join(", ", have),
                2);
    }

    public Result run(Path notebook) {
        String name = notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
        try {
            Files.createDirectories(outDir.resolve("notebooks"));
            Files.createDirectories(outDir.resolve("site"));
            Path executed = outDir.resolve("notebooks").resolve(name + ".ipynb");
            Path html = outDir.resolve("site").resolve(name + ".html");
            Path outcome = Files.createTempFile("kit-run", ".json");
            Path log = Files.createTempFile("kit-run", ".log");
            var cmd =
                    new ArrayList<>(
                            List.of(
                                    jupyter.python().toString(),
                                    script().toString(),
                                    notebook.toString(),
                                    executed.toString(),
                                    html.toString(),
                                    outcome.toString(),
                                    KernelSpec.NAME,
                                    Integer.toString(cellTimeoutSeconds)));
            if (keepGoing) cmd.add("keep-going");
            // Jupyter's and the kernel's own chatter go to a log, shown only when the run fails
            int rc = Programs.logged(cmd, notebook.getParent(), env, log);
            String chatter = Files.readString(log);
            String json = Files.readString(outcome);
            Files.deleteIfExists(log);
            Files.deleteIfExists(outcome);
            if (rc != 0 || json.isBlank()) {
                return new Result(
                        name,
                        false,
                        null,
                        "Jupyter could not run it (exit " + rc + "): " + tail(chatter),
                        chatter,
                        0,
                        executed,
                        html,
                        null);
            }
            JsonNode r = new ObjectMapper().readTree(json);
            Integer cell = r.path("cell").isInt() ? r.path("cell").asInt() : null;
            boolean ok = r.path("ok").asBoolean();
            String error = r.path("ename").asText("") + ": " + r.path("evalue").asText("");
            String traceback = r.path("traceback").asText("");
            if (!ok && cell == null && traceback.isBlank())
                traceback = tail(chatter); // the kernel's last words
            return new Result(
                    name,
                    ok,
                    cell,
                    ok ? null : error,
                    traceback,
                    r.path("seconds").asDouble(),
                    executed,
                    html,
                    r.path("peak_rss_mb").isInt() ? r.path("peak_rss_mb").asInt() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KitException("interrupted while running " + name, 130);
        }
    }

    private static String tail(String s) {
        var lines = s.strip().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    }

    /** The runner script, copied out of dlkit.jar once per JVM. */
    private static Path scriptFile;

    private static synchronized Path script() throws IOException {
        if (scriptFile == null || !Files.exists(scriptFile)) {
            Path f = Files.createTempFile("dlkit-run-notebook", ".py");
            f.toFile().deleteOnExit();
            try (InputStream in = NotebookRunner.class.getResourceAsStream("run_notebook.py")) {
                Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
            }
            scriptFile = f;
        }
        return scriptFile;
    }

    /** build/site/index.html: the lessons with links and their status. */
    static void writeIndex(Path site, List<Result> results) throws IOException {
        var h =
                new StringBuilder(
                                "<!doctype html><meta charset=\"utf-8\"><title>dlkit lessons</title>")
                        .append(
                                "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}td{padding:.2em 1em}</style>")
                        .append(
                                "<h1>dlkit lessons</h1><table><tr><th>lesson</th><th>result</th><th>seconds</th><th>kernel memory</th></tr>");
        for (Result r : results) {
            h.append("<tr><td><a href=\"")
                    .append(r.notebook())
                    .append(".html\">")
                    .append(r.notebook())
                    .append("</a></td><td>")
                    .append(r.ok() ? "ok" : Html.escape(r.summary()))
                    .append("</td><td>")
                    .append(String.format("%.1f", r.seconds()))
                    .append("</td><td>")
                    .append(r.memory())
                    .append("</td></tr>");
        }
        DataFiles.writeAtomically(site.resolve("index.html"), h.append("</table>").toString());
    }

    static Map<String, String> quickEnv(boolean quick) {
        var env = new HashMap<String, String>();
        if (quick) env.put("DLKIT_QUICK", "1");
        return env;
    }

    static List<Path> all(Path notebooks, List<String> names) {
        if (names == null || names.isEmpty()) return lessons(notebooks);
        var out = new ArrayList<Path>();
        for (String n : names) out.add(resolve(notebooks, n));
        // every file is read before any is run: a file that is not a notebook stops the run with
        // one line, before Jupyter starts and before build/site/index.html is rewritten
        for (Path p : out) Homework.read(p);
        return out;
    }
}
