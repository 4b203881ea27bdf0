package org.dlkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The homework tools, on notebooks as JSON (DESIGN.md, "Exercises"). An exercise is a code cell
 * with nbgrader metadata {@code solution: true} whose answer sits between {@code // BEGIN SOLUTION}
 * and {@code // END SOLUTION}, followed by a cell with {@code grade: true} and {@code points} that
 * calls the kit's Check API.
 *
 * <ul>
 *   <li>{@link #studentVersion}: the teacher's lesson with every answer replaced by {@code
 *       Exercise.todo("…")}, the model answers to its open questions (markdown cells tagged {@value
 *       #MODEL_ANSWER}) left out, and all outputs cleared;
 *   <li>{@link #forGrading}: the teacher's lesson with the student's answer cells put in —
 *       everything else, the check cells above all, stays the teacher's, so a changed check grades
 *       nothing;
 * </ul>
 *
 * <p>Check cells may hold hidden tests between {@value #BEGIN_HIDDEN} and {@value #END_HIDDEN}: the
 * student's copy drops them, grading runs them from the teacher's lesson. Which cells grading runs,
 * and how it scores them, is {@link GradingPlan}'s and {@link GradeRun}'s business.
 */
public final class Exercises {
    private Exercises() {}

    static final String BEGIN = "// BEGIN SOLUTION";
    static final String END = "// END SOLUTION";

    /** The tag of a markdown cell that answers a lesson's open question: teachers only. */
    static final String MODEL_ANSWER = "model-answer";

    /** The student's copy of a lesson. */
    static ObjectNode studentVersion(JsonNode teacher, String lesson) {
        ObjectNode nb = cleared(teacher);
        var cells = (com.fasterxml.jackson.databind.node.ArrayNode) nb.path("cells");
        for (int i = cells.size() - 1; i >= 0; i--)
            if (isModelAnswer(cells.get(i))) cells.remove(i);
        for (ObjectNode cell : answerCells(nb))
            cell.put("source", stubbed(text(cell.path("source")), exerciseName(cell), lesson));
        for (JsonNode cell : codeCells(nb))
            if (cell.path("metadata").path("nbgrader").path("grade").asBoolean())
                ((ObjectNode) cell)
                        .put(
                                "source",
                                withoutHiddenTests(
                                        text(cell.path("source")), gradeId(cell), lesson));
        ObjectNode meta = ((ObjectNode) nb.path("metadata")).putObject("dlkit");
        meta.put("version", "student");
        meta.put("lesson", lesson);
        return nb;
    }

    /** The source with each BEGIN … END region replaced by one Exercise.todo line. */
    static String stubbed(String source, String exercise, String lesson) {
        var out = new StringBuilder();
        boolean inside = false;
        boolean found = false;
        for (String line : source.split("\n", -1)) {
            String t = line.strip();
            if (t.equals(BEGIN)) {
                if (inside) throw unbalanced(lesson, exercise);
                inside = true;
                found = true;
                String indent = line.substring(0, line.indexOf('/'));
                // inside a method (indented) the stub throws, so that a method with a result
                // compiles
                out.append(indent)
                        .append(indent.isEmpty() ? "" : "throw ")
                        .append("Exercise.todo(\"")
                        .append(exercise)
                        .append("\");\n");
            } else if (t.equals(END)) {
                if (!inside) throw unbalanced(lesson, exercise);
                inside = false;
            } else if (!inside) {
                out.append(line).append('\n');
            }
        }
        if (inside || !found) throw unbalanced(lesson, exercise);
        out.setLength(out.length() - 1); // the split's last piece had no newline
        return out.toString();
    }

    /**
     * A check cell's source with each BEGIN HIDDEN TESTS … END HIDDEN TESTS region replaced by one
     * comment line: the student sees that there are more tests, not what they are.
     */
    static String withoutHiddenTests(String source, String gradeId, String lesson) {
        var out = new StringBuilder();
        boolean inside = false;
        for (String line : source.split("\n", -1)) {
            String t = line.strip();
            if (t.equals(BEGIN_HIDDEN)) {
                if (inside) throw unbalancedHidden(lesson, gradeId);
                inside = true;
                String indent = line.substring(0, line.indexOf('/'));
                out.append(indent).append(HIDDEN_NOTE).append('\n');
            } else if (t.equals(END_HIDDEN)) {
                if (!inside) throw unbalancedHidden(lesson, gradeId);
                inside = false;
            } else if (!inside) {
                out.append(line).append('\n');
            }
        }
        if (inside) throw unbalancedHidden(lesson, gradeId);
        out.setLength(out.length() - 1);
        return out.toString();
    }

    static final String BEGIN_HIDDEN = "// BEGIN HIDDEN TESTS";
    static final String END_HIDDEN = "// END HIDDEN TESTS";
    static final String HIDDEN_NOTE = "// (hidden tests: they run when your work is graded)";

    private static KitException unbalancedHidden(String lesson, String gradeId) {
        return new KitException(
                lesson
                        + ": the check cell "
                        + gradeId
                        + " needs each '"
                        + BEGIN_HIDDEN
                        + "' line closed by an '"
                        + END_HIDDEN
                        + "' line");
    }

    /**
     * The teacher's lesson with the submission's answer cells (matched by grade_id) in place of the
     * teacher's; an answer cell the submission lacks becomes {@code Exercise.todo}.
     *
     * @param missing filled with the grade_ids the submission did not have
     */
    static ObjectNode forGrading(JsonNode teacher, JsonNode submission, List<String> missing) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (JsonNode c : submission.path("cells")) {
            if (isSolution(c)) answers.put(gradeId(c), text(c.path("source")));
        }
        ObjectNode nb = cleared(teacher);
        for (ObjectNode cell : answerCells(nb)) {
            String answer = answers.get(gradeId(cell));
            if (answer == null) {
                missing.add(gradeId(cell));
                answer = "Exercise.todo(\"" + exerciseName(cell) + "\");";
            }
            cell.put("source", answer);
        }
        return nb;
    }

    /** A copy of the notebook whose code cells have no outputs and no execution counts. */
    private static ObjectNode cleared(JsonNode nb) {
        ObjectNode copy = nb.deepCopy();
        for (JsonNode c : codeCells(copy)) {
            ((ObjectNode) c).set("outputs", JsonNodeFactory.instance.arrayNode());
            ((ObjectNode) c).putNull("execution_count");
        }
        return copy;
    }

    /** The answer cells, to be changed in place. */
    private static List<ObjectNode> answerCells(JsonNode nb) {
        return codeCells(nb).stream()
                .filter(Exercises::isSolution)
                .map(c -> (ObjectNode) c)
                .toList();
    }

    static boolean isModelAnswer(JsonNode cell) {
        for (JsonNode t : cell.path("metadata").path("tags"))
            if (t.asText().equals(MODEL_ANSWER)) return true;
        return false;
    }

    static boolean isSolution(JsonNode cell) {
        return cell.path("metadata").path("nbgrader").path("solution").asBoolean();
    }

    static String gradeId(JsonNode cell) {
        return cell.path("metadata").path("nbgrader").path("grade_id").asText();
    }

    /** "ex9-1" from "ex9-1-answer". */
    static String exerciseName(JsonNode cell) {
        return gradeId(cell).replaceFirst("-answer$", "");
    }

    private static KitException unbalanced(String lesson, String exercise) {
        return new KitException(
                lesson
                        + ": the answer cell of "
                        + exercise
                        + " needs exactly one '"
                        + BEGIN
                        + "' line and one '"
                        + END
                        + "' line after it");
    }

    /** The code cells in order. */
    static List<JsonNode> codeCells(JsonNode nb) {
        var cells = new ArrayList<JsonNode>();
        for (JsonNode c : nb.path("cells"))
            if (c.path("cell_type").asText().equals("code")) cells.add(c);
        return cells;
    }

    /** A notebook's multi-line text (a string, or an array of lines) as one string. */
    static String text(JsonNode multiline) {
        if (multiline.isArray()) {
            var s = new StringBuilder();
            multiline.forEach(l -> s.append(l.asText()));
            return s.toString();
        }
        return multiline.asText();
    }
}
