package org.dlkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dlkit.nn.Dense;
import org.dlkit.nn.Init;
import org.dlkit.nn.Network;
import org.dlkit.nn.Relu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir Path dir;

    private static Network net(int hidden, long seed) {
        return new Network(
                "mlp",
                new Dense("h", 4, hidden, Init.HE, seed),
                new Relu("r"),
                new Dense("out", hidden, 3, Init.HE, seed + 1));
    }

    @Test
    void roundTripRestoresEveryParameter() throws IOException {
        var a = net(5, 1);
        var b = net(5, 2);
        assertNotEquals(a.params().get(0).value(), b.params().get(0).value());
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(a, f);
        Checkpoint.load(b, f);
        for (int i = 0; i < a.params().size(); i++)
            assertEquals(a.params().get(i).value(), b.params().get(i).value());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aDifferentArchitectureIsNamed() throws IOException {
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(net(5, 1), f);
        var other = net(6, 1);
        var before = other.params().get(0).value().dup();
        var e = assertThrows(IOException.class, () -> Checkpoint.load(other, f));
        assertTrue(
                e.getMessage().contains("h.W with shape [4, 5] but the network's is [4, 6]"),
                e.getMessage());
        assertEquals(before, other.params().get(0).value(), "a failed load changes nothing");
    }

    @Test
    void truncatedCorruptAndForeignFilesAreNamed() throws IOException {
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(net(5, 1), f);
        byte[] bytes = Files.readAllBytes(f);

        Path cut = dir.resolve("cut.ckpt");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        var e = assertThrows(IOException.class, () -> Checkpoint.load(net(5, 1), cut));
        assertTrue(e.getMessage().contains("cut.ckpt: truncated"), e.getMessage());

        Path flipped = dir.resolve("flipped.ckpt");
        byte[] copy = bytes.clone();
        copy[copy.length - 20] ^= 0x55;
        Files.write(flipped, copy);
        e = assertThrows(IOException.class, () -> Checkpoint.load(net(5, 1), flipped));
        assertTrue(e.getMessage().contains("flipped.ckpt: corrupt"), e.getMessage());

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        e = assertThrows(IOException.class, () -> Checkpoint.load(net(5, 1), text));
        assertTrue(e.getMessage().contains("not a dlkit checkpoint"), e.getMessage());
    }

    @Test
    void aFileWhereAFolderShouldBeIsNamedAndNothingIsWritten() throws IOException {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "my notes");
        for (Path target :
                new Path[] {notes.resolve("model.ckpt"), notes.resolve("a/b/model.ckpt")}) {
            var e = assertThrows(IOException.class, () -> Checkpoint.save(net(5, 1), target));
            assertEquals(
                    "cannot save a checkpoint to "
                            + target
                            + ": "
                            + notes
                            + " is a file, not a folder",
                    e.getMessage());
        }
        var e = assertThrows(IOException.class, () -> Checkpoint.save(net(5, 1), dir));
        assertEquals(
                "cannot save a checkpoint to " + dir + ": that is a folder, not a file",
                e.getMessage());
        assertEquals("my notes", Files.readString(notes), "the file in the way is untouched");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "nothing else was written");
        }
    }

    @Test
    void trainOnceTrainsThenLoadsWhatItKept() throws IOException {
        Path f = dir.resolve("kept").resolve("mlp-seed-1.ckpt");
        var first = net(5, 1);
        int[] trainings = {0};
        Runnable training =
                () -> {
                    trainings[0]++;
                    first.params().get(0).set(first.params().get(0).value().add(1));
                };
        var trained = Checkpoint.trainOnce(first, f, training);
        assertEquals(false, trained.loaded());
        assertEquals(1, trainings[0]);
        assertTrue(trained.minutes() >= 0 && trained.minutes() < 1, "minutes " + trained.minutes());
        assertTrue(Files.exists(f.resolveSibling("mlp-seed-1.ckpt.minutes")));

        // a new kernel: the same network, not trained yet; its training must not run again
        var second = net(5, 1);
        var again =
                Checkpoint.trainOnce(
                        second,
                        f,
                        () -> {
                            throw new AssertionError("a kept network was trained again");
                        });
        assertTrue(again.loaded());
        assertEquals(trained.minutes(), again.minutes(), 1e-12);
        for (int i = 0; i < first.params().size(); i++)
            assertEquals(first.params().get(i).value(), second.params().get(i).value());
    }

    @Test
    void trainOnceNamesAKeptFileThatDoesNotFit() throws IOException {
        Path f = dir.resolve("mlp.ckpt");
        Checkpoint.trainOnce(net(5, 1), f, () -> {});
        var e = assertThrows(IOException.class, () -> Checkpoint.trainOnce(net(6, 1), f, () -> {}));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("delete it to train the network anew"), e.getMessage());
    }

    @Test
    void trainOnceKeepsTheTrainedNetworkWhenItCannotSaveIt() throws IOException {
        Files.writeString(dir.resolve("file"), "in the way");
        var net = net(5, 1);
        var trained = Checkpoint.trainOnce(net, dir.resolve("file").resolve("mlp.ckpt"), () -> {});
        assertEquals(false, trained.loaded());
    }
}
