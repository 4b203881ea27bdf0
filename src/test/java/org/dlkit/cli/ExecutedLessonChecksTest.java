package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notebook tests' verdicts on an executed lesson, tried on lessons made to fail. */
class ExecutedLessonChecksTest {

    private static List<String> problems(String cellsJson) throws Exception {
        return LessonsIT.problems(new ObjectMapper().readTree("{\"cells\": [" + cellsJson + "]}"));
    }

    private static String cell(String tags, String outputs) {
        return "{\"cell_type\": \"code\", \"metadata\": {\"tags\": ["
                + tags
                + "]}, \"source\": \"x\", \"outputs\": ["
                + outputs
                + "]}";
    }

    private static final String PNG =
            "{\"output_type\": \"display_data\", \"data\": {\"image/png\": \"iVBOR\"}}";

    @Test
    void aCleanLessonHasNoProblems() throws Exception {
        assertEquals(
                List.of(),
                problems(
                        cell("\"figure\"", PNG)
                                + ","
                                + cell(
                                        "\"check\"",
                                        "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": [\"✔ accuracy = 0.98\\n\"]}")));
    }

    @Test
    void eachKindOfFailureIsNamed() throws Exception {
        var p =
                problems(
                        String.join(
                                ",",
                                cell(
                                        "\"figure\"",
                                        "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"no plot\"}"),
                                cell(
                                        "",
                                        "{\"output_type\": \"stream\", \"name\": \"stderr\", \"text\": \"SLF4J: No providers\"}"),
                                cell(
                                        "",
                                        "{\"output_type\": \"error\", \"ename\": \"EvalException\", \"evalue\": \"boom\", \"traceback\": []}"),
                                cell(
                                        "\"check\"",
                                        "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"✔ a\\n✘ b: expected 1, got 2\"}"),
                                cell("\"check\"", "")));
        assertEquals(5, p.size(), String.join("\n", p));
        assertTrue(p.get(0).startsWith("cell 1 should show a figure"), p.get(0));
        assertTrue(p.get(1).contains("cell 2 wrote to stderr: SLF4J: No providers"), p.get(1));
        assertTrue(p.get(2).contains("cell 3: EvalException: boom"), p.get(2));
        assertTrue(p.get(3).contains("cell 4 has a failed check"), p.get(3));
        assertTrue(
                p.get(4).contains("cell 5 is a check cell that printed no passing check"),
                p.get(4));
    }
}
