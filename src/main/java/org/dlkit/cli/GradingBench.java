package org.dlkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code kit bench --grading LESSON}: a class's worth of made-up submissions of a lesson, graded,
 * timed and checked. Each answer of each submission is, drawn from a seeded random: the teacher's
 * (half of them), a known wrong answer (a quarter; grading-bench.json says which checks it still
 * passes — partial credit), a missing cell, or a loop that never ends (one in ten). The points
 * every check must give follow from that, and the bench fails on any difference.
 */
final class GradingBench {
    private GradingBench() {}

    enum Kind {
        RIGHT,
        WRONG,
        MISSING,
        LOOP
    }

    /** The made-up class: submission stem → exercise → kind. */
    static Map<String, Map<String, Kind>> draw(
            String lesson, List<String> exercises, int n, long seed) {
        var random = new Random(seed);
        var out = new LinkedHashMap<String, Map<String, Kind>>();
        for (int i = 1; i <= n; i++) {
            var kinds = new LinkedHashMap<String, Kind>();
            for (String e : exercises) {
                double u = random.nextDouble();
                kinds.put(
                        e,
                        u < 0.5
                                ? Kind.RIGHT
                                : u < 0.75 ? Kind.WRONG : u < 0.9 ? Kind.MISSING : Kind.LOOP);
            }
            out.put(String.format(Locale.ROOT, "%s-student%02d", lesson, i), kinds);
        }
        return out;
    }

    /** The variants of a lesson: exercise → {wrong: source, expect: {grade id: points}}. */
    static JsonNode variants(String lesson) {
        try (InputStream in = GradingBench.class.getResourceAsStream("grading-bench.json")) {
            JsonNode all = Homework.JSON.readTree(in);
            if (!all.has(lesson))
                throw new KitException(
                        "the grading bench has wrong answers for "
                                + iterable(all.fieldNames())
                                + ", not for "
                                + lesson,
                        2);
            return all.path(lesson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the submissions; returns the points each check must give, stem → grade id → points.
     */
    static Map<String, Map<String, Double>> write(
            JsonNode teacher, String lesson, Map<String, Map<String, Kind>> kinds, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        JsonNode variants = variants(lesson);
        var expected = new LinkedHashMap<String, Map<String, Double>>();
        for (var s : kinds.entrySet()) {
            ObjectNode nb = Exercises.studentVersion(teacher, lesson);
            ArrayNode cells = (ArrayNode) nb.path("cells");
            var points = new LinkedHashMap<String, Double>();
            for (int i = cells.size() - 1; i >= 0; i--) {
                JsonNode c = cells.get(i);
                var grader = c.path("metadata").path("nbgrader");
                if (grader.path("grade").asBoolean())
                    points.put(grader.path("grade_id").asText(), grader.path("points").asDouble());
            }
            for (int i = cells.size() - 1; i >= 0; i--) {
                JsonNode c = cells.get(i);
                if (!Exercises.isSolution(c)) continue;
                String exercise = Exercises.exerciseName(c);
                Kind kind = s.getValue().get(exercise);
                switch (kind) {
                    case RIGHT -> ((ObjectNode) c).put("source", teacherAnswer(teacher, exercise));
                    case WRONG ->
                            ((ObjectNode) c)
                                    .put("source", variants.path(exercise).path("wrong").asText());
                    case MISSING -> cells.remove(i);
                    case LOOP ->
                            ((ObjectNode) c)
                                    .put(
                                            "source",
                                            "long spins = 0;\nwhile (true) spins++;   // never ends");
                }
                for (var id : new ArrayList<>(points.keySet())) {
                    if (!id.startsWith(exercise + "-")) continue;
                    if (kind == Kind.WRONG)
                        points.put(id, variants.path(exercise).path("expect").path(id).asDouble(0));
                    else if (kind != Kind.RIGHT) points.put(id, 0.0);
                }
            }
            Homework.write(nb, dir.resolve(s.getKey() + ".ipynb"));
            expected.put(s.getKey(), points);
        }
        return expected;
    }

    private static String teacherAnswer(JsonNode teacher, String exercise) {
        for (JsonNode c : Exercises.codeCells(teacher))
            if (Exercises.isSolution(c) && Exercises.exerciseName(c).equals(exercise))
                return Exercises.text(c.path("source"));
        throw new IllegalStateException("no answer cell for " + exercise);
    }

    /** Every check whose points differ from what the made-up answers must earn, one line each. */
    static List<String> mismatches(
            Map<String, Map<String, Double>> expected, List<GradeReport.Graded> graded) {
        var out = new ArrayList<String>();
        for (GradeReport.Graded g : graded) {
            var want = expected.get(g.submission());
            for (GradeRun.Score s : g.result().scores()) {
                double w = want.getOrDefault(s.gradeId(), Double.NaN);
                if (w != s.points())
                    out.add(
                            g.submission()
                                    + " "
                                    + s.gradeId()
                                    + ": expected "
                                    + w
                                    + ", got "
                                    + s.points()
                                    + " ("
                                    + s.status()
                                    + ": "
                                    + GradeReport.firstLine(s.detail())
                                    + ")");
            }
        }
        return out;
    }

    /** Runs the bench for one lesson; returns the mismatches (none when grading is right). */
    static List<String> run(Home home, String lesson, int n, Grader.Options options)
            throws Exception {
        JsonNode teacher = Homework.read(home.notebooks().resolve(lesson + ".ipynb"));
        var exercises = new ArrayList<String>();
        for (JsonNode c : Exercises.codeCells(teacher))
            if (Exercises.isSolution(c)) exercises.add(Exercises.exerciseName(c));
        var kinds = draw(lesson, exercises, n, 2026);
        Path dir = options.out().resolve("submissions");
        var expected = write(teacher, lesson, kinds, dir);
        var files = new ArrayList<Path>();
        for (String stem : kinds.keySet()) files.add(dir.resolve(stem + ".ipynb"));
        var run = new Grader(home, options).grade(files, lesson);
        var count = new LinkedHashMap<Kind, Integer>();
        kinds.values().forEach(m -> m.values().forEach(k -> count.merge(k, 1, Integer::sum)));
        var bad = new ArrayList<>(mismatches(expected, run.graded()));
        run.failed().forEach((stem, why) -> bad.add(stem + ": not graded: " + why));
        System.out.printf(
                Locale.ROOT,
                "kit: grading bench, %s: %d submissions (answers: %s) graded in %.0f s (%.1f s each, %d kernels, %s mode, timeout %d s); %s%n",
                lesson,
                n,
                count,
                run.seconds(),
                run.seconds() / n,
                options.kernels(),
                options.quick() ? "quick" : "full",
                options.timeout(),
                bad.isEmpty()
                        ? "every check gave the points it must"
                        : bad.size() + " checks gave other points");
        bad.forEach(b -> System.out.println("  " + b));
        return bad;
    }

    private static String iterable(java.util.Iterator<String> it) {
        var names = new ArrayList<String>();
        it.forEachRemaining(names::add);
        return String.join(", ", names);
    }
}
