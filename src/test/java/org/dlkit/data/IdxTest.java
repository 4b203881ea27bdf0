package org.dlkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir Path dir;

    static byte[] pixels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 37);
        return b;
    }

    @Test
    void writeThenReadImagesAndLabels() throws IOException {
        Path images = dir.resolve("images");
        Files.createDirectories(dir);
        Idx.write(
                images,
                new int[] {3, 2, 2},
                new byte[] {0, (byte) 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8});
        var idx = Idx.read(images);
        assertArrayEquals(new int[] {3, 2, 2}, idx.dims());
        var rows = idx.imageRows();
        assertArrayEquals(new long[] {3, 4}, rows.shape());
        assertArrayEquals(new float[] {0f, 1f, 0.2f, 0.4f}, rows.getRow(0).toFloatVector(), 1e-6f);

        Path labels = dir.resolve("labels");
        Idx.write(labels, new int[] {3}, new byte[] {7, 0, 9});
        assertArrayEquals(new int[] {7, 0, 9}, Idx.read(labels).labels(10));
    }

    /**
     * MNIST-sized rows are made in blocks of rows: every value lands in its place, past a block.
     */
    @Test
    void manyImagesAreConvertedEveryValueInItsPlace() throws IOException {
        int n = 3_001, side = 28, d = side * side;
        byte[] data = new byte[n * d];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31 + i / d);
        Path images = dir.resolve("many");
        Idx.write(images, new int[] {n, side, side}, data);
        float[] rows = Idx.read(images).imageRows().reshape(-1).toFloatVector();
        assertEquals(data.length, rows.length);
        for (int i = 0; i < data.length; i++)
            if (rows[i] != (data[i] & 0xff) / 255f)
                fail(
                        "value "
                                + i
                                + " (image "
                                + i / d
                                + "): "
                                + rows[i]
                                + ", expected "
                                + (data[i] & 0xff) / 255f);
    }

    @Test
    void gzippedFilesAreUnpacked() throws IOException {
        Path plain = dir.resolve("plain");
        Idx.write(plain, new int[] {2, 3, 3}, pixels(18));
        Path gz = dir.resolve("plain.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(plain));
        }
        assertArrayEquals(Idx.read(plain).data(), Idx.read(gz).data());
    }

    @Test
    void truncatedFileSaysWhatWasPromised() throws IOException {
        Path f = dir.resolve("train-images");
        Idx.write(f, new int[] {10, 28, 28}, pixels(7840));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, 1000));
        var e = assertThrows(IOException.class, () -> Idx.read(f));
        assertTrue(
                e.getMessage()
                        .contains(
                                "truncated: the header promises 10×28×28 = 7840 bytes of data but the file holds 984"),
                e.getMessage());
    }

    @Test
    void badMagicTypeAndDimensionsAreNamed() throws IOException {
        Path html = dir.resolve("error.html");
        Files.writeString(html, "<html>404 not found</html>");
        var e = assertThrows(IOException.class, () -> Idx.read(html));
        assertTrue(
                e.getMessage().contains("not an IDX file: it starts with 3c 68, expected 00 00"),
                e.getMessage());

        Path floats = dir.resolve("floats");
        Files.write(floats, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0});
        e = assertThrows(IOException.class, () -> Idx.read(floats));
        assertTrue(e.getMessage().contains("type 0x0d is not supported"), e.getMessage());

        Path zero = dir.resolve("zero");
        Files.write(zero, new byte[] {0, 0, 8, 0});
        e = assertThrows(IOException.class, () -> Idx.read(zero));
        assertTrue(e.getMessage().contains("0 dimensions; expected 1 to 4"), e.getMessage());

        Path extra = dir.resolve("extra");
        Files.write(extra, new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 5, 6});
        e = assertThrows(IOException.class, () -> Idx.read(extra));
        assertTrue(e.getMessage().contains("1 unexpected bytes after"), e.getMessage());
    }

    @Test
    void headersWhoseSizesOverflowAreRejected() throws IOException {
        // 2³⁰ × 2³⁰ × 16 = 2⁶⁴: wraps to 0 in a long, and with no data once "matched" it
        Path wraps = dir.resolve("wraps");
        Files.write(wraps, new byte[] {0, 0, 8, 3, 0x40, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 16});
        var e = assertThrows(IOException.class, () -> Idx.read(wraps));
        assertTrue(
                e.getMessage()
                        .contains(
                                "IDX header gives dimensions 1073741824×1073741824×16, more than 2⁶³ values"),
                e.getMessage());
        // 2¹⁶ × 2¹⁶ = 2³²: fits a long, but no array; the message gives the true count
        Path huge = dir.resolve("huge");
        Files.write(huge, new byte[] {0, 0, 8, 2, 0, 1, 0, 0, 0, 1, 0, 0, 1, 2, 3});
        e = assertThrows(IOException.class, () -> Idx.read(huge));
        assertTrue(
                e.getMessage()
                        .contains(
                                "65536×65536, 4,294,967,296 values: more than any array can hold"),
                e.getMessage());
    }

    @Test
    void labelsOutOfRangeNameTheRow() throws IOException {
        Path f = dir.resolve("labels");
        Idx.write(f, new int[] {3}, new byte[] {1, 12, 3});
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.read(f).labels(10));
        assertTrue(
                e.getMessage().contains("label 12 at row 1 is out of range; expected 0 to 9"),
                e.getMessage());
        assertEquals(3, Idx.read(f).labels(13).length);
    }
}
