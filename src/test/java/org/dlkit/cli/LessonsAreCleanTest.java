package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What every committed lesson must be, checked without running it: clean (no outputs, no execution
 * counts), on the dlkit kernel, ending with a check cell, with exercises in the agreed form
 * (DESIGN.md, "Exercises").
 */
class LessonsAreCleanTest {

    @TestFactory
    Stream<DynamicTest> everyLesson() {
        var lessons = NotebookRunner.lessons(LessonFiles.root().resolve("notebooks"));
        assertFalse(lessons.isEmpty(), "no lessons found in notebooks/");
        return lessons.stream()
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(Path p) {
        JsonNode nb = LessonFiles.read(p);
        assertEquals(
                "dlkit",
                nb.path("metadata").path("kernelspec").path("name").asText(),
                p + ": kernelspec");
        var code = LessonFiles.codeCells(nb);
        for (int i = 0; i < code.size(); i++) {
            JsonNode c = code.get(i);
            assertEquals(
                    0,
                    c.path("outputs").size(),
                    p + ": code cell " + (i + 1) + " was committed with outputs");
            assertTrue(
                    c.path("execution_count").isNull(),
                    p + ": code cell " + (i + 1) + " has an execution count");
            String src = LessonFiles.text(c.path("source"));
            boolean solution = src.contains("// BEGIN SOLUTION");
            assertEquals(
                    solution,
                    src.contains("// END SOLUTION"),
                    p + ": code cell " + (i + 1) + " has unbalanced solution markers");
            JsonNode grader = c.path("metadata").path("nbgrader");
            if (solution) {
                assertTrue(
                        grader.path("solution").asBoolean(),
                        p + ": solution cell " + (i + 1) + " needs nbgrader solution metadata");
                assertFalse(
                        grader.path("grade_id").asText().isBlank(),
                        p + ": solution cell " + (i + 1) + " needs a grade_id");
            }
            if (grader.path("grade").asBoolean()) {
                assertTrue(
                        src.contains("Check.") || src.contains("Compare."),
                        p + ": graded cell " + (i + 1) + " should call the kit's Check API");
                assertTrue(
                        grader.path("points").asInt() > 0,
                        p + ": graded cell " + (i + 1) + " needs points");
            }
        }
        assertTrue(
                LessonFiles.tagged(code.get(code.size() - 1), "check"),
                p + ": the last code cell must be a check cell (tag 'check')");
        assertTrue(
                code.stream()
                        .anyMatch(
                                c ->
                                        c.path("metadata")
                                                .path("nbgrader")
                                                .path("solution")
                                                .asBoolean()),
                p + ": a lesson needs at least one exercise");
    }
}
