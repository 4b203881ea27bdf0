package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dlkit.notebook.Course;
import org.junit.jupiter.api.Test;

/**
 * What the lessons' text says about the course must be true of the course: a lesson, exercise,
 * section, code cell, Playground task or handout it points to exists, the lessons are the course's
 * list ({@link Course}) under their own titles, and the syllabus and the README list every one of
 * them. (A read of the lessons found "exercise 8.5", which does not exist, and "the sparse
 * autoencoder of lesson 09", which is lesson 10.)
 */
class LessonTextTest {
    private static final Pattern LESSONS =
            Pattern.compile("\\b[Ll]essons? ((?:\\d{2}(?:'s)?(?:\\s*(?:–|-|,|and|or|to)\\s*)?)+)");
    private static final Pattern EXERCISE = Pattern.compile("\\b[Ee]xercises? (\\d+)\\.(\\d+)");
    private static final Pattern SECTION =
            Pattern.compile("(?:\\b[Ll]esson (\\d{2})(?:'s|,)\\s+)?\\b[Ss]ections? (\\d+)");
    private static final Pattern TASK =
            Pattern.compile("\\b[Tt]asks? (\\d+)((?:(?:,| and|–) \\d+)*)");
    private static final Pattern HANDOUT =
            Pattern.compile("\\b[Hh]andouts? ((?:\\d{3}(?:'s)?(?:, | and )?)+)");
    private static final Pattern CELL = Pattern.compile("\\b(?:code )?[Cc]ell (\\d+)\\b");
    private static final Pattern TWO_DIGITS = Pattern.compile("\\d+");

    /** Lesson number → its notebook. */
    private static Map<String, JsonNode> notebooks() {
        var all = new LinkedHashMap<String, JsonNode>();
        for (Path p : NotebookRunner.lessons(LessonFiles.root().resolve("notebooks")))
            all.put(p.getFileName().toString().substring(0, 2), LessonFiles.read(p));
        return all;
    }

    private static List<String> texts(JsonNode nb) {
        var texts = new ArrayList<String>();
        for (JsonNode c : nb.path("cells")) texts.add(LessonFiles.text(c.path("source")));
        return texts;
    }

    /** "8.1" for every exercise a lesson asks (its heading) or grades (its answer cell). */
    private static Set<String> exercises(Map<String, JsonNode> nbs) {
        var ids = new TreeSet<String>();
        Pattern heading = Pattern.compile("\\*\\*Exercise (\\d+)\\.(\\d+)");
        for (JsonNode nb : nbs.values()) {
            for (JsonNode c : nb.path("cells")) {
                Matcher m = heading.matcher(LessonFiles.text(c.path("source")));
                while (m.find()) ids.add(Integer.parseInt(m.group(1)) + "." + m.group(2));
                String id = Exercises.gradeId(c);
                if (id.matches("ex\\d+-\\d+-answer"))
                    ids.add(id.replaceAll("ex(\\d+)-(\\d+)-answer", "$1.$2"));
            }
        }
        return ids;
    }

    /** The numbered sections of a lesson: "## 3. …" gives 3. */
    private static Set<Integer> sections(JsonNode nb) {
        var numbers = new TreeSet<Integer>();
        Pattern heading = Pattern.compile("(?m)^## (\\d+)\\.");
        for (String t : texts(nb)) {
            Matcher m = heading.matcher(t);
            while (m.find()) numbers.add(Integer.parseInt(m.group(1)));
        }
        return numbers;
    }

    @Test
    void everyReferenceInTheLessonsPointsAtSomethingThatExists() {
        Map<String, JsonNode> nbs = notebooks();
        Set<String> exercises = exercises(nbs);
        var wrong = new ArrayList<String>();
        for (var lesson : nbs.entrySet()) {
            List<String> texts = texts(lesson.getValue());
            for (int i = 0; i < texts.size(); i++) {
                String t = texts.get(i), where = lesson.getKey() + " cell " + i + ": ";
                Matcher m = LESSONS.matcher(t);
                while (m.find()) {
                    Matcher n = TWO_DIGITS.matcher(m.group(1));
                    while (n.find())
                        if (!nbs.containsKey(n.group()))
                            wrong.add(where + "'" + m.group() + "': no lesson " + n.group());
                }
                m = EXERCISE.matcher(t);
                while (m.find()) {
                    String id = Integer.parseInt(m.group(1)) + "." + m.group(2);
                    if (!exercises.contains(id))
                        wrong.add(where + "'" + m.group() + "': no exercise " + id);
                }
                m = SECTION.matcher(t);
                while (m.find()) {
                    String in = m.group(1) != null ? m.group(1) : lesson.getKey();
                    int section = Integer.parseInt(m.group(2));
                    if (!nbs.containsKey(in) || !sections(nbs.get(in)).contains(section))
                        wrong.add(
                                where
                                        + "'"
                                        + m.group()
                                        + "': lesson "
                                        + in
                                        + " has no section "
                                        + section);
                }
                m = TASK.matcher(t);
                while (m.find()) {
                    Matcher n = TWO_DIGITS.matcher(m.group(1) + m.group(2));
                    while (n.find()) {
                        int task = Integer.parseInt(n.group());
                        if (task < 1 || task > 10)
                            wrong.add(
                                    where
                                            + "'"
                                            + m.group()
                                            + "': the Playground has tasks 1 to 10");
                    }
                }
                m = CELL.matcher(t);
                while (m.find()) {
                    int cell =
                            Integer.parseInt(m.group(1)); // counted as a reader counts In [n] boxes
                    if (cell < 1 || cell > LessonFiles.codeCells(lesson.getValue()).size())
                        wrong.add(
                                where
                                        + "'"
                                        + m.group()
                                        + "': the lesson has "
                                        + LessonFiles.codeCells(lesson.getValue()).size()
                                        + " code cells");
                }
                m = HANDOUT.matcher(t);
                while (m.find()) {
                    Matcher n = TWO_DIGITS.matcher(m.group(1));
                    while (n.find())
                        if (Integer.parseInt(n.group()) > 4)
                            wrong.add(where + "'" + m.group() + "': the handouts are 000 to 004");
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void theReferenceCheckFindsAMissingExerciseAndLesson() {
        assertTrue(EXERCISE.matcher("Try 25% in exercise 8.5's spirit").find());
        Matcher c = CELL.matcher("as code cell 412 printed");
        assertTrue(c.find());
        assertEquals("412", c.group(1));
        Matcher m = LESSONS.matcher("as lessons 05–07 and 12 did");
        assertTrue(m.find());
        assertEquals("05–07 and 12", m.group(1).strip());
        Matcher s = SECTION.matcher("lesson 02,\nsection 7, shows why");
        assertTrue(s.find());
        assertEquals("02", s.group(1));
        assertEquals("7", s.group(2));
    }

    @Test
    void theLessonsAreTheCoursesListUnderTheirOwnTitles() {
        Map<String, JsonNode> nbs = notebooks();
        List<String> files = new ArrayList<>();
        for (Path p : NotebookRunner.lessons(LessonFiles.root().resolve("notebooks")))
            files.add(p.getFileName().toString().replace(".ipynb", ""));
        assertEquals(
                Course.LESSONS.stream().map(Course.Lesson::name).toList(),
                files,
                "notebooks/ against Course.LESSONS");
        for (Course.Lesson l : Course.LESSONS) {
            String first = texts(nbs.get(l.number())).get(0).lines().findFirst().orElse("");
            assertEquals(l.heading(), first, l.name() + "'s first heading");
        }
    }

    @Test
    void theSyllabusAndTheReadmeListEveryLesson() throws IOException {
        String syllabus =
                Files.readString(LessonFiles.root().resolve("notebooks").resolve("README.md"));
        String readme = Files.readString(LessonFiles.root().resolve("README.md"));
        for (Course.Lesson l : Course.LESSONS) {
            assertTrue(
                    syllabus.contains(l.name()),
                    "notebooks/README.md does not mention " + l.name());
            assertTrue(
                    syllabus.contains(l.title()),
                    "notebooks/README.md does not give the title of " + l.name());
            assertTrue(
                    readme.contains("`" + l.name() + "`"),
                    "README.md's lessons table lacks " + l.name());
            // the full-mode time: one figure in the course list, the README and the syllabus
            String row =
                    readme.lines()
                            .filter(x -> x.startsWith("| `" + l.name() + "` |"))
                            .findFirst()
                            .orElse("");
            assertTrue(
                    row.endsWith("| " + l.fullTime() + " |"),
                    "README.md's row for "
                            + l.name()
                            + " should end with its time in full mode, "
                            + l.fullTime());
            String week =
                    syllabus.lines()
                            .filter(
                                    x ->
                                            x.matches("\\| [0-9–]+ \\| .*")
                                                    && x.contains("`" + l.name() + "`"))
                            .findFirst()
                            .orElse("");
            assertTrue(
                    week.contains(l.fullTime()),
                    "notebooks/README.md's week for "
                            + l.name()
                            + " should give its time in full mode, "
                            + l.fullTime());
        }
    }
}
