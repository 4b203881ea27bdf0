package org.dlkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Grades a class's submissions: each is read, matched to one of the kit's lessons by name and
 * planned ({@link GradingPlan}) before any kernel starts, then run in kernels of its own, several
 * at once, under a progress bar; each submission's feedback page and grade.json are written as soon
 * as it is graded.
 */
final class Grader {

    /**
     * @param quick grade in quick mode (small data, few epochs, the quick-mode bars)
     * @param timeout seconds an answer or check cell may run
     * @param setupTimeout seconds one of the lesson's own cells may run
     * @param kernels submissions graded at once
     * @param heap the -Xmx of each grading kernel
     * @param out the folder for grades and feedback
     */
    record Options(
            boolean quick, int timeout, int setupTimeout, int kernels, String heap, Path out) {}

    /** What a run gave: the graded submissions in the order given, and those that could not be. */
    record Run(List<GradeReport.Graded> graded, Map<String, String> failed, double seconds) {}

    private record Job(String stem, String lesson, GradingPlan plan, Map<String, String> answers) {}

    private final Home home;
    private final Options options;

    /**
     * ND4J threads for each of {@code kernels} kernels that share this machine's cores (at least
     * one): more, and their small operations wait for threads the others hold.
     */
    static int threadsEach(int kernels) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, kernels));
    }

    Grader(Home home, Options options) {
        this.home = home;
        this.options = options;
    }

    /**
     * @param lesson the lesson every submission answers, by name, or null to take it from each
     */
    Run grade(List<Path> files, String lesson) throws Exception {
        var jobs = new ArrayList<Job>();
        var stems = new HashMap<String, Path>();
        for (Path file : files) {
            String stem = file.getFileName().toString().replaceFirst("\\.ipynb$", "");
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
            JsonNode handedIn = Homework.read(file);
            String name = Homework.lessonName(home.notebooks(), handedIn, stem, lesson);
            JsonNode teacher = Homework.read(home.notebooks().resolve(name + ".ipynb"));
            var merged = Exercises.forGrading(teacher, handedIn, new ArrayList<>());
            var plan =
                    new GradingPlan(
                            teacher,
                            merged,
                            GradeRun.kernelImports(),
                            options.timeout(),
                            options.setupTimeout());
            jobs.add(new Job(stem, name, plan, answersOf(handedIn)));
        }

        Jupyter jupyter = Jupyter.ensure(System.out);
        KernelSpec spec = KernelSpec.forProject(home, KernelSpec.findIJava(jupyter));
        Path jupyterPath = Files.createTempDirectory("dlkit-grading-kernel");
        Path specDir =
                Files.createDirectories(jupyterPath.resolve("kernels").resolve(KernelSpec.NAME));
        spec.writeTo(specDir, List.of("-Xmx" + options.heap()));
        var env = NotebookRunner.quickEnv(options.quick());
        env.put("JUPYTER_PATH", jupyterPath.toString());
        env.put("OMP_NUM_THREADS", Integer.toString(threadsEach(options.kernels())));
        String mode = options.quick() ? "quick" : "full";
        System.out.printf(
                "kit: grading %d submission(s) on %s, %d kernel(s) at once (heap %s each), %s mode; answers and checks may run %d s each%n",
                jobs.size(), spec, options.kernels(), options.heap(), mode, options.timeout());

        var results = new ConcurrentHashMap<String, GradeReport.Graded>();
        var failed = new ConcurrentHashMap<String, String>();
        var pool = Executors.newFixedThreadPool(options.kernels());
        long started = System.nanoTime();
        try (var bar =
                new ProgressBarBuilder()
                        .setTaskName("grading")
                        .setInitialMax(jobs.size())
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUnit(" submissions", 1)
                        .build()) {
            var futures = new ArrayList<Future<?>>();
            for (Job j : jobs)
                futures.add(
                        pool.submit(
                                () -> {
                                    try {
                                        results.put(j.stem(), gradeOne(jupyter, env, j, mode));
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
        var notGraded = new LinkedHashMap<String, String>();
        for (Job j : jobs) {
            if (results.containsKey(j.stem())) graded.add(results.get(j.stem()));
            else notGraded.put(j.stem(), failed.get(j.stem()));
        }
        return new Run(graded, notGraded, (System.nanoTime() - started) / 1e9);
    }

    private GradeReport.Graded gradeOne(
            Jupyter jupyter, Map<String, String> env, Job j, String mode) {
        Path dir = options.out().resolve(j.stem());
        var r = GradeRun.run(jupyter, j.plan(), KernelSpec.NAME, env, dir);
        var g = new GradeReport.Graded(j.stem(), j.lesson(), mode, r, j.answers());
        GradeReport.write(dir.resolve("feedback.html"), GradeReport.page(g));
        var summary = new LinkedHashMap<String, Object>();
        summary.put("submission", j.stem());
        summary.put("lesson", j.lesson());
        summary.put("mode", mode);
        summary.put("points", r.points());
        summary.put("max", r.max());
        summary.put("seconds", r.seconds());
        summary.put("restarts", r.restarts());
        summary.put("scores", r.scores());
        Homework.write(Homework.JSON.valueToTree(summary), dir.resolve("grade.json"));
        return g;
    }

    /** exercise → the source of the submission's answer cell. */
    static Map<String, String> answersOf(JsonNode submission) {
        var answers = new LinkedHashMap<String, String>();
        for (JsonNode c : Exercises.codeCells(submission))
            if (Exercises.isSolution(c))
                answers.put(Exercises.exerciseName(c), Exercises.text(c.path("source")));
        return answers;
    }
}
