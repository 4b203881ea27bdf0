package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grader without a kernel: which cells it runs, which answers it refuses, how it scores. */
class GradingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KERNEL_IMPORTS =
            CellSource.of(KernelSpec.startupScript()).imports();

    private static ObjectNode code(String source, String metadata) throws Exception {
        ObjectNode c =
                (ObjectNode)
                        JSON.readTree("{\"cell_type\": \"code\", \"metadata\": " + metadata + "}");
        c.put("source", source);
        c.putArray("outputs");
        c.putNull("execution_count");
        return c;
    }

    private static final String ANSWER =
            "{\"nbgrader\": {\"solution\": true, \"grade\": false, \"grade_id\": \"ex1-1-answer\"}}";

    private static String check(String id, int points) {
        return "{\"nbgrader\": {\"grade\": true, \"grade_id\": \""
                + id
                + "\", \"points\": "
                + points
                + "}}";
    }

    /**
     * cell 0 declares data; 1 is a figure; 2 declares an unused experiment; 3 the answer; 4 and 5
     * its checks; 6 the lesson's own check.
     */
    private static JsonNode lesson() throws Exception {
        ObjectNode nb =
                (ObjectNode)
                        JSON.readTree("{\"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}");
        ArrayNode cells = nb.putArray("cells");
        cells.add(code("double[] data = {1, 2, 3};\nint helper(int k) { return k + 1; }", "{}"));
        cells.add(code("show(Curves.of(data));", "{\"tags\": [\"figure\"]}"));
        cells.add(code("double slow = expensiveExperiment();", "{}"));
        cells.add(
                code(
                        "double mean;\n// BEGIN SOLUTION\nmean = Arrays.stream(data).average().orElse(0);\n// END SOLUTION",
                        ANSWER));
        cells.add(code("Check.close(\"mean\", 2, mean, 1e-9, \"\");", check("ex1-1-value", 2)));
        cells.add(
                code(
                        "Check.that(\"helper\", helper((int) mean) == 3, \"\");",
                        check("ex1-1-helper", 1)));
        cells.add(code("Check.that(\"slow\", slow > 0, \"\");", "{\"tags\": [\"check\"]}"));
        return nb;
    }

    private static GradingPlan plan(String answer) throws Exception {
        return plan(lesson(), answer);
    }

    private static GradingPlan plan(JsonNode teacher, String answer) throws Exception {
        ObjectNode submission = Exercises.studentVersion(teacher, "01-x");
        if (answer != null) ((ObjectNode) submission.path("cells").get(3)).put("source", answer);
        ObjectNode merged = Exercises.forGrading(teacher, submission, new ArrayList<>());
        return new GradingPlan(teacher, merged, KERNEL_IMPORTS, 60, 600);
    }

    @Test
    void gradingRunsOnlyTheCellsTheExercisesNeed() throws Exception {
        GradingPlan p = plan("double mean = 2;");
        assertEquals(List.of(0, 3, 4, 5), p.steps.stream().map(GradingPlan.Step::cell).toList());
        var roles = p.steps.stream().map(GradingPlan.Step::role).toList();
        assertEquals(List.of("setup", "answer", "check", "check"), roles);
        assertEquals(600, p.steps.get(0).timeout(), "the lesson's own cells get the setup limit");
        assertEquals(60, p.steps.get(1).timeout());
        assertEquals(
                List.of(0, 3), p.steps.get(3).needs(), "helper comes from cell 0, mean from 3");
        assertEquals(
                List.of("ex1-1", "ex1-1"),
                p.graded.stream().map(GradingPlan.Graded::exercise).toList());
        assertTrue(p.refused.isEmpty(), p.refused.toString());
    }

    @Test
    void aCellTaggedGradingRunsThoughItDeclaresNothing() throws Exception {
        ObjectNode t = (ObjectNode) lesson();
        ((ArrayNode) t.path("cells"))
                .insert(1, code("Nd4j.getRandom().setSeed(1);", "{\"tags\": [\"grading\"]}"));
        GradingPlan p =
                new GradingPlan(
                        t, Exercises.forGrading(t, t, new ArrayList<>()), KERNEL_IMPORTS, 60, 600);
        assertTrue(p.steps.stream().anyMatch(s -> s.cell() == 1));
    }

    @Test
    void answersThatCouldChangeTheChecksAreRefused() throws Exception {
        Map<String, String> attempts =
                Map.of(
                        "class Check { static void close(String a, double b, double c, double d, String e) {} }\ndouble mean = 0;",
                        "'Check', the name of a class the lesson imports",
                        "Object org = null;\ndouble mean = 2;",
                        "'org', the name of a package",
                        "double[] data = {2, 2};\ndouble mean = 2;",
                        "'data', which the lesson's own cells declare",
                        "int helper(int k) { return 3; }\ndouble mean = 2;",
                        "'helper', which the lesson's own cells declare",
                        "data = new double[] {2};\ndouble mean = 2;",
                        "assigns to 'data'",
                        "class Layer {}\ndouble mean = 0;",
                        "'Layer', the name of a class the lesson imports",
                        "double mean = 2; var f = Check.class.getDeclaredField(\"x\"); f.setAccessible(true);",
                        "reflection");
        for (var a : attempts.entrySet()) {
            GradingPlan p = plan(a.getKey());
            String why = p.refused.get("ex1-1");
            assertTrue(why != null && why.contains(a.getValue()), a.getKey() + " → " + why);
            assertFalse(
                    p.steps.stream().anyMatch(s -> s.cell() == 3), "a refused answer does not run");
            var scores = GradeRun.scores(p, Map.of());
            assertTrue(
                    scores.stream().allMatch(s -> s.points() == 0 && s.status().equals("refused")));
        }
        assertNull(plan("double mean = data[1]; double mine = helper(1);").refused.get("ex1-1"));
    }

    @Test
    void anExerciseCanForbidTheKitClassItAsksTheStudentToWrite() throws Exception {
        ObjectNode t = (ObjectNode) lesson();
        ((ObjectNode) t.path("cells").get(3).path("metadata"))
                .putObject("dlkit")
                .putArray("forbid")
                .add("Dense");
        String why =
                plan(
                                t,
                                "double mean = new org.dlkit.nn.Dense(\"d\", 1, 1, Init.HE, 1).parameterCount();")
                        .refused
                        .get("ex1-1");
        assertTrue(why != null && why.contains("asks you to write yourself"), why);
    }

    private static GradeRun.Outcome outcome(String status, String ename, String evalue) {
        return new GradeRun.Outcome(status, ename, evalue, "", "", "", 0.1);
    }

    @Test
    void pointsComeFromTheKernelsRepliesNotFromPrintedText() throws Exception {
        GradingPlan p = plan("double mean = 2;");
        var ok = outcome("ok", "", "");
        var printedTick =
                new GradeRun.Outcome(
                        "error",
                        "CheckFailed",
                        "✘ mean: expected 2, got 3",
                        "",
                        "✔ mean = 2\n",
                        "",
                        0.1);
        var scores = GradeRun.scores(p, Map.of(0, ok, 3, ok, 4, printedTick, 5, ok));
        assertEquals(0, scores.get(0).points(), "a printed ✔ earns nothing when the check failed");
        assertEquals("failed", scores.get(0).status());
        assertEquals("✘ mean: expected 2, got 3", scores.get(0).detail());
        assertEquals(1, scores.get(1).points(), "partial credit: the other check still counts");

        var notDone =
                outcome("error", "EvalException", "exercise ex1-1 is not done yet: replace …");
        assertTrue(
                GradeRun.scores(
                                p,
                                Map.of(
                                        3,
                                        notDone,
                                        4,
                                        outcome("error", "", ""),
                                        5,
                                        outcome("error", "", "")))
                        .stream()
                        .allMatch(s -> s.status().equals("not done") && s.points() == 0));
        var loop = GradeRun.scores(p, Map.of(3, outcome("timeout", "", ""), 4, ok, 5, ok));
        assertEquals("timed out", loop.get(0).status());
        assertTrue(loop.get(0).detail().contains("60 s"), loop.get(0).detail());
        var exit = GradeRun.scores(p, Map.of(3, outcome("dead", "", "")));
        assertEquals("kernel died", exit.get(0).status());
        var compile =
                GradeRun.scores(
                        p,
                        Map.of(
                                3,
                                new GradeRun.Outcome(
                                        "error",
                                        "CompilerException",
                                        "",
                                        "Compile error:\n|    double mean = maen;\ncannot find symbol\n  symbol: variable maen",
                                        "",
                                        "",
                                        0),
                                4,
                                outcome("error", "CompilationException", "")));
        assertEquals("answer failed", compile.get(0).status());
        assertTrue(
                compile.get(0).detail().startsWith("CompilerException: cannot find symbol\n"),
                "the compiler's complaint first: " + compile.get(0).detail());
        assertTrue(compile.get(0).detail().contains("|    double mean = maen;"), "then the line");
        assertEquals("not run", GradeRun.scores(p, Map.of()).get(0).status());
    }

    @Test
    void aSecondRunKeepsTheFirstRunsGrades(@TempDir Path dir) throws Exception {
        GradingPlan p = plan("double mean = 2;");
        var ok = outcome("ok", "", "");
        var run =
                new GradeRun.Result(
                        p, Map.of(), GradeRun.scores(p, Map.of(0, ok, 3, ok, 4, ok, 5, ok)), 0, 1);
        Path table = dir.resolve("grades.csv");
        GradeReport.mergeCsv(
                table,
                List.of(new GradeReport.Graded("01-x-alice", "01-x", "quick", run, Map.of())));
        GradeReport.mergeCsv(
                table,
                List.of(
                        new GradeReport.Graded(
                                "01-x-bob, \"jr\"", "01-x", "quick", run, Map.of())));
        var failing = new GradeRun.Result(p, Map.of(), GradeRun.scores(p, Map.of()), 0, 1);
        GradeReport.mergeCsv(
                table,
                List.of(new GradeReport.Graded("01-x-alice", "01-x", "quick", failing, Map.of())));
        List<String> lines = Files.readAllLines(table);
        assertEquals(String.join(",", GradeReport.COLUMNS), lines.get(0));
        assertEquals(5, lines.size(), String.join("\n", lines));
        // a name with a comma and quotes is quoted, its quotes doubled; a plain one is not
        assertEquals(
                2, lines.stream().filter(l -> l.startsWith("\"01-x-bob, \"\"jr\"\"\",")).count());
        assertEquals(
                2,
                lines.stream()
                        .filter(l -> l.startsWith("01-x-alice,") && l.contains(",0,"))
                        .count(),
                "alice's new grades replace her old ones");
        var read = GradeReport.read(table);
        assertEquals(GradeReport.COLUMNS, read.columnNames());
        assertEquals("01-x-bob, \"jr\"", read.stringColumn("submission").get(0));
        // an older layout is kept aside whole, and the new table starts afresh
        Files.writeString(table, "name,score\nzoe,3\n");
        GradeReport.mergeCsv(
                table,
                List.of(new GradeReport.Graded("01-x-alice", "01-x", "quick", run, Map.of())));
        assertEquals("name,score\nzoe,3\n", Files.readString(dir.resolve("grades-old-layout.csv")));
        assertEquals(3, Files.readAllLines(table).size());
    }

    @Test
    void theFeedbackPageShowsTheCodeAndEachChecksOutcome() throws Exception {
        GradingPlan p = plan("double mean = 3;");
        var ok = outcome("ok", "", "");
        var failed = outcome("error", "CheckFailed", "✘ mean: expected 2 ± 1e-9, got 3");
        var r =
                new GradeRun.Result(
                        p,
                        Map.of(),
                        GradeRun.scores(p, Map.of(0, ok, 3, ok, 4, failed, 5, ok)),
                        0,
                        2);
        String page =
                GradeReport.page(
                        new GradeReport.Graded(
                                "alice<1>",
                                "01-x",
                                "full",
                                r,
                                Map.of("ex1-1", "double mean = 3;")));
        assertTrue(page.contains("double mean = 3;"));
        assertTrue(page.contains("expected 2 ± 1e-9, got 3"));
        assertTrue(page.contains("1 / 3"), "the exercise's points");
        assertTrue(page.contains("alice&lt;1&gt;"), "names are escaped");
    }

    @Test
    void cellSourceFindsDeclarationsAndAssignmentsButNotStringsOrComments() {
        var c =
                CellSource.of(
                        "// data = 1\nvar firstGrad = new LinkedHashMap<String, Double>();\nString s = \"x = 2\";\nclass A {}\nrecord R(int v) {}\nvoid m() {}\nint p = 1, q;\ndata[0] = 1;\nmean += 2;\nif (k == 1) y++;");
        assertEquals(Set.of("firstGrad", "s", "A", "R", "m", "p", "q"), c.declared());
        assertTrue(c.assignsTo("mean"));
        assertTrue(c.assignsTo("data"));
        assertTrue(c.assignsTo("y"));
        assertFalse(c.assignsTo("k"));
        assertFalse(c.assignsTo("x"));
        assertFalse(c.identifiers().contains("x"), "strings are not code");
        // a method's own variables, fields and parameters are not the lesson's
        var own =
                CellSource.of(
                        "class L1 {\n  double total;\n  double penalty(List<Parameter> ps) {\n    double sum = 0;\n"
                                + "    INDArray mean = x.mean(0), var = x.var(false, 0);\n    for (var p : ps) sum += 1;\n"
                                + "    var = var.add(1);\n    total = sum;\n    return sum;\n  }\n  void set(int p) { p = 2; }\n}");
        assertFalse(own.assignsTo("sum"), "a local sum");
        assertFalse(own.assignsTo("var"), "the second of two declarators");
        assertFalse(own.assignsTo("total"), "a field");
        assertFalse(own.assignsTo("p"), "a parameter");
        var cheat =
                CellSource.of(
                        "void cheat() {\n  sum = 3;\n  return sum;\n}\nfor (int i = 0; i < 3; i++) mean += i;");
        assertTrue(cheat.assignsTo("sum"), "'return sum' declares nothing");
        assertTrue(cheat.assignsTo("mean"), "a loop at the top level");
        assertFalse(cheat.assignsTo("i"), "the loop's own i");
        var members =
                CellSource.of("show(Inspect.confusion(matrix, \"t\"));\nint n = list . size();");
        assertFalse(
                members.references().contains("confusion"),
                "a member after a dot is no cell's name");
        assertFalse(members.references().contains("size"));
        assertTrue(members.references().containsAll(Set.of("show", "Inspect", "matrix", "list")));
        assertTrue(members.identifiers().contains("confusion"), "what an answer mentions at all");
    }

    @Test
    void theMadeUpClassExpectsThePointsItsAnswersMustEarn(@TempDir Path dir) throws Exception {
        String lesson = "02-mlp-backprop";
        JsonNode teacher =
                LessonFiles.read(
                        LessonFiles.root().resolve("notebooks").resolve(lesson + ".ipynb"));
        Map<String, Map<String, GradingBench.Kind>> kinds =
                Map.of(
                        "s1",
                        Map.of(
                                "ex2-1", GradingBench.Kind.RIGHT,
                                "ex2-2", GradingBench.Kind.MISSING,
                                "ex2-3", GradingBench.Kind.LOOP,
                                "ex2-4", GradingBench.Kind.WRONG,
                                "ex2-5", GradingBench.Kind.WRONG));
        var expected = GradingBench.write(teacher, lesson, kinds, dir);
        assertEquals(
                Map.of(
                        "ex2-1-check", 1.0,
                        "ex2-2-check", 0.0,
                        "ex2-3-check", 0.0,
                        "ex2-4-check", 0.0,
                        "ex2-5-forward", 2.0,
                        "ex2-5-backward", 3.0,
                        "ex2-5-hidden", 0.0),
                expected.get("s1"),
                "partial credit for the wrong Dense: its forward and a single backward are right");
        JsonNode written = LessonFiles.read(dir.resolve("s1.ipynb"));
        var answers = Grader.answersOf(written);
        assertFalse(answers.containsKey("ex2-2"), "a missing answer is a missing cell");
        assertTrue(answers.get("ex2-3").contains("while (true)"));
        assertTrue(answers.get("ex2-5").contains("assign("), answers.get("ex2-5"));

        var drawn = GradingBench.draw(lesson, List.of("a", "b", "c", "d", "e"), 30, 2026);
        var seen = new java.util.HashSet<GradingBench.Kind>();
        drawn.values().forEach(m -> seen.addAll(m.values()));
        assertEquals(
                Set.of(GradingBench.Kind.values()),
                seen,
                "thirty submissions hold every kind of answer");
        assertEquals(
                drawn,
                GradingBench.draw(lesson, List.of("a", "b", "c", "d", "e"), 30, 2026),
                "the same seed, the same class");
    }
}
