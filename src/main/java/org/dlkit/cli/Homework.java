package org.dlkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kit student} and {@code kit grade}: homework out and back, offline. */
final class Homework {
    private Homework() {}

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Command(
            name = "student",
            description =
                    "Write the students' copies of lessons: every answer replaced by Exercise.todo(\"…\"), outputs cleared (into build/student/ unless --out).")
    static final class Student implements Callable<Integer> {
        @Parameters(
                paramLabel = "LESSON",
                arity = "0..*",
                description = "lessons (names like 08-autoencoders or paths); all by default")
        List<String> lessons = new ArrayList<>();

        @Option(names = "--out", description = "folder for the copies (default build/student)")
        Path out;

        @Override
        public Integer call() throws IOException {
            Home home = Home.locate();
            Path dir = out != null ? out : home.build().resolve("student");
            Files.createDirectories(dir);
            for (Path lesson : NotebookRunner.all(home.notebooks(), lessons)) {
                String name = lesson.getFileName().toString().replaceFirst("\\.ipynb$", "");
                JsonNode teacher = read(lesson);
                ObjectNode student = Exercises.studentVersion(teacher, name);
                long exercises =
                        Exercises.codeCells(student).stream().filter(Exercises::isSolution).count();
                Path target = dir.resolve(name + ".ipynb");
                write(student, target);
                System.out.println("kit: " + name + ": " + exercises + " exercises → " + target);
            }
            return 0;
        }
    }

    @Command(
            name = "grade",
            description =
                    "Grade students' notebooks offline: each answer cell goes into the teacher's lesson, which runs through Jupyter with every cell (the teacher's check cells grade); points per exercise are printed and written to build/grading/.")
    static final class Grade implements Callable<Integer> {
        @Parameters(
                paramLabel = "SUBMISSION",
                arity = "1..*",
                description = "students' .ipynb files")
        List<Path> submissions;

        @Option(
                names = "--lesson",
                description =
                        "the lesson they answer (default: from the notebook, as `kit student` marks it, or its file name)")
        String lesson;

        @Option(
                names = "--quick",
                description = "quick mode: small data, few epochs, and the quick-mode bars")
        boolean quick;

        @Option(
                names = "--timeout",
                description = "seconds one cell may run (default ${DEFAULT-VALUE})",
                defaultValue = "3600")
        int timeout;

        @Override
        public Integer call() throws IOException {
            Home home = Home.locate();
            // every submission read and matched to its lesson before anything runs
            var handedIn = new ArrayList<JsonNode>();
            var teacherFiles = new ArrayList<Path>();
            for (Path submission : submissions) {
                JsonNode nb = read(submission);
                handedIn.add(nb);
                teacherFiles.add(teacherLesson(home.notebooks(), nb, stem(submission), lesson));
            }
            Jupyter jupyter = Kit.prepare(System.out, List.of("--user"));
            Path grading = home.build().resolve("grading");
            var csv = new StringBuilder("submission,lesson,exercise,points,max,status\n");
            int failures = 0;
            for (int i = 0; i < submissions.size(); i++) {
                Path submission = submissions.get(i);
                String stem = stem(submission);
                Path teacherFile = teacherFiles.get(i);
                String lessonName = stem(teacherFile);
                var missing = new ArrayList<String>();
                ObjectNode merged =
                        Exercises.forGrading(read(teacherFile), handedIn.get(i), missing);
                Path dir = grading.resolve(stem);
                Path toRun = dir.resolve(lessonName + ".ipynb");
                Files.createDirectories(dir);
                write(merged, toRun);
                System.out.println(
                        "kit: grading "
                                + submission
                                + " as "
                                + lessonName
                                + (quick ? " (quick mode)" : " (full mode)")
                                + (missing.isEmpty() ? "" : "; no answer cell for " + missing));
                var runner =
                        new NotebookRunner(
                                jupyter, dir, NotebookRunner.quickEnv(quick), timeout, true);
                var r = runner.run(toRun);
                if (!r.ok()) {
                    failures++;
                    System.out.println("  could not be run: " + r.summary());
                    csv.append(csvRow(stem, lessonName, "(all)", 0, 0, "not run: " + r.error()));
                    continue;
                }
                List<Exercises.Score> scores = Exercises.score(read(r.executed()));
                double total = 0;
                double max = 0;
                for (var s : scores) {
                    total += s.points();
                    max += s.max();
                    System.out.printf(
                            "  %-16s %4s / %-4s %s%n",
                            s.gradeId(), num(s.points()), num(s.max()), s.status());
                    csv.append(
                            csvRow(stem, lessonName, s.gradeId(), s.points(), s.max(), s.status()));
                }
                System.out.printf("  %-16s %4s / %-4s%n", "total", num(total), num(max));
                System.out.println("  the graded notebook: " + r.executed());
                ObjectNode report = JSON.createObjectNode();
                report.put("submission", submission.toString());
                report.put("lesson", lessonName);
                report.put("mode", quick ? "quick" : "full");
                report.put("points", total);
                report.put("max", max);
                report.set("exercises", JSON.valueToTree(scores));
                write(report, dir.resolve("grade.json"));
            }
            Files.createDirectories(grading);
            Path table = grading.resolve("grades.csv");
            Path tmp = grading.resolve("grades.csv.tmp");
            Files.writeString(tmp, csv);
            Files.move(
                    tmp,
                    table,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            System.out.println("kit: grades in " + table);
            return failures == 0 ? 0 : 1;
        }
    }

    /**
     * The teacher's lesson for a submission: --lesson, else the lesson `kit student` wrote into its
     * metadata, else the lesson whose name starts its file name ("08-autoencoders-alice.ipynb").
     */
    static Path teacherLesson(Path notebooks, JsonNode submission, String stem, String given) {
        if (given != null) return NotebookRunner.resolve(notebooks, given);
        String marked = submission.path("metadata").path("dlkit").path("lesson").asText("");
        if (!marked.isBlank()) return NotebookRunner.resolve(notebooks, marked);
        Optional<Path> byName =
                NotebookRunner.lessons(notebooks).stream()
                        .filter(
                                p ->
                                        stem.startsWith(
                                                p.getFileName()
                                                        .toString()
                                                        .replaceFirst("\\.ipynb$", "")))
                        .findFirst();
        return byName.orElseThrow(
                () ->
                        new KitException(
                                "which lesson does '"
                                        + stem
                                        + "' answer? It carries no lesson name (copies made by `kit student` do) and its file name starts with no lesson's; give --lesson NAME",
                                2));
    }

    private static String stem(Path notebook) {
        return notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
    }

    static JsonNode read(Path notebook) {
        try {
            JsonNode nb = JSON.readTree(notebook.toFile());
            if (nb == null || !nb.path("cells").isArray())
                throw new KitException(
                        notebook + " is not a Jupyter notebook (a JSON object with \"cells\")", 2);
            return nb;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new KitException(
                    notebook + " is not a Jupyter notebook: " + e.getOriginalMessage(), 2);
        } catch (IOException e) {
            throw new KitException("cannot read " + notebook + ": " + e.getMessage(), 2);
        }
    }

    /** Written to a temporary file, then renamed: a reader never sees half a notebook. */
    static void write(JsonNode json, Path target) {
        try {
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(json) + "\n");
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csvRow(
            String submission,
            String lesson,
            String exercise,
            double points,
            double max,
            String status) {
        return String.join(
                        ",",
                        quote(submission),
                        quote(lesson),
                        quote(exercise),
                        num(points),
                        num(max),
                        quote(status))
                + "\n";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
