package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kit hub's configuration and kit collect, without starting a hub (HubIT starts one). */
class HubTest {
    @TempDir Path dir;

    private Hub.Settings settings(String auth) {
        return new Hub.Settings(
                dir, "127.0.0.1", 8123, auth, "pw", List.of("teacher"), false, "2G", 1);
    }

    @Test
    void theConfigurationKeepsTheHubOnLoopbackAndItsPortsTogether() {
        String py = Hub.config(settings("pam"), dir, dir.resolve("lessons"), dir.resolve("homes"));
        assertTrue(py.contains("c.JupyterHub.ip = '127.0.0.1'"), py);
        assertTrue(py.contains("c.JupyterHub.port = 8123"), py);
        assertTrue(py.contains("c.JupyterHub.hub_port = 8124"), py);
        assertTrue(py.contains("api_url = 'http://127.0.0.1:8125'"), py);
        assertTrue(py.contains("PAMAuthenticator") && py.contains("LocalProcessSpawner'"), py);
        assertTrue(py.contains("c.Authenticator.admin_users = set(['teacher'])"), py);
        assertTrue(py.contains("c.Spawner.mem_limit = '2G'"), py);
        assertFalse(py.contains("DLKIT_QUICK"), "a class runs the full lessons");
        assertTrue(py.contains("'OMP_NUM_THREADS': '1'}"), "one ND4J thread per student: " + py);
        String test =
                Hub.config(settings("dummy"), dir, dir.resolve("lessons"), dir.resolve("homes"));
        assertTrue(
                test.contains("DummyAuthenticator") && test.contains("SimpleLocalProcessSpawner"),
                test);
        assertFalse(test.contains("'pw'"), "the password comes from the environment, not the file");
    }

    /**
     * The pre-spawn hook, run by Python on a stand-in spawner: copies placed, the student's work
     * kept.
     */
    @Test
    void theFirstLoginPlacesTheLessonsAndLaterOnesKeepTheStudentsWork() throws Exception {
        Path lessons = Files.createDirectories(dir.resolve("lessons"));
        Files.writeString(lessons.resolve("00-welcome.ipynb"), "student copy 00");
        Files.writeString(lessons.resolve("01-logistic-neuron.ipynb"), "student copy 01");
        Path homes = Files.createDirectories(dir.resolve("homes"));
        String py = Hub.config(settings("dummy"), dir, lessons, homes);
        Path config = dir.resolve("jupyterhub_config.py");
        Files.writeString(config, py);
        Path home = homes.resolve("ada");
        Path run = dir.resolve("hook.py");
        Files.writeString(
                run,
                """
                import os, sys, types
                class Conf(dict):
                    def __getattr__(self, k):
                        return self.setdefault(k, Conf())
                    def __setattr__(self, k, v):
                        self[k] = v
                c = Conf()
                os.environ['DLKIT_HUB_PASSWORD'] = 'x'
                exec(open(sys.argv[1]).read(), {'get_config': lambda: c})
                spawner = types.SimpleNamespace(home_dir=sys.argv[2], user=types.SimpleNamespace(name='ada'))
                c.Spawner.pre_spawn_hook(spawner)
                """);
        var first =
                new ProcessBuilder("python3", run.toString(), config.toString(), home.toString())
                        .start();
        assertEquals(
                0,
                first.waitFor(),
                new String(first.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        Path mine = home.resolve(Hub.LESSONS);
        assertEquals("student copy 00", Files.readString(mine.resolve("00-welcome.ipynb")));
        Files.writeString(mine.resolve("00-welcome.ipynb"), "ada's work");
        Files.delete(mine.resolve("01-logistic-neuron.ipynb"));
        var again =
                new ProcessBuilder("python3", run.toString(), config.toString(), home.toString())
                        .start();
        assertEquals(
                0,
                again.waitFor(),
                new String(again.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("ada's work", Files.readString(mine.resolve("00-welcome.ipynb")));
        assertEquals(
                "student copy 01",
                Files.readString(mine.resolve("01-logistic-neuron.ipynb")),
                "a deleted lesson comes back");
        try (var left = Files.list(mine)) {
            assertEquals(2, left.count(), "no .part file is left");
        }
    }

    @Test
    void collectBringsEachStudentsCopyAndNamesWhoHasNone() throws Exception {
        Path homes = dir.resolve("homes");
        for (String s : List.of("ada", "bo"))
            Files.createDirectories(homes.resolve(s).resolve(Hub.LESSONS));
        Files.writeString(
                homes.resolve("ada").resolve(Hub.LESSONS).resolve("04-mnist-mlp.ipynb"), "{ada}");
        Files.createDirectories(homes.resolve("cy")); // not a student of the hub: no lessons folder
        var lines = Hub.collect(homes, "04-mnist-mlp", dir.resolve("out"));
        assertEquals(
                List.of(
                        "ada → " + dir.resolve("out").resolve("ada.ipynb"),
                        "bo: no 04-mnist-mlp.ipynb"),
                lines);
        assertEquals("{ada}", Files.readString(dir.resolve("out").resolve("ada.ipynb")));
        var e =
                assertThrows(
                        KitException.class,
                        () ->
                                Hub.collect(
                                        dir.resolve("nowhere"),
                                        "04-mnist-mlp",
                                        dir.resolve("out")));
        assertTrue(e.getMessage().contains("--homes"), e.getMessage());
    }

    @Test
    void kitHubRefusesADummyHubWithoutAPassword() {
        var err = new java.io.StringWriter();
        int rc =
                Kit.execute(
                        new java.io.PrintWriter(new java.io.StringWriter()),
                        new java.io.PrintWriter(err, true),
                        "hub",
                        "--auth",
                        "dummy");
        assertEquals(2, rc);
        assertTrue(err.toString().contains("--password"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(
                2,
                Kit.execute(
                        new java.io.PrintWriter(new java.io.StringWriter()),
                        new java.io.PrintWriter(err, true),
                        "hub",
                        "--auth",
                        "ldap"));
        assertTrue(err.toString().contains("pam or dummy"), err.toString());
    }
}
