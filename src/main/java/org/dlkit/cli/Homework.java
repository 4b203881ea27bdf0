package org.dlkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dlkit.data.DataFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kit student} and {@code kit grade}: homework out and back, offline. */
final class Homework {
    private Homework() {}

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Command(
            name = "student",
            description =
                    "Write the students' copies of lessons: every answer replaced by Exercise.todo(\"…\"), hidden tests and model answers left out, outputs cleared (into build/student/ unless --out).")
    static final class Student implements Callable<Integer> {
        @Parameters(
                paramLabel = "LESSON",
                arity = "0..*",
                description = "lessons (names like 09-autoencoders or paths); all by default")
        List<String> lessons = new ArrayList<>();

        @Option(names = "--out", description = "folder for the copies (default build/student)")
        Path out;

        @Override
        public Integer call() throws IOException {
            Home home = Home.locate();
            Path dir =
                    Folders.writable(
                            "the folder for the students' copies",
                            out != null ? out : home.build().resolve("student"));
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

    /**
     * A student's own folder of lessons: the student copy of every lesson not yet in {@code dir},
     * written there; a lesson already there is the student's work and is left exactly as it is.
     * Returns one line per lesson saying which.
     */
    static List<String> studentFolder(Path notebooks, Path dir) throws IOException {
        Path folder = Folders.writable("the folder for your copies of the lessons", dir);
        var lines = new ArrayList<String>();
        for (Path lesson : NotebookRunner.all(notebooks, List.of())) {
            String name = stem(lesson);
            Path target = folder.resolve(name + ".ipynb");
            if (Files.exists(target)) {
                lines.add(name + ": your copy, kept as it is");
                continue;
            }
            write(Exercises.studentVersion(read(lesson), name), target);
            lines.add(name + ": new student copy");
        }
        return lines;
    }

    @Command(
            name = "grade",
            description =
                    "Grade students' notebooks offline. Each submission's answer cells go into the kit's own lesson, and only what its exercises need runs, in a kernel of its own: a check earns its points when the kernel reports that the teacher's check cell ran without error. Points go to the terminal, to build/grading/grades.csv (merged by submission) and to a feedback page per submission.")
    static final class Grade implements Callable<Integer> {
        @Parameters(
                paramLabel = "SUBMISSION",
                arity = "1..*",
                description = "students' .ipynb files, or folders of them")
        List<Path> submissions;

        @Option(
                names = "--lesson",
                description =
                        "the lesson they answer, by name (default: the name `kit student` wrote into the copy, or the start of its file name)")
        String lesson;

        @picocli.CommandLine.Mixin RunOptions options = new RunOptions();

        @Option(
                names = "--setup-timeout",
                description =
                        "seconds one of the lesson's own cells may run (default ${DEFAULT-VALUE})",
                defaultValue = "3600")
        int setupTimeout;

        @Option(
                names = "--jobs",
                description =
                        "submissions graded at once, a kernel each (default: 2, 1 on one core)")
        Integer jobs;

        @Option(
                names = "--heap",
                description = "the most heap one grading kernel may use (default ${DEFAULT-VALUE})",
                defaultValue = "1536m")
        String heap;

        @Option(
                names = "--out",
                description = "folder for grades and feedback (default build/grading)")
        Path out;

        @Override
        public Integer call() throws Exception {
            int timeout = options.timeout(300);
            boolean quick = options.quick;
            if (setupTimeout <= 0)
                throw new KitException(
                        "--setup-timeout must be a positive number of seconds (got "
                                + setupTimeout
                                + "): every graded cell has a time limit, so that an answer that loops cannot stop the grading",
                        2);
            if (!heap.matches("[1-9][0-9]*[mMgG]"))
                throw new KitException(
                        "--heap takes a size such as 2g or 1500m (got '" + heap + "')", 2);
            int kernels =
                    jobs != null ? jobs : Math.min(2, Runtime.getRuntime().availableProcessors());
            if (kernels < 1)
                throw new KitException("--jobs must be at least 1 (got " + kernels + ")", 2);
            Home home = Home.locate();
            Path grading =
                    Folders.writable(
                            "the folder for the grades",
                            out != null ? out : home.build().resolve("grading"));
            var settings = new Grader.Options(quick, timeout, setupTimeout, kernels, heap, grading);
            var grader = new Grader(home, settings);
            var run = grader.grade(submissionFiles(submissions), lesson);
            for (var g : run.graded()) System.out.print(GradeReport.table(g));
            run.failed()
                    .forEach(
                            (stem, why) ->
                                    System.out.println(stem + ": could not be graded: " + why));
            Path table = grading.resolve("grades.csv");
            GradeReport.mergeCsv(table, run.graded());
            GradeReport.write(grading.resolve("index.html"), GradeReport.index(run.graded()));
            System.out.printf(
                    "kit: %d submission(s) graded in %.0f s; grades in %s, feedback pages in %s%n",
                    run.graded().size(), run.seconds(), table, grading.resolve("index.html"));
            return run.failed().isEmpty() ? 0 : 1;
        }
    }

    /** The .ipynb files given, folders opened (their notebooks in name order). */
    static List<Path> submissionFiles(List<Path> given) throws IOException {
        var files = new ArrayList<Path>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (var s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".ipynb") && Files.isRegularFile(f))
                            .sorted()
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new KitException(
                        "no submission at " + p + " (neither a notebook nor a folder)", 2);
            }
        }
        if (files.isEmpty()) throw new KitException("no .ipynb submissions in " + given, 2);
        return files;
    }

    /**
     * The name of the kit's lesson a submission answers: --lesson, else the lesson `kit student`
     * wrote into its metadata, else the lesson whose name starts its file name
     * ("09-autoencoders-alice.ipynb"). Always one of the kit's own lessons, by name: a path named
     * by a submission (its own file, say) is refused, so a submission is never graded by checks it
     * brought along.
     */
    static String lessonName(Path notebooks, JsonNode submission, String stem, String given) {
        List<String> names =
                NotebookRunner.lessons(notebooks).stream()
                        .map(p -> p.getFileName().toString().replaceFirst("\\.ipynb$", ""))
                        .toList();
        if (given != null) return known(names, given, "--lesson " + given);
        String marked = submission.path("metadata").path("dlkit").path("lesson").asText("");
        if (!marked.isBlank())
            return known(
                    names, marked, "the lesson '" + marked + "' named in " + stem + "'s metadata");
        return names.stream()
                .filter(stem::startsWith)
                .findFirst()
                .orElseThrow(
                        () ->
                                new KitException(
                                        "which lesson does '"
                                                + stem
                                                + "' answer? It carries no lesson name (copies made by `kit student` do) and its file name starts with no lesson's; give --lesson NAME",
                                        2));
    }

    private static String known(List<String> names, String name, String what) {
        String n = name.replaceFirst("\\.ipynb$", "");
        if (names.contains(n)) return n;
        throw new KitException(
                what
                        + " is not one of the kit's lessons; submissions are graded against the lessons in notebooks/ by name only: "
                        + String.join(", ", names),
                2);
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
            DataFiles.writeAtomically(target, JSON.writeValueAsString(json) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
