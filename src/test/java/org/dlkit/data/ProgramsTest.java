package org.dlkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramsTest {

    @Test
    void captureKeepsBothStreamsTheExitCodeTheFolderAndTheEnvironment(@TempDir Path dir) {
        var r =
                Programs.capture(
                        List.of("sh", "-c", "echo out $WHO; pwd; echo err >&2; exit 3"),
                        dir,
                        Map.of("WHO", "dlkit"),
                        30);
        assertEquals(3, r.exitCode());
        assertEquals("out dlkit\n" + dir.toAbsolutePath() + "\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertTrue(Programs.capture("true").ok());
    }

    @Test
    void aMissingProgramAndASlowOneAreNamed() {
        var missing = Programs.capture(List.of("/no/such/program"), null, Map.of(), 10);
        assertEquals(Programs.NOT_FOUND, missing.exitCode());
        assertTrue(
                missing.stderr().contains("could not start '/no/such/program'"), missing.stderr());
        long start = System.nanoTime();
        var slow = Programs.capture(List.of("sleep", "30"), null, Map.of(), 1);
        assertEquals(Programs.TIMED_OUT, slow.exitCode());
        assertTrue(slow.stderr().contains("'sleep 30' took more than 1 s"), slow.stderr());
        assertTrue((System.nanoTime() - start) / 1e9 < 10, "stopped, not waited for");
        var e =
                assertThrows(
                        UncheckedIOException.class,
                        () -> Programs.inherit(List.of("/no/such/program"), null, Map.of()));
        assertTrue(e.getCause().getMessage().contains("not installed or not on PATH"));
    }

    @Test
    void loggedSendsBothStreamsToTheLog(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path log = dir.resolve("log.txt");
        int rc =
                Programs.logged(
                        List.of("sh", "-c", "echo one; echo two >&2; exit 1"), dir, Map.of(), log);
        assertEquals(1, rc);
        assertEquals(List.of("one", "two"), Files.readAllLines(log));
        assertThrows(
                IOException.class,
                () -> Programs.logged(List.of("/no/such/program"), dir, Map.of(), log));
    }
}
