package org.dlkit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dlkit.data.Programs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The kit's command line; the {@code kit} script starts it once lib/ is built. */
@Command(
        name = "kit",
        mixinStandardHelpOptions = true,
        version = "dlkit 0.1",
        description = "dlkit: a deep-learning teaching kit in Java. Start with `kit lab`.",
        subcommands = {
            Kit.Setup.class,
            Kit.Lab.class,
            Kit.Run.class,
            Kit.Kernel.class,
            Kit.Test.class,
            Kit.Bench.class,
            Kit.Spark.class,
            Homework.Student.class,
            Homework.Grade.class,
            Hub.Serve.class,
            Hub.Collect.class
        })
public final class Kit implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** --help and --version on every command and subcommand, as on kit itself. */
    private static void helpEverywhere(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!sub.getCommandSpec().mixinStandardHelpOptions())
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            helpEverywhere(sub);
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs kit with these arguments and returns its exit code (0 ok, 1 failure, 2 bad arguments).
     */
    public static int execute(String... args) {
        return execute(
                new java.io.PrintWriter(System.out, true),
                new java.io.PrintWriter(System.err, true),
                args);
    }

    /** As {@link #execute(String...)}, printing to out and err (for tests). */
    static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        var cl = new CommandLine(new Kit()).setOut(out).setErr(err);
        helpEverywhere(cl); // the error message sends people to "kit COMMAND --help": it must work
        cl.setExecutionExceptionHandler(
                (e, line, parsed) -> {
                    if (e instanceof KitException k) {
                        line.getErr().println("kit: " + k.getMessage());
                        return k.exitCode();
                    }
                    // a file the kit could not read or write: one line, not a stack trace
                    Throwable io = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
                    if (io instanceof java.io.IOException i) {
                        line.getErr().println("kit: " + Folders.reason(i));
                        return 1;
                    }
                    throw e;
                });
        cl.setParameterExceptionHandler(
                (e, a) -> {
                    var line = e.getCommandLine();
                    line.getErr().println("kit: " + e.getMessage());
                    CommandLine.UnmatchedArgumentException.printSuggestions(e, line.getErr());
                    line.getErr()
                            .println(
                                    "Run '"
                                            + line.getCommandSpec().qualifiedName()
                                            + " --help' for what it takes.");
                    return 2;
                });
        return cl.execute(args);
    }

    // ---------------------------------------------------------------------------- setup

    @Command(
            name = "setup",
            description =
                    "Check Java, install Jupyter if it is missing (apt, as root), install the dlkit kernel.")
    static final class Setup implements Callable<Integer> {
        @Option(
                names = "--gpu",
                description =
                        "build lib/ with ND4J's CUDA backend, from now on (the kit script reads this flag)")
        boolean gpu;

        @Option(
                names = "--cpu",
                description =
                        "build lib/ for the CPU again after --gpu (the kit script reads this flag)")
        boolean cpu;

        @Override
        public Integer call() {
            if (gpu && cpu) throw new KitException("--gpu and --cpu exclude each other", 2);
            prepare(System.out, List.of("--user"));
            if (gpu && !Gpu.driverPresent()) {
                System.out.println(
                        "kit: warning: no NVIDIA driver found (libcuda.so.1 is not known to ldconfig and nvidia-smi is not on PATH);"
                                + " lib/ is built for the GPU but ND4J will not start here. Install the NVIDIA driver (CUDA 11.6 or newer), or go back with ./kit setup --cpu");
            }
            return 0;
        }
    }

    /** Jupyter present and the kernelspec current; shared by setup, lab, run and test. */
    static Jupyter prepare(PrintStream out, List<String> where) {
        Home home = Home.locate();
        Jupyter jupyter = Jupyter.ensure(out);
        KernelSpec spec = KernelSpec.forProject(home, KernelSpec.findIJava(jupyter));
        String dir = spec.install(jupyter, where);
        out.println(
                "kit: Java "
                        + Runtime.version().feature()
                        + ", Jupyter at "
                        + jupyter.command()
                        + ", "
                        + spec
                        + " in "
                        + dir);
        return jupyter;
    }

    /**
     * A TCP port a server can listen on: 1–65535 (a port under 1024 needs root). {@code taken} more
     * ports after it are used too (the hub's API and proxy).
     */
    static void checkPort(String option, int port, int taken) {
        if (port < 1 || port + taken > 65535)
            throw new KitException(
                    option
                            + " takes a TCP port from 1 to "
                            + (65535 - taken)
                            + (taken > 0 ? " (the next " + taken + " are used too)" : "")
                            + ", not "
                            + port,
                    2);
    }

    // ------------------------------------------------------------------------------ lab

    @Command(
            name = "lab",
            description =
                    "Set up, then start Jupyter (JupyterLab if present, else Notebook) on loopback: on notebooks/ (the teacher's lessons, solutions included), or with --student on your own copies of the students' lessons.")
    static final class Lab implements Callable<Integer> {
        @Option(names = "--port", description = "port to listen on (default: Jupyter's, 8888)")
        Integer port;

        @Option(names = "--no-browser", description = "do not open a browser")
        boolean noBrowser;

        @Option(
                names = "--student",
                description =
                        "open your own working copies of the students' lessons (exercises to do, no solutions) in --dir, not the kit's notebooks/; lessons already there are never overwritten")
        boolean student;

        @Option(
                names = "--dir",
                description =
                        "the folder for --student's copies (default: dlkit-lessons in your home folder)")
        Path dir;

        @Override
        public Integer call() throws IOException {
            if (dir != null && !student)
                throw new KitException(
                        "--dir goes with --student: kit lab --student --dir " + dir, 2);
            if (port != null) checkPort("--port", port, 0);
            Path notebooks = Home.locate().notebooks();
            Path folder = notebooks;
            if (student) {
                folder = dir != null ? dir : studentHome();
                for (String line : Homework.studentFolder(notebooks, folder))
                    System.out.println("kit: " + line);
                System.out.println("kit: your lessons are in " + folder.toAbsolutePath());
            }
            Jupyter jupyter = prepare(System.out, List.of("--user"));
            if (Jupyter.isRoot())
                System.out.println(
                        "kit: running as root, so Jupyter starts with --allow-root (still on loopback, with its token)");
            return Programs.inherit(server(jupyter, folder, port, noBrowser), folder, Map.of());
        }

        /**
         * The command that serves {@code folder}: on loopback only, with Jupyter's token
         * authentication on (Jupyter prints the URL with the token). The browser test starts the
         * same command.
         */
        static List<String> server(Jupyter jupyter, Path folder, Integer port, boolean noBrowser) {
            var cmd = new ArrayList<>(jupyter.server());
            cmd.addAll(List.of("--ip=127.0.0.1", "--notebook-dir=" + folder.toAbsolutePath()));
            if (port != null) cmd.add("--port=" + port);
            if (noBrowser) cmd.add("--no-browser");
            // Jupyter refuses root unless told; containers and lab machines often run as root
            if (Jupyter.isRoot()) cmd.add("--allow-root");
            return cmd;
        }

        /** Where --student puts the copies unless --dir says otherwise. */
        static Path studentHome() {
            return Path.of(System.getProperty("user.home"), "dlkit-lessons");
        }
    }

    // ------------------------------------------------------------------------------ run

    @Command(
            name = "run",
            description =
                    "Execute lessons through Jupyter into build/notebooks/ and build/site/ (HTML).")
    static final class Run implements Callable<Integer> {
        @Parameters(
                paramLabel = "NOTEBOOK",
                arity = "0..*",
                description = "lessons to run (names like 00-welcome or paths); all by default")
        List<String> notebooks = new ArrayList<>();

        @CommandLine.Mixin RunOptions options = new RunOptions();

        /**
         * Seconds a cell may run when --timeout is not given: an hour in quick mode; six in full
         * mode, where one cell may train for hours (lesson 12's ensemble cell trains four networks
         * of about half an hour each on 2 cores).
         */
        static int defaultCellTimeout(boolean quick) {
            return quick ? 3600 : 6 * 3600;
        }

        @Override
        public Integer call() throws IOException {
            int timeout = options.timeout(defaultCellTimeout(options.quick));
            Home home = Home.locate();
            List<Path> todo = NotebookRunner.all(home.notebooks(), notebooks);
            Jupyter jupyter = prepare(System.out, List.of("--user"));
            var runner =
                    new NotebookRunner(
                            jupyter, home.build(), NotebookRunner.quickEnv(options.quick), timeout);
            Site.placeMathJax(home.build().resolve("site"), System.out);
            var results = new ArrayList<NotebookRunner.Result>();
            NotebookRunner.Result failed = null;
            for (int i = 0; i < todo.size(); i++) {
                Path nb = todo.get(i);
                String name = nb.getFileName().toString().replace(".ipynb", "");
                System.out.printf("[%d/%d] %-28s ", i + 1, todo.size(), name);
                System.out.flush();
                var r = runner.run(nb);
                results.add(r);
                System.out.println(
                        r.ok()
                                ? String.format("ok   %6.1f s   %s", r.seconds(), r.memory())
                                : "FAILED");
                if (!r.ok()) {
                    failed = r;
                    break;
                }
            }
            NotebookRunner.writeIndex(home.build().resolve("site"), results);
            System.out.println(
                    "kit: pages in " + home.build().resolve("site").resolve("index.html"));
            if (failed != null) {
                System.err.println("kit: " + failed.summary());
                if (!failed.traceback().isBlank()) System.err.println(failed.traceback());
                System.err.println(
                        "kit: the executed notebook, up to the failing cell, is "
                                + failed.executed());
                return 1;
            }
            return 0;
        }
    }

    // --------------------------------------------------------------------------- kernel

    @Command(
            name = "kernel",
            description = "Manage the dlkit Jupyter kernel.",
            subcommands = Kernel.Install.class)
    static final class Kernel implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(System.out);
            return 0;
        }

        @Command(
                name = "install",
                description = "Install the dlkit kernelspec (for yourself by default).")
        static final class Install implements Callable<Integer> {
            @CommandLine.ArgGroup(exclusive = true)
            Where where = new Where();

            static final class Where {
                @Option(names = "--user", description = "for you (the default)")
                boolean user;

                @Option(
                        names = "--sys-prefix",
                        description =
                                "into the Python environment that runs Jupyter: a JupyterHub's whole class")
                boolean sysPrefix;

                @Option(
                        names = "--prefix",
                        paramLabel = "DIR",
                        description = "under DIR/share/jupyter/kernels")
                Path prefix;
            }

            @Override
            public Integer call() {
                if (where.prefix != null)
                    Folders.writable(
                            "the prefix for the kernelspec",
                            where.prefix.resolve("share").resolve("jupyter").resolve("kernels"));
                List<String> flags =
                        where.sysPrefix
                                ? List.of("--sys-prefix")
                                : where.prefix != null
                                        ? List.of(
                                                "--prefix",
                                                where.prefix.toAbsolutePath().toString())
                                        : List.of("--user");
                prepare(System.out, flags);
                return 0;
            }
        }
    }

    // ----------------------------------------------------------------------------- test

    @Command(
            name = "test",
            description =
                    "Run the tests: unit tests and gradient checks, then every lesson through Jupyter (./mvnw -B verify).")
    static final class Test implements Callable<Integer> {
        @Parameters(
                paramLabel = "MAVEN_ARG",
                arity = "0..*",
                description = "extra arguments for Maven, e.g. -Dtest=DenseTest")
        List<String> extra = new ArrayList<>();

        @Override
        public Integer call() {
            Home home = Home.locate();
            Jupyter.ensure(System.out); // the notebook tests install their own kernelspec
            Chromium.ensure(System.out); // the browser test drives it
            try {
                Hub.ensure(System.out); // the hub test starts a class's hub
            } catch (KitException e) {
                System.out.println("kit: warning: " + e.getMessage());
            }
            var cmd = new ArrayList<String>();
            cmd.add(home.root().resolve("mvnw").toString());
            cmd.add("-B");
            String mavenArgs = System.getProperty("dlkit.maven.args", "");
            for (String a : mavenArgs.split("\\s+"))
                if (!a.isBlank() && !a.equals("-B")) cmd.add(a);
            cmd.add("verify");
            cmd.addAll(extra);
            System.out.println("kit: " + String.join(" ", cmd));
            String javaHome = Home.java().getParent().getParent().toString();
            return Programs.inherit(cmd, home.root(), Map.of("JAVA_HOME", javaHome));
        }
    }

    // ---------------------------------------------------------------------------- bench

    @Command(
            name = "spark",
            description =
                    "Train lesson 08's CNN (or lesson 04's MLP) on MNIST with Apache Spark: the training set in one shard per "
                            + "worker, parameter averaging or synchronous SGD; local[WORKERS] in a JVM of its own unless --master "
                            + "names a cluster. Prints each epoch's validation accuracy and images/s, then the test accuracy.")
    static final class Spark implements Callable<Integer> {
        @CommandLine.Mixin SparkMnist.Options options = new SparkMnist.Options();

        @Override
        public Integer call() throws Exception {
            options.check();
            Home home = Home.locate();
            var cmd = new ArrayList<String>();
            cmd.add(Home.java().toString());
            cmd.addAll(KernelSpec.JVM_OPTIONS);
            cmd.addAll(KernelSpec.agent(home.lib()));
            // Spark keeps the training set's shards as Java arrays, and serialises them once
            cmd.add("-Xmx3g");
            cmd.add("-Ddlkit.home=" + home.root());
            cmd.add("-cp");
            cmd.add(home.root().resolve("lib").resolve("*").toString());
            cmd.add(SparkMnist.class.getName());
            cmd.addAll(options.args());
            return Programs.inherit(cmd, home.root(), KernelSpec.NATIVE_ENV);
        }
    }

    @Command(
            name = "bench",
            description =
                    "Train a network of the lessons (lesson 08's CNN by default) on MNIST for a fixed number of batches and report "
                            + "images/s, GFLOP/s beside the machine's SGEMM rate, peak memory and the time of each layer; then the same "
                            + "network in DL4J and, when python3-torch is installed, PyTorch, with the ratios.")
    static final class Bench implements Callable<Integer> {
        @Option(
                names = "--network",
                split = ",",
                paramLabel = "NAME",
                description =
                        "what to time: cnn (lesson 08's CNN, batches of 64), mlp (lesson 04's 784-100-10, batches of 10), sda-pretrain and sda-finetune (the Theano SdA's 784-1000 denoising level and 784-1000-1000-1000-10 network, batches of 20), sda (both), all; default ${DEFAULT-VALUE}",
                defaultValue = "cnn")
        List<String> networks;

        @Option(
                names = "--batches",
                description = "mini-batches to time (default ${DEFAULT-VALUE})",
                defaultValue = "300")
        int batches;

        @Option(
                names = "--batch",
                description =
                        "examples per mini-batch, for every network (default: each network's own)")
        Integer batch;

        @Option(
                names = "--dl4j-batches",
                description = "mini-batches for DL4J, 0 to skip it (default ${DEFAULT-VALUE})",
                defaultValue = "40")
        int peerBatches;

        @Option(
                names = "--torch-batches",
                description =
                        "mini-batches for PyTorch (Debian's python3-torch, when installed), 0 to skip it (default ${DEFAULT-VALUE})",
                defaultValue = "300")
        int torchBatches;

        @Option(
                names = "--grading",
                paramLabel = "LESSON",
                description =
                        "instead: grade a class of made-up submissions of this lesson (right, wrong, missing and looping answers), time it and check every point (lessons with wrong answers on file: 02-mlp-backprop, 08-cnn-mnist)")
        List<String> grading = new ArrayList<>();

        @Option(
                names = "--submissions",
                description = "submissions per lesson for --grading (default ${DEFAULT-VALUE})",
                defaultValue = "30")
        int submissions;

        @Option(
                names = "--grading-timeout",
                description =
                        "seconds an answer may run in --grading (the loops end there; default ${DEFAULT-VALUE})",
                defaultValue = "20")
        int gradingTimeout;

        @Option(names = "--full", description = "--grading in full mode (default: quick mode)")
        boolean full;

        @Override
        public Integer call() throws Exception {
            if (!grading.isEmpty()) return gradingBench();
            if (batches <= 0)
                throw new KitException("--batches must be positive, got " + batches, 2);
            if (peerBatches < 0)
                throw new KitException("--dl4j-batches must be 0 or more, got " + peerBatches, 2);
            if (torchBatches < 0)
                throw new KitException("--torch-batches must be 0 or more, got " + torchBatches, 2);
            if (batch != null && batch <= 0)
                throw new KitException("--batch must be positive, got " + batch, 2);
            var ids = new ArrayList<String>();
            for (org.dlkit.cli.Bench.Workload w : org.dlkit.cli.Bench.Workload.parse(networks))
                ids.add(w.id);
            Home home = Home.locate();
            Path lib = home.root().resolve("lib");
            if (peerBatches > 0 && !java.nio.file.Files.isDirectory(lib.resolve("bench"))) {
                throw new KitException(
                        "DL4J's jars are not in "
                                + lib.resolve("bench")
                                + "; run ./kit setup, or pass --dl4j-batches 0",
                        1);
            }
            String sep = java.io.File.pathSeparator;
            var cmd = new ArrayList<String>();
            cmd.add(Home.java().toString());
            cmd.addAll(KernelSpec.JVM_OPTIONS);
            cmd.addAll(KernelSpec.agent(lib));
            cmd.add("-Ddlkit.home=" + home.root());
            cmd.add("-cp");
            cmd.add(lib.resolve("*") + sep + lib.resolve("bench").resolve("*"));
            cmd.add("org.dlkit.cli.Bench");
            cmd.add(String.join(",", ids));
            cmd.add(Integer.toString(batches));
            cmd.add(Integer.toString(peerBatches));
            cmd.add(Integer.toString(torchBatches));
            cmd.add(Integer.toString(batch == null ? 0 : batch)); // 0: each network's own
            // OpenMP's defaults, as each library ships, not the kernel's GOMP_SPINCOUNT: dlkit
            // runs as fast either way, DL4J faster with short spinning (see README, "Speed")
            return Programs.inherit(cmd, home.root(), Map.of());
        }

        private int gradingBench() throws Exception {
            if (submissions <= 0)
                throw new KitException("--submissions must be positive, got " + submissions, 2);
            if (gradingTimeout <= 0)
                throw new KitException(
                        "--grading-timeout must be positive, got " + gradingTimeout, 2);
            Home home = Home.locate();
            int failures = 0;
            for (String lesson : grading) {
                var options =
                        new Grader.Options(
                                !full,
                                gradingTimeout,
                                3600,
                                Math.min(2, Runtime.getRuntime().availableProcessors()),
                                "1536m",
                                home.build().resolve("grading-bench").resolve(lesson));
                failures += GradingBench.run(home, lesson, submissions, options).size();
            }
            return failures == 0 ? 0 : 1;
        }
    }
}
