package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kit lab --student`: the students' copies in a folder of their own, their work never lost. */
class StudentFolderTest {

    private static final Path NOTEBOOKS = LessonFiles.root().resolve("notebooks");

    private static List<Path> lessons() throws Exception {
        return NotebookRunner.lessons(NOTEBOOKS);
    }

    @Test
    void everyLessonArrivesAsTheStudentCopyAndTheStudentsWorkIsKept(@TempDir Path home)
            throws Exception {
        Path dir = home.resolve("my lessons");
        int count = lessons().size();
        List<String> first = Homework.studentFolder(NOTEBOOKS, dir);
        assertEquals(count, first.size(), first.toString());
        assertTrue(first.stream().allMatch(l -> l.endsWith("new student copy")), first.toString());
        for (Path lesson : lessons()) {
            String copy = Files.readString(dir.resolve(lesson.getFileName()));
            assertFalse(
                    copy.contains("// BEGIN SOLUTION"), lesson + ": a solution reached the copy");
            assertTrue(copy.contains("\"version\" : \"student\""), lesson + " is not marked");
        }

        // the student works on lesson 01 and deletes lesson 02; a second start keeps 01 as
        // it is and brings 02 back
        Path mine = dir.resolve("01-logistic-neuron.ipynb");
        Files.writeString(mine, "{\"cells\": [], \"my\": \"work\"}");
        Files.delete(dir.resolve("02-mlp-backprop.ipynb"));
        List<String> second = Homework.studentFolder(NOTEBOOKS, dir);
        assertEquals("{\"cells\": [], \"my\": \"work\"}", Files.readString(mine));
        assertTrue(
                second.contains("01-logistic-neuron: your copy, kept as it is"), second.toString());
        assertTrue(second.contains("02-mlp-backprop: new student copy"), second.toString());
        assertTrue(Files.exists(dir.resolve("02-mlp-backprop.ipynb")));
    }

    @Test
    void theKitsOwnLessonsAreNotTouched(@TempDir Path home) throws Exception {
        Path lesson = NOTEBOOKS.resolve("01-logistic-neuron.ipynb");
        String before = Files.readString(lesson);
        long modified = Files.getLastModifiedTime(lesson).toMillis();
        Homework.studentFolder(NOTEBOOKS, home.resolve("copies"));
        assertEquals(before, Files.readString(lesson));
        assertEquals(modified, Files.getLastModifiedTime(lesson).toMillis());
    }

    @Test
    void dirWithoutStudentIsRefusedWithTheCommandToUse() {
        var out = new StringWriter();
        var err = new StringWriter();
        int code =
                Kit.execute(
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        "lab",
                        "--dir",
                        "/tmp/somewhere");
        assertEquals(2, code);
        assertTrue(err.toString().contains("kit lab --student --dir"), err.toString());
    }

    @Test
    void theDefaultFolderIsInTheUsersHome() {
        assertEquals(
                Path.of(System.getProperty("user.home"), "dlkit-lessons"), Kit.Lab.studentHome());
    }
}
