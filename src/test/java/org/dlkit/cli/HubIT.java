package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dlkit.data.Programs;
import org.junit.jupiter.api.Test;

/**
 * A class on one server, as {@code kit hub} starts it: JupyterHub on loopback with test users (the
 * hub's dummy authenticator), five students logging in through the login form at the same moment,
 * each with the students' copies placed in their home, each running lesson 04 in quick mode in a
 * dlkit kernel of their own server, all at once on this machine's cores. Every student must finish
 * with every check passing; the wall time and each kernel's peak resident memory are printed. Then
 * {@code kit collect} brings their copies of the lesson back for grading.
 */
class HubIT {
    static final List<String> STUDENTS = List.of("ada", "bo", "cy", "di", "ed");

    @Test
    void fiveStudentsRunLesson04AtOnce() throws Exception {
        Optional<Jupyter> found = Jupyter.find();
        if (found.isEmpty()) fail(Jupyter.missingMessage(Jupyter.isRoot()));
        Path program =
                Hub.find()
                        .orElseGet(
                                () ->
                                        fail(
                                                "JupyterHub was not found: apt-get install -y "
                                                        + String.join(" ", Hub.APT_PACKAGES)));
        Home home = new Home(LessonFiles.root());
        Path dir = Files.createTempDirectory("dlkit-hub");
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String password = "class-of-" + Long.toHexString(System.nanoTime());
        String token = "teacher-" + java.util.UUID.randomUUID();
        var launch =
                Hub.prepare(
                        home,
                        found.get(),
                        program,
                        new Hub.Settings(
                                dir,
                                "127.0.0.1",
                                port,
                                "dummy",
                                password,
                                List.of(),
                                true,
                                null,
                                1));
        Path log = dir.resolve("hub.log");
        var pb =
                new ProcessBuilder(launch.command())
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        pb.environment().putAll(launch.env());
        pb.environment().put("DLKIT_HUB_API_TOKEN", token);
        Process hub = pb.start();
        try {
            String url = "http://127.0.0.1:" + port;
            waitForLogin(url, hub, log);

            Path driver = dir.resolve("hub_students.py");
            try (var in = HubIT.class.getResourceAsStream("hub_students.py")) {
                Files.write(driver, in.readAllBytes());
            }
            Path out = dir.resolve("students.json");
            var cmd =
                    new ArrayList<>(
                            List.of(
                                    found.get().python().toString(),
                                    driver.toString(),
                                    url,
                                    password,
                                    token,
                                    home.notebooks().resolve("04-mnist-mlp.ipynb").toString(),
                                    out.toString()));
            cmd.addAll(STUDENTS);
            var ran = Programs.capture(cmd, dir, Map.of(), 1500);
            assertTrue(
                    ran.ok() && Files.isRegularFile(out),
                    () ->
                            "the students' driver failed (exit "
                                    + ran.exitCode()
                                    + "):\n"
                                    + ran.stderr()
                                    + "\nhub log:\n"
                                    + tail(log)
                                    + "\n(kept in "
                                    + keep(dir)
                                    + ")");
            JsonNode result = new ObjectMapper().readTree(out.toFile());
            var problems = new ArrayList<String>();
            var memory = new ArrayList<String>();
            for (JsonNode s : result.get("students")) {
                if (!s.path("ok").asBoolean())
                    problems.add(s.path("user").asText("?") + ": " + s.path("error").asText());
                memory.add(
                        String.format(
                                "%s %d MB (server %.1f s, kernel ready %.1f s, first cell answered at %.1f s, lesson %.1f s)",
                                s.path("user").asText(),
                                s.path("peak_rss_mb").asInt(),
                                s.path("server_seconds").asDouble(),
                                s.path("ready_seconds").asDouble(),
                                s.path("first_cell_seconds").asDouble(),
                                s.path("lesson_seconds").asDouble()));
            }
            System.out.printf(
                    "hub: %d students ran 04-mnist-mlp (quick) at once in %.1f s; peak resident memory per kernel: %s%n",
                    STUDENTS.size(),
                    result.get("wall_seconds").asDouble(),
                    String.join("; ", memory));
            if (!problems.isEmpty()) {
                Path kept = keep(dir);
                fail(
                        String.join("\n", problems)
                                + "\nhub log:\n"
                                + tail(log)
                                + "\n(the hub's log, the students' results and any thread dumps: "
                                + kept
                                + ")");
            }

            // each student got the students' copies, and only those
            int lessons = NotebookRunner.lessons(home.notebooks()).size();
            for (String s : STUDENTS) {
                Path mine = launch.homes().resolve(s).resolve(Hub.LESSONS);
                assertEquals(lessons, NotebookRunner.lessons(mine).size(), s + "'s lessons");
                for (Path nb : NotebookRunner.lessons(mine)) {
                    String text = Files.readString(nb);
                    assertFalse(
                            text.contains("// BEGIN SOLUTION")
                                    || text.contains("// BEGIN HIDDEN TESTS"),
                            s + "'s " + nb.getFileName() + " holds the teacher's version");
                }
            }

            // kit collect: every student's copy of the lesson, in one folder for kit grade
            Path submissions = dir.resolve("submissions");
            var lines = Hub.collect(launch.homes(), "04-mnist-mlp", submissions);
            assertEquals(
                    STUDENTS.size(),
                    lines.stream().filter(l -> l.contains("→")).count(),
                    String.join("\n", lines));
            for (String s : STUDENTS)
                assertEquals(
                        Files.readString(
                                launch.homes()
                                        .resolve(s)
                                        .resolve(Hub.LESSONS)
                                        .resolve("04-mnist-mlp.ipynb")),
                        Files.readString(submissions.resolve(s + ".ipynb")));
        } finally {
            hub.descendants().forEach(ProcessHandle::destroy);
            hub.destroy();
            if (!hub.waitFor(30, TimeUnit.SECONDS)) {
                hub.descendants().forEach(ProcessHandle::destroyForcibly);
                hub.destroyForcibly();
            }
        }
    }

    /** The hub's log, the students' results and thread dumps, copied to build/hub for a reader. */
    private static Path keep(Path dir) {
        Path to = LessonFiles.root().resolve("build").resolve("hub");
        try {
            Files.createDirectories(to);
            try (var files = Files.list(dir)) {
                for (Path f : files.toList())
                    if (Files.isRegularFile(f)
                            && f.getFileName().toString().matches(".*\\.(log|json|txt)"))
                        Files.copy(
                                f,
                                to.resolve(f.getFileName()),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.io.IOException e) {
            return Path.of("(not kept: " + e.getMessage() + ")");
        }
        return to;
    }

    private static void waitForLogin(String url, Process hub, Path log) throws Exception {
        var http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        long until = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < until) {
            if (!hub.isAlive()) fail("the hub stopped at its start:\n" + tail(log));
            try {
                var r =
                        http.send(
                                HttpRequest.newBuilder(URI.create(url + "/hub/login"))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (java.io.IOException notYet) {
                // the proxy is not listening yet
            }
            Thread.sleep(500);
        }
        fail("the hub's login page did not answer within 120 s:\n" + tail(log));
    }

    /**
     * The log's last 40 lines, after any line of a JVM's fatal-error report (a kernel that crashed
     * prints its summary there, the rest to hs_err_pid*.log in the notebook's folder).
     */
    private static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log);
            var crashes =
                    lines.stream()
                            .filter(
                                    l ->
                                            l.contains("A fatal error has been detected")
                                                    || l.contains("SIGSEGV")
                                                    || l.contains("Problematic frame")
                                                    || l.startsWith("# C  ")
                                                    || l.startsWith("# J ")
                                                    || l.contains("hs_err_pid"))
                            .limit(30)
                            .toList();
            return (crashes.isEmpty()
                            ? ""
                            : "JVM crash lines:\n" + String.join("\n", crashes) + "\n…\n")
                    + String.join(
                            "\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
