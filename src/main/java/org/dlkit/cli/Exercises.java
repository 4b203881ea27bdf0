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
 *   <li>{@link #score}: the points of an executed grading notebook, one row per graded cell.
 * </ul>
 */
public final class Exercises {
    private Exercises() {}

    static final String BEGIN = "// BEGIN SOLUTION";
    static final String END = "// END SOLUTION";

    /** The tag of a markdown cell that answers a lesson's open question: teachers only. */
    static final String MODEL_ANSWER = "model-answer";

    /** One graded cell's outcome. */
    public record Score(String gradeId, double points, double max, String status) {}

    /** The student's copy of a lesson. */
    static ObjectNode studentVersion(JsonNode teacher, String lesson) {
        ObjectNode nb = cleared(teacher);
        var cells = (com.fasterxml.jackson.databind.node.ArrayNode) nb.path("cells");
        for (int i = cells.size() - 1; i >= 0; i--)
            if (isModelAnswer(cells.get(i))) cells.remove(i);
        for (ObjectNode cell : answerCells(nb))
            cell.put("source", stubbed(text(cell.path("source")), exerciseName(cell), lesson));
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
                out.append(indent).append("Exercise.todo(\"").append(exercise).append("\");\n");
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

    /**
     * The points of an executed grading notebook: a graded cell earns its points when it printed a
     * passing check (✔), no failed one (✘) and no error; an exercise whose answer cell failed says
     * so.
     */
    static List<Score> score(JsonNode executed) {
        var scores = new ArrayList<Score>();
        String answerError = null;
        for (JsonNode c : codeCells(executed)) {
            if (isSolution(c)) answerError = error(c);
            JsonNode grader = c.path("metadata").path("nbgrader");
            if (!grader.path("grade").asBoolean()) continue;
            double max = grader.path("points").asDouble();
            String stdout = stdout(c);
            String err = error(c);
            String status;
            double points = 0;
            if (err == null && stdout.contains("✔") && !stdout.contains("✘")) {
                points = max;
                status = "passed";
            } else if (answerError != null && answerError.contains(" is not done yet")) {
                status = "not done";
            } else if (stdout.contains("✘")) {
                status = "failed: " + firstLine(stdout.substring(stdout.indexOf('✘')));
            } else if (err != null) {
                status = "error: " + firstLine(err);
            } else if (c.path("outputs").isEmpty()) {
                status = "not run";
            } else {
                status = "no check passed";
            }
            scores.add(new Score(grader.path("grade_id").asText(), points, max, status));
        }
        return scores;
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

    /** "ex8-1" from "ex8-1-answer". */
    static String exerciseName(JsonNode cell) {
        return gradeId(cell).replaceFirst("-answer$", "");
    }

    private static String stdout(JsonNode cell) {
        var s = new StringBuilder();
        for (JsonNode o : cell.path("outputs"))
            if (o.path("output_type").asText().equals("stream")
                    && o.path("name").asText().equals("stdout")) s.append(text(o.path("text")));
        return s.toString();
    }

    /** "ename: evalue" of the cell's error output, or null. */
    private static String error(JsonNode cell) {
        for (JsonNode o : cell.path("outputs"))
            if (o.path("output_type").asText().equals("error"))
                return o.path("ename").asText() + ": " + o.path("evalue").asText();
        return null;
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 157) + "…" : line;
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
