package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class KitTest {

    private record Outcome(int code, String out, String err) {}

    private static Outcome kit(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Kit.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void unknownSubcommandIsAnArgumentErrorThatNamesIt() {
        var r = kit("frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("frobnicate"), r.err());
        assertTrue(
                r.err().contains("Run 'kit --help'"), "a pointer to the help follows: " + r.err());
    }

    @Test
    void unknownOptionIsAnArgumentError() {
        var r = kit("run", "--fast");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--fast"), r.err());
    }

    @Test
    void kernelInstallTakesOneLocationOnly() {
        var r = kit("kernel", "install", "--user", "--sys-prefix");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
    }

    @Test
    void helpListsEveryCommand() {
        var r = kit("--help");
        assertEquals(0, r.code());
        for (String c :
                new String[] {
                    "setup", "lab", "run", "kernel", "test", "bench", "student", "grade"
                }) {
            assertTrue(r.out().contains(c), c + " missing from: " + r.out());
        }
    }

    @Test
    void everyCommandTakesTheHelpItsErrorsPointTo() {
        for (String[] c :
                new String[][] {
                    {"setup"},
                    {"lab"},
                    {"run"},
                    {"kernel"},
                    {"kernel", "install"},
                    {"test"},
                    {"bench"},
                    {"student"},
                    {"grade"}
                }) {
            var args = new java.util.ArrayList<>(java.util.List.of(c));
            args.add("--help");
            var r = kit(args.toArray(String[]::new));
            assertEquals(0, r.code(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.out().contains("Usage: kit " + String.join(" ", c)), r.out());
        }
        var wrong = kit("student", "--frobnicate");
        assertTrue(wrong.err().contains("Run 'kit student --help'"), wrong.err());
    }

    @Test
    void sparkRefusesBadSettingsBeforeStartingAnything() {
        var r = kit("spark", "--workers", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--workers must be at least 1, got 0"), r.err());
        r = kit("spark", "--network", "resnet");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--network must be mlp or cnn, got resnet"), r.err());
        r = kit("spark", "--digits", "60000");
        assertEquals(2, r.code());
        assertTrue(
                r.err().contains("between 64 (a batch per worker) and 50 000, got 60000"), r.err());
        r = kit("spark", "--eta", "-1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--eta must be positive"), r.err());
    }

    @Test
    void sparkPassesItsSettingsToItsOwnJvm() {
        var o = new SparkMnist.Options();
        new picocli.CommandLine(
                        new Object() {
                            @picocli.CommandLine.Mixin SparkMnist.Options options = o;
                        })
                .parseArgs("--workers", "3", "--local-steps", "0", "--master", "spark://h:7077");
        var args = o.args();
        assertEquals("spark://h:7077", args.get(args.indexOf("--master") + 1));
        assertEquals("3", args.get(args.indexOf("--workers") + 1));
        assertEquals("0", args.get(args.indexOf("--local-steps") + 1));
        assertEquals("cnn", args.get(args.indexOf("--network") + 1));
    }

    @Test
    void aPortOutsideTcpsRangeIsRefusedBeforeAnythingStarts() {
        var r = kit("lab", "--port", "99999", "--no-browser");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--port takes a TCP port from 1 to 65535, not 99999"), r.err());
        r = kit("hub", "--port", "65534", "--auth", "dummy", "--password", "x");
        assertEquals(2, r.code());
        assertTrue(
                r.err().contains("from 1 to 65533 (the next 2 are used too), not 65534"), r.err());
        r = kit("lab", "--port", "0", "--no-browser");
        assertEquals(2, r.code());
    }

    @Test
    void benchRejectsANonPositiveBatchCount() {
        var r = kit("bench", "--batches", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--batches must be positive, got 0"), r.err());
        // a batch size of 0 is no size, not "each network's own" (leaving --batch out is that)
        r = kit("bench", "--batch", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--batch must be positive, got 0"), r.err());
    }

    @Test
    void benchRejectsAnUnknownNetworkNamingTheChoices() {
        var r = kit("bench", "--network", "cnn,resnet");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no bench network 'resnet'"), r.err());
        assertTrue(r.err().contains("sda-pretrain"), r.err());
        r = kit("bench", "--torch-batches", "-1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--torch-batches must be 0 or more"), r.err());
    }

    @Test
    void benchTableSharesAddUpToAHundred() {
        var layers =
                java.util.List.<org.dlkit.nn.Layer>of(
                        new org.dlkit.nn.Relu("a"), new org.dlkit.nn.Relu("b"));
        var t =
                Bench.table(
                        layers,
                        new Bench.Times(
                                new long[] {1_000_000, 2_000_000},
                                new long[] {3_000_000, 0},
                                new long[] {4_000_000}),
                        2,
                        64);
        assertEquals(0.5, t.doubleColumn("forward ms").get(0), 1e-9, "milliseconds per batch");
        assertEquals(100.0, t.doubleColumn("share %").sum(), 1e-6);
        assertEquals("loss, zeroGrad, optimiser", t.stringColumn("layer").get(2));
    }

    @Test
    void gradingSomethingThatIsNotANotebookSaysSoBeforeStartingJupyter(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var notes = dir.resolve("notes.ipynb");
        java.nio.file.Files.writeString(notes, "my homework, as plain text");
        var r = kit("grade", notes.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("notes.ipynb is not a Jupyter notebook"), r.err());
        var r2 = kit("grade", dir.resolve("missing.ipynb").toString());
        assertEquals(2, r2.code());
        assertTrue(r2.err().contains("no submission at"), r2.err());
    }

    @Test
    void theLessonOfASubmissionIsOneOfTheKitsLessonsByName(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var plain = json.readTree("{\"cells\": [], \"metadata\": {}}");
        java.nio.file.Files.writeString(dir.resolve("08-x.ipynb"), "{}");
        var e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        KitException.class,
                        () -> Homework.lessonName(dir, plain, "homework-alice", null));
        assertTrue(e.getMessage().contains("give --lesson NAME"), e.getMessage());
        assertEquals("08-x", Homework.lessonName(dir, plain, "08-x-alice", null));
        assertEquals("08-x", Homework.lessonName(dir, plain, "anything", "08-x.ipynb"));
        var marked =
                json.readTree("{\"cells\": [], \"metadata\": {\"dlkit\": {\"lesson\": \"08-x\"}}}");
        assertEquals("08-x", Homework.lessonName(dir, marked, "renamed", null));

        // a submission that names its own file (or any path) as its lesson is refused
        java.nio.file.Path own = dir.resolve("sneaky.ipynb");
        java.nio.file.Files.writeString(own, "{}");
        var selfNamed =
                json.readTree(
                        "{\"cells\": [], \"metadata\": {\"dlkit\": {\"lesson\": \""
                                + own
                                + "\"}}}");
        var refused =
                org.junit.jupiter.api.Assertions.assertThrows(
                        KitException.class,
                        () -> Homework.lessonName(dir, selfNamed, "08-x-sneaky", null));
        assertTrue(
                refused.getMessage().contains("is not one of the kit's lessons"),
                refused.getMessage());
        var givenPath =
                org.junit.jupiter.api.Assertions.assertThrows(
                        KitException.class,
                        () -> Homework.lessonName(dir, plain, "08-x-a", own.toString()));
        assertTrue(givenPath.getMessage().contains("08-x"), givenPath.getMessage());
    }

    /**
     * A full-mode cell may train for hours: lesson 12's ensemble cell trains four networks, about
     * two hours on the 2-core test machine, and with the hour quick mode allows it was stopped.
     */
    @Test
    void aFullModeCellMayRunForHoursAQuickOneForAnHour() {
        assertEquals(3600, Kit.Run.defaultCellTimeout(true));
        assertTrue(Kit.Run.defaultCellTimeout(false) >= 4 * 3600, "full mode");
        assertTrue(
                kit("run", "--help")
                        .out()
                        .replaceAll("\\s+", " ")
                        .contains("21600 for kit run in full mode"),
                "the help says so");
    }

    @Test
    void gradingRefusesATimeoutThatIsNotPositiveBeforeAnythingRuns() {
        for (String t : new String[] {"0", "-5"}) {
            var r = kit("grade", "--timeout", t, "nothing.ipynb");
            assertEquals(2, r.code(), r.err());
            assertTrue(
                    r.err().contains("--timeout must be a positive number of seconds (got " + t),
                    r.err());
            r = kit("run", "--timeout", t, "00-welcome");
            assertEquals(2, r.code(), "kit run too: " + r.err());
            assertTrue(r.err().contains("--timeout must be a positive number"), r.err());
        }
        var r = kit("grade", "--setup-timeout", "0", "nothing.ipynb");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--setup-timeout must be a positive number"), r.err());
    }

    @Test
    void runningAMissingNotebookNamesItAndListsTheLessons(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("00-welcome.ipynb"), "{}");
        var e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        KitException.class, () -> NotebookRunner.resolve(dir, "missing.ipynb"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("no notebook 'missing.ipynb'"), e.getMessage());
        assertTrue(e.getMessage().contains("00-welcome"), e.getMessage());
        assertEquals(dir.resolve("00-welcome.ipynb"), NotebookRunner.resolve(dir, "00-welcome"));
    }

    @Test
    void runningAFileThatIsNotJsonSaysSoAndLeavesTheSiteAlone(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var notes = dir.resolve("lesson.ipynb");
        java.nio.file.Files.writeString(notes, "print('hello')\n");
        var index = Home.locate().build().resolve("site").resolve("index.html");
        var before =
                java.nio.file.Files.exists(index)
                        ? java.nio.file.Files.getLastModifiedTime(index)
                        : null;
        var r = kit("run", "--quick", notes.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("kit: " + notes + " is not a Jupyter notebook: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertEquals(
                before,
                java.nio.file.Files.exists(index)
                        ? java.nio.file.Files.getLastModifiedTime(index)
                        : null,
                "build/site/index.html was not rewritten");
    }

    @Test
    void foldersThatCannotBeWrittenAreNamedInOneLine(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var file = dir.resolve("a-file");
        java.nio.file.Files.writeString(file, "in the way");
        var copies = file.resolve("copies");
        var r = kit("student", "--out", copies.toString(), "00-welcome");
        assertEquals(2, r.code(), r.err());
        assertEquals(
                "kit: cannot use "
                        + copies
                        + " as the folder for the students' copies: "
                        + file
                        + " is a file, not a folder",
                r.err().strip());
        r = kit("kernel", "install", "--prefix", file.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(
                r.err().startsWith("kit: cannot use " + file.resolve("share/jupyter/kernels"))
                        && r.err().strip().endsWith(file + " is a file, not a folder"),
                r.err());
        r = kit("grade", "--out", copies.toString(), dir.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("as the folder for the grades"), r.err());
        assertEquals("in the way", java.nio.file.Files.readString(file));
    }
}
