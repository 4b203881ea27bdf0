package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ExercisesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A lesson with one exercise: an answer cell and its check cell. */
    private static JsonNode teacher() throws Exception {
        return JSON.readTree(
                """
                {"cells": [
                  {"cell_type": "markdown", "metadata": {}, "source": "Exercise 1."},
                  {"cell_type": "code", "metadata": {"nbgrader": {"solution": true, "grade": false, "grade_id": "ex1-1-answer"}},
                   "execution_count": 3, "outputs": [{"output_type": "stream", "name": "stdout", "text": "38.5"}],
                   "source": ["double answer;\\n", "    // BEGIN SOLUTION\\n", "    answer = 38.5;\\n", "    // END SOLUTION\\n", "System.out.println(answer);"]},
                  {"cell_type": "code", "metadata": {"nbgrader": {"grade": true, "grade_id": "ex1-1-check", "points": 2}},
                   "execution_count": null, "outputs": [], "source": "Check.close(\\"answer\\", 38.5, answer, 1e-9, \\"hint\\");"}
                 ], "metadata": {"kernelspec": {"name": "dlkit"}}, "nbformat": 4, "nbformat_minor": 4}
                """);
    }

    @Test
    void theStudentsCopyHasATodoWhereTheAnswerWasAndNoOutputs() throws Exception {
        ObjectNode s = Exercises.studentVersion(teacher(), "01-test");
        JsonNode answer = s.path("cells").get(1);
        assertEquals(
                "double answer;\n    throw Exercise.todo(\"ex1-1\");\nSystem.out.println(answer);",
                answer.path("source").asText());
        assertEquals(0, answer.path("outputs").size());
        assertTrue(answer.path("execution_count").isNull());
        assertEquals(teacher().path("cells").get(2), s.path("cells").get(2), "checks unchanged");
        assertEquals("01-test", s.path("metadata").path("dlkit").path("lesson").asText());
        assertEquals("student", s.path("metadata").path("dlkit").path("version").asText());
    }

    @Test
    void modelAnswersStayInTheTeachersVersion() throws Exception {
        ObjectNode t = (ObjectNode) teacher();
        ((com.fasterxml.jackson.databind.node.ArrayNode) t.path("cells"))
                .insert(
                        1,
                        JSON.readTree(
                                """
                                {"cell_type": "markdown", "metadata": {"tags": ["model-answer"]},
                                 "source": "**Model answer.** Because the loss is convex."}
                                """));
        ObjectNode s = Exercises.studentVersion(t, "01-test");
        assertEquals(3, s.path("cells").size());
        assertFalse(s.toString().contains("Model answer"), s.toString());
        assertEquals("Exercise 1.", s.path("cells").get(0).path("source").asText());
    }

    @Test
    void anAnswerCellWithoutItsMarkersIsNamed() {
        var e =
                assertThrows(
                        KitException.class,
                        () -> Exercises.stubbed("x = 1;\n// END SOLUTION", "ex2-1", "02-mlp"));
        assertTrue(
                e.getMessage().startsWith("02-mlp: the answer cell of ex2-1 needs"),
                e.getMessage());
    }

    /** Every real lesson: no solution survives in the copy, and every exercise gets a todo. */
    @TestFactory
    List<DynamicTest> everyLessonsStudentCopyHidesEveryAnswer() {
        var tests = new ArrayList<DynamicTest>();
        for (Path p : NotebookRunner.lessons(LessonFiles.root().resolve("notebooks"))) {
            tests.add(
                    DynamicTest.dynamicTest(
                            p.getFileName().toString(),
                            () -> {
                                JsonNode t = LessonFiles.read(p);
                                ObjectNode s = Exercises.studentVersion(t, "lesson");
                                for (JsonNode c : Exercises.codeCells(s)) {
                                    String code = Exercises.text(c.path("source"));
                                    assertFalse(code.contains("BEGIN SOLUTION"), code);
                                    assertFalse(code.contains("END SOLUTION"), code);
                                    assertFalse(code.contains("HIDDEN TESTS"), code);
                                }
                                long answers =
                                        Exercises.codeCells(t).stream()
                                                .filter(Exercises::isSolution)
                                                .count();
                                long todos =
                                        Exercises.codeCells(s).stream()
                                                .filter(
                                                        c ->
                                                                Exercises.text(c.path("source"))
                                                                        .contains(
                                                                                "Exercise.todo(\""))
                                                .count();
                                assertTrue(answers > 0);
                                assertEquals(answers, todos, "one todo per answer cell");
                                var kept = new ArrayList<JsonNode>();
                                t.path("cells")
                                        .forEach(
                                                c -> {
                                                    if (!Exercises.isModelAnswer(c)) kept.add(c);
                                                });
                                assertEquals(
                                        kept.size(),
                                        s.path("cells").size(),
                                        "every cell but the model answers");
                                for (int i = 0; i < kept.size(); i++) {
                                    JsonNode k = kept.get(i);
                                    if (!Exercises.isSolution(k)) {
                                        String teachers = Exercises.text(k.path("source"));
                                        if (k.path("metadata")
                                                .path("nbgrader")
                                                .path("grade")
                                                .asBoolean())
                                            teachers =
                                                    Exercises.withoutHiddenTests(teachers, "", "");
                                        assertEquals(
                                                teachers,
                                                Exercises.text(
                                                        s.path("cells").get(i).path("source")),
                                                "cell " + i + " is the teacher's");
                                    }
                                }
                            }));
        }
        return tests;
    }

    @Test
    void gradingTakesTheStudentsAnswersAndTheTeachersChecks() throws Exception {
        ObjectNode submission = Exercises.studentVersion(teacher(), "01-test");
        ((ObjectNode) submission.path("cells").get(1)).put("source", "double answer = 38.5;");
        ((ObjectNode) submission.path("cells").get(2))
                .put("source", "System.out.println(\"✔ all good\");");
        var missing = new ArrayList<String>();
        ObjectNode merged = Exercises.forGrading(teacher(), submission, missing);
        assertEquals("double answer = 38.5;", merged.path("cells").get(1).path("source").asText());
        assertEquals(
                teacher().path("cells").get(2).path("source"),
                merged.path("cells").get(2).path("source"),
                "a changed check cell grades nothing: the teacher's is used");
        assertTrue(missing.isEmpty());

        ((com.fasterxml.jackson.databind.node.ArrayNode) submission.path("cells")).remove(1);
        ObjectNode without = Exercises.forGrading(teacher(), submission, missing);
        assertEquals(List.of("ex1-1-answer"), missing);
        assertEquals(
                "Exercise.todo(\"ex1-1\");", without.path("cells").get(1).path("source").asText());
    }

    @Test
    void hiddenTestsLeaveTheStudentsCopyAndStayForGrading() throws Exception {
        ObjectNode t = (ObjectNode) teacher();
        ((ObjectNode) t.path("cells").get(2))
                .put(
                        "source",
                        "Check.close(\"answer\", 38.5, answer, 1e-9, \"hint\");\n"
                                + "// BEGIN HIDDEN TESTS\n"
                                + "Check.that(\"secret\", answer > 38, \"\");\n"
                                + "// END HIDDEN TESTS\n"
                                + "System.out.println(\"done\");");
        String student =
                Exercises.studentVersion(t, "01-test").path("cells").get(2).path("source").asText();
        assertFalse(student.contains("secret"), student);
        assertTrue(student.contains(Exercises.HIDDEN_NOTE), student);
        assertTrue(student.endsWith("System.out.println(\"done\");"), student);
        var merged =
                Exercises.forGrading(t, Exercises.studentVersion(t, "01-test"), new ArrayList<>());
        assertTrue(merged.path("cells").get(2).path("source").asText().contains("secret"));

        ((ObjectNode) t.path("cells").get(2)).put("source", "// BEGIN HIDDEN TESTS\nint a = 1;");
        var e = assertThrows(KitException.class, () -> Exercises.studentVersion(t, "01-test"));
        assertTrue(e.getMessage().contains("ex1-1-check"), e.getMessage());
    }
}
