package org.dlkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.dlkit.data.Programs;
import org.dlkit.spark.LocalSpark;

/**
 * The {@code dlkit} kernelspec ("Java (dlkit)"): a kernel.json that starts IJava when it is
 * installed (conda-forge {@code ijava}) and rapaio-jupyter-kernel from {@code lib/kernel/}
 * otherwise, with the kit's jars on the notebook classpath and a start-up script that imports the
 * kit, so that lesson cells are plain Java.
 *
 * @param engine which kernel runs the cells
 * @param engineJar the kernel's jar
 * @param javaExe the java executable the kernel starts with
 * @param classpath the jars notebook code sees
 * @param startup the start-up script, as text
 */
public record KernelSpec(
        Engine engine, Path engineJar, Path javaExe, List<Path> classpath, String startup) {

    public static final String NAME = "dlkit";
    public static final String DISPLAY_NAME = "Java (dlkit)";

    /**
     * The kernel JVM's options, in one place: heap, headless AWT for XChart, and room for ND4J's
     * off-heap tensors (javacpp's limit defaults to the heap size; MNIST as float32 plus a CNN's
     * activations fit in a few GiB).
     */
    /**
     * OpenMP's threads (ND4J's native code) spin for a short while after each operation and then
     * sleep. By default they spin for long: alone that is fastest, but two kernels training at once
     * on 2 cores fell from 6 000 to 290 images/s each (kit bench), every process's threads spinning
     * on the cores the other needs. With 1 000 spins one run is as fast as with the default and two
     * runs make 3 100 images/s each; OMP_WAIT_POLICY=PASSIVE (no spinning) gave 3 500 each but cost
     * a single run 10–20%. (GNU OpenMP, which ND4J's Linux build uses.)
     *
     * <p>glibc gives each thread that allocates its own pool of memory (up to eight per core), and
     * memory freed in a pool stays with the process: lesson 08 in full mode held ten pools of about
     * 62 MB each. Two pools are enough for a kernel; with them, the memory guard and a 768 MiB heap
     * (tried, not kept: lesson 13's Spark shards need more) lesson 04's peak in full mode fell from
     * 2.7 to 2.2 GB.
     */
    public static final Map<String, String> NATIVE_ENV =
            Map.of("GOMP_SPINCOUNT", "1000", "MALLOC_ARENA_MAX", "2");

    /**
     * The JVM options of every kernel and of {@code kit bench}. A heap of 1.5 GiB holds what
     * lessons keep in Java objects (tables, charts, JShell's own state, Spark's tasks and blocks:
     * lesson 13 in full mode commits up to 650–800 MB of it at its busiest, since its shards moved
     * outside the heap; before, it held them as Java arrays, about 750 MB live, and thrashed in 1
     * GiB); tensors live outside it, and G1 commits only the heap a lesson needs. G1 with {@code
     * ExplicitGCInvokesConcurrent} makes the memory guard's collections (see {@link #memoryGuard})
     * concurrent cycles instead of stop-the-world pauses: on lesson 09 the parallel collector's
     * full collections took about 200 ms each. G1 gives heap back after such a cycle only down to
     * 70% free by default; with {@code MaxHeapFreeRatio=30} (and {@code MinHeapFreeRatio=10}) a
     * kernel keeps at most 30% of its committed heap free: lesson 11 in full mode held 560–620 MB
     * of heap for 200–350 MB of objects, and 200–320 MB with the ratios. G1 grows its young
     * generation up to 60% of the heap when a program makes garbage fast: lesson 13's Spark jobs
     * (one per step) took the committed heap to 1.1 GB for 160–490 MB of objects, and the kernel to
     * 1.9–2.0 GB resident; with the young generation at most 256 MB ({@code MaxNewSize}) the heap
     * stayed under 370 MB and the kernel peaked at 1.7 GB, no slower (12.3 against 13.0–13.6 min,
     * the same machine and load). JavaCPP's check of the process's resident size ({@code
     * maxphysicalbytes}) runs on every native allocation, and ND4J allocates on every operation:
     * with it on, a small network's training step took twice as long (a 2-30-30-1 MLP: 60 s against
     * 37 s for the same 18 000 steps), so it is off; {@code maxbytes} bounds only what JavaCPP
     * allocates itself (ND4J's tensors are not counted). The {@code --add-opens} flags let Apache
     * Spark run in the kernel on Java 17 ({@link LocalSpark#OPENS}).
     */
    public static final List<String> JVM_OPTIONS =
            Stream.concat(
                            Stream.of(
                                    "-Xmx1536m",
                                    "-Dorg.bytedeco.javacpp.maxbytes=2g",
                                    "-Dorg.bytedeco.javacpp.maxphysicalbytes=0",
                                    "-Djava.awt.headless=true",
                                    "-XX:+UseG1GC",
                                    "-XX:+ExplicitGCInvokesConcurrent",
                                    "-XX:MinHeapFreeRatio=10",
                                    "-XX:MaxHeapFreeRatio=30",
                                    "-XX:MaxNewSize=256m",
                                    "-Dfile.encoding=UTF-8"),
                            LocalSpark.OPENS.stream()
                                    .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED"))
                    .toList();

    /**
     * The memory guard's soft limit and headroom in MiB ({@link org.dlkit.tensor.MemoryGuard}):
     * garbage is collected when the kernel's resident memory passes 1 400 MiB, or grows 300 MiB
     * past what was left after the last collection, so unused tensors do not pile up between the
     * heap's own collections (lesson 09 in quick mode: 6.0 → 1.9 GB).
     */
    static final String MEMORY_GUARD_ARGS = "1400,300";

    static final String AGENT_JAR = "dlkit-agent.jar";

    /**
     * The JVM option that starts the kit's agent from lib/kernel/dlkit-agent.jar: fences around
     * ND4J's native calls and the memory guard.
     */
    static String memoryGuard(Path lib) {
        return "-javaagent:" + agentJar(lib) + "=" + MEMORY_GUARD_ARGS;
    }

    private static Path agentJar(Path lib) {
        return lib.resolve("kernel").resolve(AGENT_JAR).toAbsolutePath();
    }

    /**
     * The JVM option that starts the kit's agent with its fences around ND4J's native calls only
     * (no memory guard), for the kit's own JVMs that run ND4J: {@code kit bench}, {@code kit
     * spark}; nothing if lib/ has no agent jar (the JVM would not start with a missing one).
     */
    static List<String> agent(Path lib) {
        Path jar = agentJar(lib);
        return Files.isRegularFile(jar) ? List.of("-javaagent:" + jar) : List.of();
    }

    public enum Engine {
        IJAVA("IJava"),
        RAPAIO("rapaio-jupyter-kernel");

        final String label;

        Engine(String label) {
            this.label = label;
        }
    }

    /** The spec for this project: IJava if Jupyter knows an IJava kernel, else rapaio. */
    public static KernelSpec forProject(Home home, Optional<Path> ijavaJar) {
        List<Path> jars = kitJars(home.lib());
        String startup = startupScript();
        if (ijavaJar.isPresent())
            return new KernelSpec(Engine.IJAVA, ijavaJar.get(), Home.java(), jars, startup);
        return new KernelSpec(Engine.RAPAIO, rapaioJar(home.lib()), Home.java(), jars, startup);
    }

    /** dlkit.jar first, then the other runtime jars of lib/, sorted. */
    static List<Path> kitJars(Path lib) {
        Path kit = lib.resolve("dlkit.jar");
        if (!Files.isRegularFile(kit)) {
            throw new KitException(
                    "lib/dlkit.jar is missing: build it with ./kit setup (or ./mvnw package).");
        }
        if (!Files.isRegularFile(lib.resolve("kernel").resolve(AGENT_JAR))) {
            throw new KitException(
                    "lib/kernel/" + AGENT_JAR + " is missing: rebuild lib/ with ./kit setup.");
        }
        var jars = new ArrayList<Path>();
        jars.add(kit.toAbsolutePath());
        try (Stream<Path> s = Files.list(lib)) {
            s.filter(p -> p.getFileName().toString().endsWith(".jar") && !p.equals(kit))
                    .map(Path::toAbsolutePath)
                    .sorted()
                    .forEach(jars::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jars;
    }

    static Path rapaioJar(Path lib) {
        try (Stream<Path> s = Files.list(lib.resolve("kernel"))) {
            return s.filter(
                            p ->
                                    p.getFileName()
                                            .toString()
                                            .matches("rapaio-jupyter-kernel-.*\\.jar"))
                    .findFirst()
                    .map(Path::toAbsolutePath)
                    .filter(jar -> Files.isRegularFile(rapaioPatchJar(jar)))
                    .orElseThrow();
        } catch (IOException | java.util.NoSuchElementException e) {
            throw new KitException(
                    "lib/kernel/ must hold rapaio-jupyter-kernel-*.jar and "
                            + RAPAIO_PATCH_JAR
                            + ": rebuild lib/ with ./kit setup.");
        }
    }

    /**
     * The jar beside the rapaio kernel's that replaces its {@code LoopThread}: in 3.0.1 a channel's
     * loop could end before its first round, and 2 of 27 kernel starts here never answered Jupyter
     * or died (see {@code org.rapaio.jupyter.kernel.channels.LoopThread} in this source).
     */
    static Path rapaioPatchJar(Path rapaioJar) {
        return rapaioJar.resolveSibling(RAPAIO_PATCH_JAR);
    }

    static final String RAPAIO_PATCH_JAR = "dlkit-rjk-patch.jar";

    /** rapaio's MainApp, started by the patch jar's launcher, which first takes over SIGINT. */
    static final String RAPAIO_MAIN = "org.rapaio.jupyter.kernel.dlkit.StopButton";

    static String startupScript() {
        try (InputStream in =
                KernelSpec.class.getResourceAsStream("/org/dlkit/notebook/startup.jshell")) {
            if (in == null)
                throw new IllegalStateException("startup.jshell is missing from dlkit.jar");
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kernel.json for a spec whose folder (where startup.jshell lies) is dir. */
    public Map<String, Object> kernelJson(Path dir) {
        return kernelJson(dir, List.of());
    }

    /**
     * kernel.json with more JVM options after the kit's own (a later {@code -Xmx} wins: {@code kit
     * grade} caps each grading kernel's heap).
     */
    Map<String, Object> kernelJson(Path dir, List<String> moreJvmOptions) {
        var argv = new ArrayList<String>();
        argv.add(javaExe.toString());
        argv.addAll(JVM_OPTIONS);
        argv.add(memoryGuard(classpath.get(0).getParent()));
        argv.addAll(moreJvmOptions);
        if (engine == Engine.IJAVA) {
            argv.add("-jar");
            argv.add(engineJar.toString());
        } else {
            // the kit's patch jar first: its LoopThread replaces the kernel's (a start-up race)
            argv.add("-cp");
            argv.add(rapaioPatchJar(engineJar) + File.pathSeparator + engineJar);
            argv.add(RAPAIO_MAIN);
        }
        argv.add("{connection_file}");

        // IJava splits its classpath on the platform separator; rapaio always on ";"
        String separator = engine == Engine.IJAVA ? File.pathSeparator : ";";
        String cp = String.join(separator, classpath.stream().map(Path::toString).toList());
        String script = dir.resolve("startup.jshell").toAbsolutePath().toString();
        var env = new LinkedHashMap<String, String>();
        if (engine == Engine.IJAVA) {
            env.put("IJAVA_CLASSPATH", cp);
            env.put("IJAVA_STARTUP_SCRIPTS_PATH", script);
        } else {
            env.put("RJK_CLASSPATH", cp);
            env.put("RJK_INIT_SCRIPT", script);
            env.put("RJK_TIMEOUT_MILLIS", "-1"); // a training cell may run for many minutes
        }

        env.putAll(NATIVE_ENV);

        var json = new LinkedHashMap<String, Object>();
        json.put("argv", argv);
        json.put("display_name", DISPLAY_NAME);
        json.put("language", "java");
        // rapaio 3.0.1 loses the reply to a cell interrupted by message; as a signal, the patch
        // jar's launcher interrupts the cell (org.rapaio.jupyter.kernel.dlkit.StopButton). IJava
        // interrupts the cell's thread on its interrupt message.
        json.put("interrupt_mode", engine == Engine.IJAVA ? "message" : "signal");
        json.put("env", env);
        json.put("metadata", Map.of("dlkit", Map.of("engine", engine.label)));
        return json;
    }

    /** Writes kernel.json and startup.jshell into dir, which must exist. */
    public void writeTo(Path dir) throws IOException {
        writeTo(dir, List.of());
    }

    /** Writes kernel.json (with more JVM options) and startup.jshell into dir, which must exist. */
    void writeTo(Path dir, List<String> moreJvmOptions) throws IOException {
        Files.writeString(dir.resolve("startup.jshell"), startup);
        var mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(
                dir.resolve("kernel.json"),
                mapper.writeValueAsString(kernelJson(dir, moreJvmOptions)) + "\n");
    }

    /**
     * The IJava jar of a kernelspec Jupyter already knows (conda-forge's {@code ijava} installs one
     * named "java"), if any: a spec whose argv runs a jar named ijava*.jar.
     */
    static Optional<Path> findIJava(Jupyter jupyter) {
        var list =
                Programs.capture(
                        List.of(jupyter.command().toString(), "kernelspec", "list", "--json"),
                        null,
                        Map.of(),
                        60);
        if (!list.ok()) return Optional.empty();
        try {
            JsonNode specs = new ObjectMapper().readTree(list.stdout()).path("kernelspecs");
            for (var it = specs.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().equals(NAME)) continue;
                for (JsonNode arg : e.getValue().path("spec").path("argv")) {
                    String a = arg.asText();
                    String file =
                            Path.of(a).getFileName() == null
                                    ? ""
                                    : Path.of(a).getFileName().toString().toLowerCase();
                    if (file.startsWith("ijava")
                            && file.endsWith(".jar")
                            && Files.isRegularFile(Path.of(a))) {
                        return Optional.of(Path.of(a));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Installs the spec with {@code jupyter kernelspec install}; where is --user, --sys-prefix or
     * --prefix DIR. Returns the folder Jupyter installed it into.
     */
    public String install(Jupyter jupyter, List<String> where) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("dlkit-kernelspec");
            Path dir = Files.createDirectory(tmp.resolve(NAME));
            var cmd =
                    new ArrayList<>(
                            List.of(
                                    jupyter.command().toString(),
                                    "kernelspec",
                                    "install",
                                    "--replace",
                                    "--name",
                                    NAME));
            cmd.addAll(where);
            cmd.add(dir.toString());
            // kernel.json names the start-up script by absolute path, so write it where it will
            // live
            Path target = installedDir(jupyter, where);
            writeTo(dir);
            rewriteScriptPath(dir, target);
            var out = Programs.capture(cmd, null, Map.of(), 120);
            if (!out.ok()) {
                throw new KitException(
                        "jupyter kernelspec install failed: "
                                + lastWords(out.stderr() + out.stdout()));
            }
            return target.toString();
        } catch (IOException e) {
            throw new KitException("could not write the dlkit kernelspec: " + e.getMessage());
        } finally {
            if (tmp != null) deleteTree(tmp);
        }
    }

    /** A Python traceback's last line ("PermissionError: … '/srv/share'"), else all of it. */
    static String lastWords(String output) {
        String text = output.strip();
        if (!text.contains("Traceback (most recent call last)")) return text;
        String[] lines = text.split("\n");
        return lines[lines.length - 1].strip();
    }

    private void rewriteScriptPath(Path dir, Path target) throws IOException {
        var mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(
                dir.resolve("kernel.json"), mapper.writeValueAsString(kernelJson(target)) + "\n");
    }

    /** Where `jupyter kernelspec install` puts a spec named dlkit for these flags. */
    static Path installedDir(Jupyter jupyter, List<String> where) {
        String code;
        if (where.contains("--sys-prefix")) {
            code =
                    "import sys, os; print(os.path.join(sys.prefix, 'share', 'jupyter', 'kernels', 'dlkit'))";
        } else if (where.contains("--prefix")) {
            String prefix = where.get(where.indexOf("--prefix") + 1);
            return Path.of(prefix, "share", "jupyter", "kernels", NAME).toAbsolutePath();
        } else {
            code =
                    "from jupyter_core.paths import jupyter_data_dir; import os; print(os.path.join(jupyter_data_dir(), 'kernels', 'dlkit'))";
        }
        var out =
                Programs.capture(
                        List.of(jupyter.python().toString(), "-c", code), null, Map.of(), 60);
        if (!out.ok())
            throw new KitException(
                    "could not ask Jupyter where kernels go: " + out.stderr().strip());
        return Path.of(out.stdout().strip());
    }

    static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    @Override
    public String toString() {
        return NAME
                + " kernel → "
                + engine.label
                + " ("
                + engineJar.getFileName()
                + ", "
                + classpath.size()
                + " jars)";
    }
}
