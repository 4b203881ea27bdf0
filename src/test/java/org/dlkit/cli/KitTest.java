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
        assertTrue(r.err().contains("Run 'kit --help'"), "a pointer to the help follows: " + r.err());
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
        for (String c : new String[] {"setup", "lab", "run", "kernel", "test"}) {
            assertTrue(r.out().contains(c), c + " missing from: " + r.out());
        }
    }

    @Test
    void runningAMissingNotebookNamesItAndListsTheLessons(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("00-welcome.ipynb"), "{}");
        var e = org.junit.jupiter.api.Assertions.assertThrows(KitException.class, () -> NotebookRunner.resolve(dir, "missing.ipynb"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("no notebook 'missing.ipynb'"), e.getMessage());
        assertTrue(e.getMessage().contains("00-welcome"), e.getMessage());
        assertEquals(dir.resolve("00-welcome.ipynb"), NotebookRunner.resolve(dir, "00-welcome"));
    }
}
