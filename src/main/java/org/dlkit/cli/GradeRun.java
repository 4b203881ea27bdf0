package org.dlkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.dlkit.data.Programs;

/**
 * Runs a {@link GradingPlan} through a Jupyter kernel (grade_notebook.py, in the Python that runs
 * Jupyter) and turns what each cell's execute_reply said into points: a graded cell earns its
 * points when the kernel answered "ok" to it, whatever any cell printed.
 */
final class GradeRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One cell's outcome as the kernel reported it. */
    record Outcome(
            String status,
            String ename,
            String evalue,
            String traceback,
            String stdout,
            String stderr,
            double seconds) {
        static final Outcome NOT_RUN = new Outcome("not run", "", "", "", "", "", 0);

        boolean ok() {
            return status.equals("ok");
        }

        /**
         * The error in a few lines: the message, else the kernel's traceback; for a compile error
         * the compiler's complaint first, then the kernel's report (the lines it is about marked
         * "|").
         */
        String message() {
            String m = evalue.isBlank() ? traceback.strip() : evalue.strip();
            if (evalue.isBlank() && m.startsWith("Compile error")) {
                List<String> lines = m.lines().skip(1).toList();
                String said =
                        lines.stream()
                                .filter(l -> !l.startsWith("|") && !l.strip().matches("\\^*"))
                                .findFirst()
                                .orElse("the answer does not compile");
                m = said + "\n" + String.join("\n", lines);
            }
            if (m.isBlank()) m = ename;
            var lines = m.lines().limit(12).toList();
            return String.join("\n", lines);
        }
    }

    /** One graded cell's result. */
    record Score(
            String exercise,
            String gradeId,
            double points,
            double max,
            String status,
            String detail) {}

    /** What grading one submission gave. */
    record Result(
            GradingPlan plan,
            Map<Integer, Outcome> outcomes,
            List<Score> scores,
            int restarts,
            double seconds) {
        double points() {
            return scores.stream().mapToDouble(Score::points).sum();
        }

        double max() {
            return scores.stream().mapToDouble(Score::max).sum();
        }
    }

    private GradeRun() {}

    /**
     * Grades one submission against the teacher's lesson: the answers put in, the plan made, and
     * run in the kernel named {@value KernelSpec#NAME} that env's JUPYTER_PATH (or the user's
     * Jupyter) provides.
     */
    static Result grade(
            Jupyter jupyter,
            JsonNode teacher,
            JsonNode submission,
            Map<String, String> env,
            Path work,
            int timeout,
            int setupTimeout) {
        var merged = Exercises.forGrading(teacher, submission, new ArrayList<>());
        var plan = new GradingPlan(teacher, merged, kernelImports(), timeout, setupTimeout);
        return run(jupyter, plan, KernelSpec.NAME, env, work);
    }

    private static java.util.Set<String> imports;

    /** What the kernel's start-up script imports. */
    static synchronized java.util.Set<String> kernelImports() {
        if (imports == null) imports = CellSource.of(KernelSpec.startupScript()).imports();
        return imports;
    }

    /** Runs the plan in kernel {@code kernel} with the given environment (JUPYTER_PATH, …). */
    static Result run(
            Jupyter jupyter, GradingPlan plan, String kernel, Map<String, String> env, Path work) {
        try {
            Files.createDirectories(work);
            ObjectNode p = JSON.createObjectNode();
            p.put("kernel", kernel);
            p.put("startup_timeout", 60);
            ArrayNode cells = p.putArray("cells");
            for (GradingPlan.Step s : plan.steps) {
                ObjectNode c = cells.addObject();
                c.put("index", s.cell());
                c.put("source", s.source());
                c.put("timeout", s.timeout());
                ArrayNode needs = c.putArray("needs");
                s.needs().forEach(needs::add);
            }
            Path planFile = work.resolve("plan.json");
            Path outFile = work.resolve("outcome.json");
            Path log = work.resolve("kernel.log");
            Files.writeString(
                    planFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(p));
            Files.deleteIfExists(outFile);
            var runEnv = new HashMap<>(env);
            runEnv.put("DLKIT_FIGURES", "off"); // values as always, no pictures: Notebook.drawing
            int rc =
                    Programs.logged(
                            List.of(
                                    jupyter.python().toString(),
                                    script().toString(),
                                    planFile.toString(),
                                    outFile.toString()),
                            work,
                            runEnv,
                            log);
            if (rc != 0 || !Files.isRegularFile(outFile))
                throw new KitException(
                        "grading could not run the kernel (exit "
                                + rc
                                + "); its messages are in "
                                + log);
            JsonNode out = JSON.readTree(outFile.toFile());
            Map<Integer, Outcome> outcomes = new HashMap<>();
            out.path("cells")
                    .fields()
                    .forEachRemaining(
                            e ->
                                    outcomes.put(
                                            Integer.parseInt(e.getKey()),
                                            new Outcome(
                                                    e.getValue().path("status").asText(),
                                                    e.getValue().path("ename").asText(),
                                                    e.getValue().path("evalue").asText(),
                                                    e.getValue().path("traceback").asText(),
                                                    e.getValue().path("stdout").asText(),
                                                    e.getValue().path("stderr").asText(),
                                                    e.getValue().path("seconds").asDouble())));
            return new Result(
                    plan,
                    outcomes,
                    scores(plan, outcomes),
                    out.path("restarts").asInt(),
                    out.path("seconds").asDouble());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KitException("interrupted while grading", 130);
        }
    }

    /** Points for each graded cell, from the kernel's replies. */
    static List<Score> scores(GradingPlan plan, Map<Integer, Outcome> outcomes) {
        var scores = new ArrayList<Score>();
        Map<Integer, Integer> timeouts = new HashMap<>();
        plan.steps.forEach(s -> timeouts.put(s.cell(), s.timeout()));
        for (GradingPlan.Graded g : plan.graded) {
            String why = plan.refused.get(g.exercise());
            Integer answerCell = plan.answers.get(g.exercise());
            Outcome answer =
                    answerCell == null ? null : outcomes.getOrDefault(answerCell, Outcome.NOT_RUN);
            Outcome check = outcomes.getOrDefault(g.cell(), Outcome.NOT_RUN);
            String status;
            String detail = "";
            double points = 0;
            if (why != null) {
                status = "refused";
                detail = why;
            } else if (answer != null && answer.evalue().contains(" is not done yet")) {
                status = "not done";
            } else if (answer != null && answer.status().equals("timeout")) {
                status = "timed out";
                detail =
                        "the answer ran longer than "
                                + timeouts.get(answerCell)
                                + " s and was stopped";
            } else if (answer != null && answer.status().equals("dead")) {
                status = "kernel died";
                detail = "the kernel died while the answer ran (System.exit or a crash)";
            } else if (check.evalue().contains(" is not done yet")) {
                status = "not done"; // a stub inside a class the answer defines, met by the check
            } else if (check.ok()) {
                status = "passed";
                points = g.points();
            } else if (check.status().equals("timeout")) {
                status = "timed out";
                detail =
                        "the check ran longer than "
                                + timeouts.get(g.cell())
                                + " s and was stopped";
            } else if (check.status().equals("dead")) {
                status = "kernel died";
                detail = "the kernel died during the check";
            } else if (answer != null && answer.status().equals("error")) {
                status = "answer failed";
                detail = answer.ename() + ": " + answer.message();
            } else if (check.ename().endsWith("CheckFailed") || check.message().startsWith("✘")) {
                status = "failed";
                detail = check.message();
            } else if (check.status().equals("error")) {
                status = "error";
                detail = check.ename() + ": " + check.message();
            } else {
                status = check.status();
                detail = check.message();
            }
            scores.add(new Score(g.exercise(), g.gradeId(), points, g.points(), status, detail));
        }
        return scores;
    }

    /** The driver script, copied out of dlkit.jar once per JVM. */
    private static Path scriptFile;

    private static synchronized Path script() throws IOException {
        if (scriptFile == null || !Files.exists(scriptFile)) {
            Path f = Files.createTempFile("dlkit-grade-notebook", ".py");
            f.toFile().deleteOnExit();
            try (InputStream in = GradeRun.class.getResourceAsStream("grade_notebook.py")) {
                Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
            }
            scriptFile = f;
        }
        return scriptFile;
    }
}
