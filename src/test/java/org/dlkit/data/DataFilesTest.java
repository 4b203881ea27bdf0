package org.dlkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFilesTest {
    @TempDir Path dir;

    private Map<String, String> twoFiles(Path source) throws IOException {
        Files.createDirectories(source);
        Files.writeString(source.resolve("a"), "alpha");
        Files.writeString(source.resolve("b"), "beta");
        return Map.of(
                "a",
                DataFiles.sha256(source.resolve("a")),
                "b",
                DataFiles.sha256(source.resolve("b")));
    }

    private static Source offline(String name) {
        return new Source() {
            @Override
            public String describe() {
                return name;
            }

            @Override
            public void fetch(String file, Path target) throws IOException {
                throw new IOException("cannot reach " + name + " (ConnectException)");
            }
        };
    }

    @Test
    void fetchesMissingFilesFromTheFirstSourceThatHasThem() throws IOException {
        var sums = twoFiles(dir.resolve("mirror"));
        Path cache = dir.resolve("cache");
        DataFiles.ensure(
                "toy",
                cache,
                sums,
                List.of(offline("web"), Source.directory(dir.resolve("mirror"))));
        assertEquals("alpha", Files.readString(cache.resolve("a")));
        assertEquals("beta", Files.readString(cache.resolve("b")));
        try (var files = Files.list(cache)) {
            assertEquals(2, files.count(), "no .part file is left");
        }
        // a second call finds everything cached and needs no source
        DataFiles.ensure("toy", cache, sums, List.of());
    }

    @Test
    void offlineWithoutCacheSaysWhatToDo() throws IOException {
        var sums = twoFiles(dir.resolve("mirror"));
        var e =
                assertThrows(
                        IOException.class,
                        () ->
                                DataFiles.ensure(
                                        "toy",
                                        dir.resolve("cache"),
                                        sums,
                                        List.of(offline("web"))));
        assertTrue(e.getMessage().contains("toy is not complete in"), e.getMessage());
        assertTrue(
                e.getMessage().contains("missing: a, b")
                        || e.getMessage().contains("missing: b, a"),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("web: cannot reach web (ConnectException)"),
                e.getMessage());
        assertEquals(
                1,
                e.getMessage().split("cannot reach web", -1).length - 1,
                "each source's answer is said once: " + e.getMessage());
        assertTrue(e.getMessage().contains("Check the network connection"), e.getMessage());
    }

    @Test
    void aChecksumMismatchIsRejectedAndNamed() throws IOException {
        twoFiles(dir.resolve("mirror"));
        var wrong = Map.of("a", "0".repeat(64));
        var e =
                assertThrows(
                        IOException.class,
                        () ->
                                DataFiles.ensure(
                                        "toy",
                                        dir.resolve("cache"),
                                        wrong,
                                        List.of(Source.directory(dir.resolve("mirror")))));
        assertTrue(
                e.getMessage()
                        .contains(
                                "gave a with SHA-256 "
                                        + DataFiles.sha256(dir.resolve("mirror/a"))
                                        + " but "
                                        + "0".repeat(64)
                                        + " is expected"),
                e.getMessage());
        assertTrue(Files.notExists(dir.resolve("cache/a")), "the bad file was not kept");
    }

    @Test
    void aCorruptCachedFileIsSetAsideAndFetchedAgain() throws IOException {
        var sums = twoFiles(dir.resolve("mirror"));
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.writeString(cache.resolve("a"), "alp");
        DataFiles.ensure("toy", cache, sums, List.of(Source.directory(dir.resolve("mirror"))));
        assertEquals("alpha", Files.readString(cache.resolve("a")));
        assertEquals("alp", Files.readString(cache.resolve("a.corrupt")));
    }

    @Test
    void severalFetchingTheSameFilesAtOnceAllSucceed() throws Exception {
        // five students' kernels opening lesson 04 at the same moment on a fresh hub
        var sums = twoFiles(dir.resolve("mirror"));
        Path cache = dir.resolve("cache");
        Source slow =
                new Source() {
                    @Override
                    public String describe() {
                        return "slow mirror";
                    }

                    @Override
                    public void fetch(String file, Path target) throws IOException {
                        Files.writeString(
                                target,
                                Files.readString(dir.resolve("mirror").resolve(file))
                                        .substring(0, 2));
                        try {
                            Thread.sleep(200); // long enough for every fetch to overlap
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                        Files.copy(
                                dir.resolve("mirror").resolve(file),
                                target,
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                };
        var pool = java.util.concurrent.Executors.newFixedThreadPool(5);
        var results = new java.util.ArrayList<java.util.concurrent.Future<Path>>();
        for (int i = 0; i < 5; i++)
            results.add(pool.submit(() -> DataFiles.ensure("toy", cache, sums, List.of(slow))));
        for (var r : results) r.get(); // none throws
        pool.shutdown();
        assertEquals("alpha", Files.readString(cache.resolve("a")));
        assertEquals("beta", Files.readString(cache.resolve("b")));
        try (var files = Files.list(cache)) {
            assertEquals(
                    List.of("a", "b"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no part file is left");
        }
    }

    @Test
    void filesInSubfoldersKeepTheirPlace() throws IOException {
        // MathJax's fonts live in output/chtml/fonts/woff-v2/ of its package
        Path mirror = dir.resolve("mirror");
        Files.createDirectories(mirror.resolve("fonts/woff"));
        Files.writeString(mirror.resolve("main.js"), "js");
        Files.writeString(mirror.resolve("fonts/woff/a.woff"), "font");
        var sums = new java.util.LinkedHashMap<String, String>();
        sums.put("main.js", DataFiles.sha256(mirror.resolve("main.js")));
        sums.put("fonts/woff/a.woff", DataFiles.sha256(mirror.resolve("fonts/woff/a.woff")));
        Path cache = dir.resolve("cache");
        DataFiles.ensure("toy", cache, sums, List.of(Source.directory(mirror)));
        assertEquals("font", Files.readString(cache.resolve("fonts/woff/a.woff")));
        assertEquals(
                List.of("a.woff"),
                Files.list(cache.resolve("fonts/woff"))
                        .map(p -> p.getFileName().toString())
                        .toList());
    }

    @Test
    void mathJaxSumsArePinned() {
        var sums = DataFiles.checksums("mathjax");
        assertEquals("tex-chtml-full.js", sums.keySet().iterator().next());
        assertEquals(
                23,
                sums.keySet().stream()
                        .filter(f -> f.startsWith("output/chtml/fonts/woff-v2/"))
                        .count());
        sums.values().forEach(s -> assertTrue(s.matches("[0-9a-f]{64}"), s));
    }

    @Test
    void mnistSumsArePinned() {
        var sums = DataFiles.checksums("mnist");
        assertEquals(
                List.of(
                        "train-images-idx3-ubyte",
                        "train-labels-idx1-ubyte",
                        "t10k-images-idx3-ubyte",
                        "t10k-labels-idx1-ubyte"),
                List.copyOf(sums.keySet()));
        sums.values().forEach(s -> assertTrue(s.matches("[0-9a-f]{64}"), s));
    }

    @Test
    void mnistLoadsNielsensSplitFromAFolder() throws IOException {
        Path m = Files.createDirectories(dir.resolve("mnist"));
        Idx.write(
                m.resolve("train-images-idx3-ubyte"),
                new int[] {12, 28, 28},
                IdxTest.pixels(12 * 784));
        Idx.write(
                m.resolve("train-labels-idx1-ubyte"),
                new int[] {12},
                new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1});
        Idx.write(
                m.resolve("t10k-images-idx3-ubyte"),
                new int[] {3, 28, 28},
                IdxTest.pixels(3 * 784));
        Idx.write(m.resolve("t10k-labels-idx1-ubyte"), new int[] {3}, new byte[] {5, 5, 5});
        var mnist = Mnist.load(m);
        assertEquals(10, mnist.train().size());
        assertEquals(2, mnist.validation().size());
        assertEquals(3, mnist.test().size());
        assertEquals(
                List.of(0, 1),
                List.of(
                        Labels.of(mnist.validation().y())[0],
                        Labels.of(mnist.validation().y())[1]));
        assertEquals(784, mnist.train().x().size(1));

        Idx.write(m.resolve("t10k-labels-idx1-ubyte"), new int[] {2}, new byte[] {5, 5});
        var e = assertThrows(IllegalArgumentException.class, () -> Mnist.load(m));
        assertTrue(
                e.getMessage().contains("holds 3 images but")
                        && e.getMessage().contains("holds 2 labels"),
                e.getMessage());
    }

    @Test
    void aFileWrittenAtomicallyHasTheUsualPermissionsNotOwnerOnly(@TempDir Path dir)
            throws IOException {
        Path usual = Files.createFile(dir.resolve("usual")); // what the umask gives a new file
        Path written = dir.resolve("sub").resolve("kept.ckpt");
        DataFiles.writeAtomically(written, new byte[] {1, 2, 3});
        assertEquals(
                Files.getPosixFilePermissions(usual),
                Files.getPosixFilePermissions(written),
                "a checkpoint or a dataset is read by others too (a class on one server)");
    }
}
