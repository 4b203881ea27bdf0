package org.dlkit.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Running other programs: capture what they print, or hand them the terminal. */
final class Procs {
    private Procs() {}

    /** What a finished program printed. */
    record Output(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Runs a command to completion, capturing its output; a missing program gives exit code 127.
     */
    static Output capture(List<String> command, Map<String, String> env, long timeoutSeconds) {
        try {
            var pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            Path out = Files.createTempFile("kit-out", ".txt");
            Path err = Files.createTempFile("kit-err", ".txt");
            try {
                Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Output(
                            124,
                            Files.readString(out),
                            "timed out after " + timeoutSeconds + " s: " + command);
                }
                return new Output(
                        p.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Output(127, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Output(130, "", "interrupted");
        }
    }

    static Output capture(String... command) {
        return capture(List.of(command), Map.of(), 120);
    }

    /** Runs a command with this terminal as its input and output; returns its exit code. */
    static int inherit(List<String> command, Path dir, Map<String, String> env) {
        try {
            var pb = new ProcessBuilder(command).inheritIO();
            if (dir != null) pb.directory(dir.toFile());
            pb.environment().putAll(env);
            return pb.start().waitFor();
        } catch (IOException e) {
            throw new KitException("could not start " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The executable called name on PATH, if any. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
