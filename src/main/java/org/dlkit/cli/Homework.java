package org.dlkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kit student} and {@code kit grade}: homework out and back, offline. */
final class Homework {
    private Homework() {}

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Command(
            name = "student",
            description =
                    "Write the students' copies of lessons: every answer replaced by Exercise.todo(\"…\"), outputs cleared (into build/student/ unless --out).")
    static final class Student implements Callable<Integer> {
        @Parameters(
                paramLabel = "LESSON",
                arity = "0..*",
                description = "lessons (names like 08-autoencoders or paths); all by default")
        List<String> lessons = new ArrayList<>();

        @Option(names = "--out", description = "folder for the copies (default build/student)")
        Path out;

        @Override
        public Integer call() throws IOException {
            Home home = Home.locate();
            Path dir = out != null ? out : home.build().resolve("student");
            Files.createDirectories(dir);
            for (Path lesson : NotebookRunner.all(home.notebooks(), lessons)) {
                String name = lesson.getFileName().toString().replaceFirst("\\.ipynb$", "");
                JsonNode teacher = read(lesson);
                ObjectNode student = Exercises.studentVersion(teacher, name);
                long exercises =
                        Exercises.codeCells(student).stream().filter(Exercises::isSolution).count();
                Path target = dir.resolve(name + ".ipynb");
                write(student, target);
                System.out.println("kit: " + name + ": " + exercises + " exercises → " + target);
            }
            return 0;
        }
    }

    @Command(
            name = "grade",
            description =
                    "Grade students' notebooks offline. Each submission's answer cells go into the kit's own lesson, and only what its exercises need runs, in a kernel of its own: a check earns its points when the kernel reports that the teacher's check cell ran without error. Points go to the terminal, to build/grading/grades.csv (merged by submission) and to a feedback page per submission.")
    static final class Grade implements Callable<Integer> {
        @Parameters(
                paramLabel = "SUBMISSION",
                arity = "1..*",
                description = "students' .ipynb files, or folders of them")
        List<Path> submissions;

        @Option(
                names = "--lesson",
                description =
                        "the lesson they answer, by name (default: the name `kit student` wrote into the copy, or the start of its file name)")
        String lesson;

        @Option(
                names = "--quick",
                description = "quick mode: small data, few epochs, and the quick-mode bars")
        boolean quick;

        @Option(
                names = "--timeout",
                description =
                        "seconds one answer or check cell may run before it is stopped and scores 0 (default ${DEFAULT-VALUE})",
                defaultValue = "300")
        int timeout;

        @Option(
                names = "--setup-timeout",
                description =
                        "seconds one of the lesson's own cells may run (default ${DEFAULT-VALUE})",
                defaultValue = "3600")
        int setupTimeout;

        @Option(
                names = "--jobs",
                description =
                        "submissions graded at once, a kernel each (default: 2, 1 on one core)")
        Integer jobs;

        @Option(
                names = "--heap",
                description = "the most heap one grading kernel may use (default ${DEFAULT-VALUE})",
                defaultValue = "3g")
        String heap;

        @Option(
                names = "--out",
                description = "folder for grades and feedback (default build/grading)")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (timeout <= 0 || setupTimeout <= 0)
                throw new KitException(
                        "--timeout and --setup-timeout must be a positive number of seconds (got "
                                + (timeout <= 0 ? timeout : setupTimeout)
                                + "): every graded cell has a time limit, so that an answer that loops cannot stop the grading",
                        2);
            if (!heap.matches("[1-9][0-9]*[mMgG]"))
                throw new KitException(
                        "--heap takes a size such as 2g or 1500m (got '" + heap + "')", 2);
            int cores = Runtime.getRuntime().availableProcessors();
            int kernels = jobs != null ? jobs : Math.min(2, cores);
            if (kernels < 1)
                throw new KitException("--jobs must be at least 1 (got " + kernels + ")", 2);
            Home home = Home.locate();
            Path grading = out != null ? out : home.build().resolve("grading");
            List<Path> files = submissionFiles(submissions);

            // every submission read, matched to its lesson and planned before a kernel starts
            var kernelImports = GradeRun.kernelImports();
            var jobsToRun = new ArrayList<Job>();
            var stems = new java.util.HashMap<String, Path>();
            for (Path file : files) {
                String stem = stem(file);
                Path before = stems.put(stem, file);
                if (before != null)
                    throw new KitException(
                            "two submissions are both called '"
                                    + stem
                                    + "' ("
                                    + before
                                    + ", "
                                    + file
                                    + "); their grades would mix: rename one",
                            2);
                JsonNode handedIn = read(file);
                String name = lessonName(home.notebooks(), handedIn, stem, lesson);
                JsonNode teacher = read(home.notebooks().resolve(name + ".ipynb"));
                var missing = new ArrayList<String>();
                ObjectNode merged = Exercises.forGrading(teacher, handedIn, missing);
                var plan = new GradingPlan(teacher, merged, kernelImports, timeout, setupTimeout);
                jobsToRun.add(new Job(stem, name, plan, answersOf(handedIn)));
            }

            Jupyter jupyter = Jupyter.ensure(System.out);
            KernelSpec spec = KernelSpec.forProject(home, KernelSpec.findIJava(jupyter));
            Path jupyterPath = Files.createTempDirectory("dlkit-grading-kernel");
            Path specDir =
                    Files.createDirectories(
                            jupyterPath.resolve("kernels").resolve(KernelSpec.NAME));
            spec.writeTo(specDir, List.of("-Xmx" + heap));
            var env = NotebookRunner.quickEnv(quick);
            env.put("JUPYTER_PATH", jupyterPath.toString());
            env.put("OMP_NUM_THREADS", Integer.toString(Math.max(1, cores / kernels)));
            System.out.printf(
                    "kit: grading %d submission(s) on %s, %d kernel(s) at once (heap %s each), %s mode; answers and checks may run %d s each%n",
                    jobsToRun.size(), spec, kernels, heap, quick ? "quick" : "full", timeout);

            var results = new java.util.concurrent.ConcurrentHashMap<String, GradeReport.Graded>();
            var failed = new java.util.concurrent.ConcurrentHashMap<String, String>();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(kernels);
            long started = System.nanoTime();
            try (var bar =
                    new me.tongfei.progressbar.ProgressBarBuilder()
                            .setTaskName("grading")
                            .setInitialMax(jobsToRun.size())
                            .setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII)
                            .setUnit(" submissions", 1)
                            .build()) {
                var futures = new ArrayList<java.util.concurrent.Future<?>>();
                for (Job j : jobsToRun)
                    futures.add(
                            pool.submit(
                                    () -> {
                                        try {
                                            Path dir = grading.resolve(j.stem());
                                            var r =
                                                    GradeRun.run(
                                                            jupyter,
                                                            j.plan(),
                                                            KernelSpec.NAME,
                                                            env,
                                                            dir);
                                            var g =
                                                    new GradeReport.Graded(
                                                            j.stem(),
                                                            j.lesson(),
                                                            quick ? "quick" : "full",
                                                            r,
                                                            j.answers());
                                            GradeReport.write(
                                                    dir.resolve("feedback.html"),
                                                    GradeReport.page(g));
                                            write(
                                                    JSON.valueToTree(
                                                            java.util.Map.of(
                                                                    "submission",
                                                                    j.stem(),
                                                                    "lesson",
                                                                    j.lesson(),
                                                                    "mode",
                                                                    g.mode(),
                                                                    "points",
                                                                    r.points(),
                                                                    "max",
                                                                    r.max(),
                                                                    "seconds",
                                                                    r.seconds(),
                                                                    "restarts",
                                                                    r.restarts(),
                                                                    "scores",
                                                                    r.scores())),
                                                    dir.resolve("grade.json"));
                                            results.put(j.stem(), g);
                                        } catch (RuntimeException e) {
                                            failed.put(j.stem(), String.valueOf(e.getMessage()));
                                        } finally {
                                            bar.step();
                                        }
                                    }));
                for (var f : futures) f.get();
            } finally {
                pool.shutdownNow();
            }
            var graded = new ArrayList<GradeReport.Graded>();
            for (Job j : jobsToRun) {
                var g = results.get(j.stem());
                if (g != null) {
                    graded.add(g);
                    System.out.print(GradeReport.table(g));
                } else {
                    System.out.println(j.stem() + ": could not be graded: " + failed.get(j.stem()));
                }
            }
            Path table = grading.resolve("grades.csv");
            GradeReport.mergeCsv(table, graded);
            GradeReport.write(grading.resolve("index.html"), GradeReport.index(graded));
            System.out.printf(
                    "kit: %d submission(s) graded in %.0f s; grades in %s, feedback pages in %s%n",
                    graded.size(),
                    (System.nanoTime() - started) / 1e9,
                    table,
                    grading.resolve("index.html"));
            return failed.isEmpty() ? 0 : 1;
        }
    }

    private record Job(
            String stem, String lesson, GradingPlan plan, java.util.Map<String, String> answers) {}

    /** The .ipynb files given, folders opened (their notebooks in name order). */
    static List<Path> submissionFiles(List<Path> given) throws IOException {
        var files = new ArrayList<Path>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (var s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".ipynb") && Files.isRegularFile(f))
                            .sorted()
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new KitException(
                        "no submission at " + p + " (neither a notebook nor a folder)", 2);
            }
        }
        if (files.isEmpty()) throw new KitException("no .ipynb submissions in " + given, 2);
        return files;
    }

    /** exercise → the source of the submission's answer cell. */
    private static java.util.Map<String, String> answersOf(JsonNode submission) {
        var answers = new java.util.LinkedHashMap<String, String>();
        for (JsonNode c : Exercises.codeCells(submission))
            if (Exercises.isSolution(c))
                answers.put(Exercises.exerciseName(c), Exercises.text(c.path("source")));
        return answers;
    }

    /**
     * The name of the kit's lesson a submission answers: --lesson, else the lesson `kit student`
     * wrote into its metadata, else the lesson whose name starts its file name
     * ("08-autoencoders-alice.ipynb"). Always one of the kit's own lessons, by name: a path named
     * by a submission (its own file, say) is refused, so a submission is never graded by checks it
     * brought along.
     */
    static String lessonName(Path notebooks, JsonNode submission, String stem, String given) {
        List<String> names =
                NotebookRunner.lessons(notebooks).stream()
                        .map(p -> p.getFileName().toString().replaceFirst("\\.ipynb$", ""))
                        .toList();
        if (given != null) return known(names, given, "--lesson " + given);
        String marked = submission.path("metadata").path("dlkit").path("lesson").asText("");
        if (!marked.isBlank())
            return known(
                    names, marked, "the lesson '" + marked + "' named in " + stem + "'s metadata");
        return names.stream()
                .filter(stem::startsWith)
                .findFirst()
                .orElseThrow(
                        () ->
                                new KitException(
                                        "which lesson does '"
                                                + stem
                                                + "' answer? It carries no lesson name (copies made by `kit student` do) and its file name starts with no lesson's; give --lesson NAME",
                                        2));
    }

    private static String known(List<String> names, String name, String what) {
        String n = name.replaceFirst("\\.ipynb$", "");
        if (names.contains(n)) return n;
        throw new KitException(
                what
                        + " is not one of the kit's lessons; submissions are graded against the lessons in notebooks/ by name only: "
                        + String.join(", ", names),
                2);
    }

    private static String stem(Path notebook) {
        return notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
    }

    static JsonNode read(Path notebook) {
        try {
            JsonNode nb = JSON.readTree(notebook.toFile());
            if (nb == null || !nb.path("cells").isArray())
                throw new KitException(
                        notebook + " is not a Jupyter notebook (a JSON object with \"cells\")", 2);
            return nb;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new KitException(
                    notebook + " is not a Jupyter notebook: " + e.getOriginalMessage(), 2);
        } catch (IOException e) {
            throw new KitException("cannot read " + notebook + ": " + e.getMessage(), 2);
        }
    }

    /** Written to a temporary file, then renamed: a reader never sees half a notebook. */
    static void write(JsonNode json, Path target) {
        try {
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(json) + "\n");
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
