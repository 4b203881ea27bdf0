package org.dlkit.data;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Running other programs — npm and apt-get for data, Jupyter, Maven and the JVM for the kit — the
 * one place the kit starts a process: capture what a program prints, send it to a log, or hand it
 * the terminal.
 */
public final class Programs {
    private Programs() {}

    /** A program that could not be started (not installed, not on PATH). */
    public static final int NOT_FOUND = 127;

    /** A program stopped because it ran out of time. */
    public static final int TIMED_OUT = 124;

    /** A program stopped because this thread was interrupted (the interrupt flag stays set). */
    public static final int INTERRUPTED = 130;

    /** What a finished program printed. */
    public record Output(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Runs a command to completion in {@code dir} (null: the current folder), capturing what it
     * prints. A program that cannot start gives {@link #NOT_FOUND}, with the reason as its stderr;
     * one that takes longer than the timeout is stopped and gives {@link #TIMED_OUT}.
     */
    public static Output capture(
            List<String> command, Path dir, Map<String, String> env, long timeoutSeconds) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("kit-out", ".txt");
            err = Files.createTempFile("kit-err", ".txt");
            Process p;
            try {
                p =
                        builder(command, dir, env)
                                .redirectOutput(out.toFile())
                                .redirectError(err.toFile())
                                .start();
            } catch (IOException e) {
                return new Output(NOT_FOUND, "", cannotStart(command, e));
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Output(
                        TIMED_OUT,
                        Files.readString(out, StandardCharsets.UTF_8),
                        "'"
                                + String.join(" ", command)
                                + "' took more than "
                                + timeoutSeconds
                                + " s");
            }
            return new Output(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Output(NOT_FOUND, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Output(INTERRUPTED, "", "interrupted");
        } finally {
            delete(out);
            delete(err);
        }
    }

    /** {@link #capture(List, Path, Map, long)} here, with no extra environment, for 2 minutes. */
    public static Output capture(String... command) {
        return capture(List.of(command), null, Map.of(), 120);
    }

    /**
     * Runs a command to completion with what it prints (stdout and stderr together) written to
     * {@code log}; returns its exit code.
     *
     * @throws IOException when the program cannot start, saying which
     */
    public static int logged(List<String> command, Path dir, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        Process p;
        try {
            p =
                    builder(command, dir, env)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
        } catch (IOException e) {
            throw new IOException(cannotStart(command, e), e);
        }
        return p.waitFor();
    }

    /**
     * Runs a command with this terminal as its input and output; returns its exit code ({@link
     * #INTERRUPTED} when interrupted).
     *
     * @throws UncheckedIOException when the program cannot start, saying which
     */
    public static int inherit(List<String> command, Path dir, Map<String, String> env) {
        Process p;
        try {
            p = builder(command, dir, env).inheritIO().start();
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(cannotStart(command, e), e));
        }
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            return INTERRUPTED;
        }
    }

    /** The executable called name on PATH, if any. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static ProcessBuilder builder(List<String> command, Path dir, Map<String, String> env) {
        var pb = new ProcessBuilder(new ArrayList<>(command));
        if (dir != null) pb.directory(dir.toFile());
        pb.environment().putAll(env);
        return pb;
    }

    private static String cannotStart(List<String> command, IOException e) {
        return "could not start '"
                + command.get(0)
                + "': it is not installed or not on PATH ("
                + e.getMessage()
                + ")";
    }

    private static void delete(Path p) {
        try {
            if (p != null) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary file left behind is not worth failing for
        }
    }
}
