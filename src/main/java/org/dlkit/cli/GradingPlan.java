package org.dlkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which cells of a lesson grading runs, and which answers it refuses to run.
 *
 * <p><b>Only what the exercises need.</b> The roots are the answer cells, the graded cells and the
 * cells the teacher tagged {@value #GRADING_TAG}; a cell is needed when it declares a name a needed
 * cell below it mentions (the nearest declaration above wins), and every cell with an import or the
 * tag is needed by the cells below it (after a restart, they run again before them). The rest of
 * the lesson — its figures, its long experiments — is not run: a class's submissions of lesson 08
 * then cost minutes, not hours.
 *
 * <p><b>Answers that would change the checks are refused.</b> The check cells are the teacher's,
 * and their outcome is the kernel's reply to the grader; what could still fool them is an answer
 * that redefines a name they use. An answer may declare the names the teacher's answer declares and
 * new names; it may not declare a name another cell of the lesson declares, a class the kernel
 * imports (a {@code class Check} of its own), a top-level package name (a variable called {@code
 * org} would shadow {@code org.dlkit…}), nor assign to the lesson's variables, nor use reflection
 * or a class the exercise asks the student to write themselves (the answer cell's {@code
 * dlkit.forbid} metadata). A refused exercise scores 0 and says why; the others are graded.
 */
final class GradingPlan {
    /**
     * The tag of a cell that declares nothing but must run before the exercises (a seed, a mode).
     */
    static final String GRADING_TAG = "grading";

    /** What no answer may mention: ways to reach into the kit's or the JVM's private state. */
    static final Set<String> ESCAPES =
            Set.of(
                    "setAccessible",
                    "getDeclaredField",
                    "getDeclaredFields",
                    "getDeclaredMethod",
                    "getDeclaredMethods",
                    "getDeclaredConstructor",
                    "Unsafe",
                    "MethodHandles",
                    "VarHandle",
                    "Instrumentation",
                    "defineClass",
                    "ClassLoader");

    /** One cell to run: its place in the notebook, its source, its limit, the cells it needs. */
    record Step(
            int cell,
            String role,
            String exercise,
            String source,
            int timeout,
            List<Integer> needs) {}

    /** One graded cell: the exercise it belongs to and its points. */
    record Graded(int cell, String exercise, String gradeId, double points) {}

    final List<Step> steps = new ArrayList<>();
    final List<Graded> graded = new ArrayList<>();

    /** exercise → the cell of its answer */
    final Map<String, Integer> answers = new LinkedHashMap<>();

    /** exercise → why its answer was not run */
    final Map<String, String> refused = new LinkedHashMap<>();

    /** the cells every later cell needs: imports, and cells tagged {@value #GRADING_TAG} */
    private final Set<Integer> everyone = new TreeSet<>();

    /**
     * @param teacher the teacher's lesson
     * @param merged the teacher's lesson with the submission's answers in place ({@link
     *     Exercises#forGrading})
     * @param kernelImports what the kernel's start-up script imports
     * @param timeout seconds an answer or graded cell may run
     * @param setupTimeout seconds one of the lesson's own cells may run
     */
    GradingPlan(
            JsonNode teacher,
            JsonNode merged,
            Set<String> kernelImports,
            int timeout,
            int setupTimeout) {
        List<JsonNode> cells = new ArrayList<>();
        merged.path("cells").forEach(cells::add);
        List<JsonNode> teacherCells = new ArrayList<>();
        teacher.path("cells").forEach(teacherCells::add);
        if (teacherCells.size() != cells.size())
            throw new IllegalArgumentException("the merged lesson must have the teacher's cells");

        Map<Integer, CellSource> read = new HashMap<>();
        Map<Integer, String> exerciseOf = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            JsonNode c = cells.get(i);
            if (!c.path("cell_type").asText().equals("code")) continue;
            read.put(i, CellSource.of(Exercises.text(c.path("source"))));
            if (Exercises.isSolution(c)) {
                exerciseOf.put(i, Exercises.exerciseName(c));
                answers.put(Exercises.exerciseName(c), i);
            }
        }
        for (var e : read.entrySet()) {
            JsonNode grader = cells.get(e.getKey()).path("metadata").path("nbgrader");
            if (!grader.path("grade").asBoolean()) continue;
            String id = grader.path("grade_id").asText();
            String exercise = exerciseOfGradeId(id, e.getKey());
            exerciseOf.put(e.getKey(), exercise);
            graded.add(new Graded(e.getKey(), exercise, id, grader.path("points").asDouble()));
        }
        graded.sort(java.util.Comparator.comparingInt(Graded::cell));

        // the names the lesson itself declares, by cell (the teacher's own answers included)
        Map<Integer, CellSource> teachers = new HashMap<>();
        for (int i : read.keySet())
            teachers.put(
                    i,
                    Exercises.isSolution(cells.get(i))
                            ? CellSource.of(Exercises.text(teacherCells.get(i).path("source")))
                            : read.get(i));
        // everything the kernel and the lesson import, read once for all answers
        Set<String> imports = new LinkedHashSet<>(kernelImports);
        teachers.values().forEach(t -> imports.addAll(t.imports()));
        imports.add("java.lang.*");
        for (var a : answers.entrySet()) {
            String why =
                    refusal(
                            a.getKey(),
                            read.get(a.getValue()),
                            a.getValue(),
                            teachers,
                            imports,
                            cells.get(a.getValue()));
            if (why != null) refused.put(a.getKey(), why);
        }

        // the cells to run: the roots and what they need
        Set<Integer> roots = new TreeSet<>();
        for (var a : answers.entrySet())
            if (!refused.containsKey(a.getKey())) roots.add(a.getValue());
        for (Graded g : graded) if (!refused.containsKey(g.exercise())) roots.add(g.cell());
        for (int i : read.keySet()) if (tagged(cells.get(i), GRADING_TAG)) roots.add(i);
        for (int i : read.keySet())
            if (!read.get(i).imports().isEmpty() || tagged(cells.get(i), GRADING_TAG))
                everyone.add(i);
        Map<Integer, Set<Integer>> needs = new HashMap<>();
        Set<Integer> run = new TreeSet<>();
        for (int r : roots) {
            run.add(r);
            run.addAll(needs(r, read, needs));
        }
        for (int i : run) {
            String role =
                    answers.containsValue(i)
                            ? "answer"
                            : graded.stream().anyMatch(g -> g.cell() == i) ? "check" : "setup";
            steps.add(
                    new Step(
                            i,
                            role,
                            exerciseOf.get(i),
                            Exercises.text(cells.get(i).path("source")),
                            role.equals("setup") ? setupTimeout : timeout,
                            List.copyOf(needs(i, read, needs))));
        }
    }

    private String exerciseOfGradeId(String gradeId, int cell) {
        String best = null;
        for (String e : answers.keySet())
            if (gradeId.startsWith(e + "-") && (best == null || e.length() > best.length()))
                best = e;
        if (best != null) return best;
        for (var a : answers.entrySet()) if (a.getValue() < cell) best = a.getKey();
        return best == null ? gradeId : best;
    }

    /** Every earlier cell cell i needs, directly or through another, in notebook order. */
    private Set<Integer> needs(
            int i, Map<Integer, CellSource> read, Map<Integer, Set<Integer>> memo) {
        Set<Integer> known = memo.get(i);
        if (known != null) return known;
        Set<Integer> direct = new TreeSet<>();
        for (int j : everyone) if (j < i) direct.add(j);
        for (String name : read.get(i).references()) {
            int latest = -1;
            for (int j : read.keySet())
                if (j < i
                        && j > latest
                        && !refusedAnswer(j)
                        && read.get(j).declared().contains(name)) latest = j;
            if (latest >= 0) direct.add(latest);
        }
        Set<Integer> all = new TreeSet<>(direct);
        for (int j : direct) all.addAll(needs(j, read, memo));
        memo.put(i, all);
        return all;
    }

    private boolean refusedAnswer(int cell) {
        for (var a : answers.entrySet())
            if (a.getValue() == cell && refused.containsKey(a.getKey())) return true;
        return false;
    }

    /** Why an answer may not run, or null. */
    private static String refusal(
            String exercise,
            CellSource answer,
            int cell,
            Map<Integer, CellSource> teachers,
            Set<String> imports,
            JsonNode answerCell) {
        Set<String> own = teachers.get(cell).declared();
        Set<String> lessons = new LinkedHashSet<>();
        for (var t : teachers.entrySet())
            if (t.getKey() != cell) lessons.addAll(t.getValue().declared());
        lessons.removeAll(own);
        for (String name : answer.declared()) {
            if (CellSource.ROOT_PACKAGES.contains(name))
                return "the answer declares '" + name + "', the name of a package the checks use";
            if (lessons.contains(name))
                return "the answer declares '"
                        + name
                        + "', which the lesson's own cells declare; give yours another name";
            if (!own.contains(name) && imported(imports, name))
                return "the answer declares '"
                        + name
                        + "', the name of a class the lesson imports; give yours another name";
        }
        for (String name : lessons)
            if (answer.assignsTo(name))
                return "the answer assigns to '"
                        + name
                        + "', a variable of the lesson; leave it as it is";
        for (String e : ESCAPES)
            if (answer.identifiers().contains(e))
                return "the answer uses '"
                        + e
                        + "' (reflection); answers may not reach into the kit's private state";
        for (JsonNode f : answerCell.path("metadata").path("dlkit").path("forbid"))
            if (answer.identifiers().contains(f.asText()))
                return "the answer uses '"
                        + f.asText()
                        + "', which this exercise asks you to write yourself";
        return null;
    }

    /** Whether a simple name is a class or static member these imports bring in. */
    private static boolean imported(Set<String> imports, String name) {
        for (String i : imports) {
            boolean isStatic = i.startsWith("static ");
            String full = isStatic ? i.substring("static ".length()) : i;
            int dot = full.lastIndexOf('.');
            String owner = full.substring(0, Math.max(dot, 0));
            String last = full.substring(dot + 1);
            if (!last.equals("*")) {
                if (last.equals(name)) return true;
            } else if (!isStatic && loads(owner + "." + name)) {
                return true;
            } else if (isStatic && hasStaticMember(owner, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean loads(String className) {
        try {
            Class.forName(className, false, GradingPlan.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean hasStaticMember(String className, String name) {
        try {
            Class<?> c = Class.forName(className, false, GradingPlan.class.getClassLoader());
            for (var m : c.getMethods()) if (m.getName().equals(name)) return true;
            for (var f : c.getFields()) if (f.getName().equals(name)) return true;
            return false;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static boolean tagged(JsonNode cell, String tag) {
        for (JsonNode t : cell.path("metadata").path("tags"))
            if (t.asText().equals(tag)) return true;
        return false;
    }

    /** The checks of one exercise, in order. */
    List<Graded> checksOf(String exercise) {
        return graded.stream().filter(g -> exercise.equals(g.exercise())).toList();
    }
}
