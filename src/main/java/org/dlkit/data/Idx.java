package org.dlkit.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An IDX file, the format MNIST ships in: two zero bytes, a type code (0x08 = unsigned byte), the
 * number of dimensions, each dimension as a big-endian int, then the data in row-major order. A
 * gzip-compressed file (".gz", as the mirrors serve them) is unpacked first.
 *
 * @param source where it was read from, for messages
 * @param dims the dimensions, e.g. [60000, 28, 28]
 * @param data the values as unsigned bytes, row-major
 */
public record Idx(String source, int[] dims, byte[] data) {
    private static final int UNSIGNED_BYTE = 0x08;
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8; // the largest Java array

    public Idx {
        long n = count(dims);
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "Idx["
                            + source
                            + "]: dimensions "
                            + Arrays.toString(dims)
                            + " need "
                            + n
                            + " values but got "
                            + data.length);
        }
    }

    /**
     * Reads and checks a file.
     *
     * @throws IOException naming the file and what is wrong: a bad magic number, an unsupported
     *     type, impossible dimensions, a truncated file or trailing bytes
     */
    public static Idx read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        // not Files.readAllBytes: it reads through a direct buffer as large as the file, which the
        // reading thread then keeps for good (a kernel's cell thread: 45 MB for MNIST's images)
        try (var in = new java.io.FileInputStream(file.toFile())) {
            return parse(file.toString(), in.readAllBytes());
        }
    }

    static Idx parse(String name, byte[] bytes) throws IOException {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b)
            bytes = gunzip(name, bytes);
        if (bytes.length < 4)
            throw new IOException(
                    name
                            + ": not an IDX file: "
                            + bytes.length
                            + " bytes, shorter than the 4-byte header");
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw new IOException(
                    String.format(
                            "%s: not an IDX file: it starts with %02x %02x, expected 00 00 (the IDX magic number)",
                            name, bytes[0] & 0xff, bytes[1] & 0xff));
        }
        int type = bytes[2] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new IOException(
                    String.format(
                            "%s: IDX type 0x%02x is not supported; dlkit reads unsigned-byte files (type 0x08) such as MNIST's",
                            name, type));
        }
        int rank = bytes[3] & 0xff;
        if (rank < 1 || rank > 4)
            throw new IOException(
                    name + ": IDX header says " + rank + " dimensions; expected 1 to 4");
        int header = 4 + 4 * rank;
        if (bytes.length < header)
            throw new IOException(
                    name
                            + ": truncated: "
                            + bytes.length
                            + " bytes, shorter than its "
                            + header
                            + "-byte header");
        ByteBuffer b = ByteBuffer.wrap(bytes, 4, 4 * rank);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = b.getInt();
            if (dims[i] <= 0)
                throw new IOException(
                        name
                                + ": IDX header gives dimension "
                                + i
                                + " as "
                                + dims[i]
                                + "; dimensions must be positive");
        }
        long n = count(dims);
        if (n < 0 || n > MAX_VALUES)
            throw new IOException(
                    name
                            + ": IDX header gives dimensions "
                            + dimText(dims)
                            + ", "
                            + (n < 0
                                    ? "more than 2⁶³"
                                    : String.format(java.util.Locale.ROOT, "%,d", n))
                            + " values: more than any array can hold (at most "
                            + String.format(java.util.Locale.ROOT, "%,d", MAX_VALUES)
                            + "); the header is corrupt or the file is not an IDX file");
        long have = bytes.length - header;
        if (have < n) {
            throw new IOException(
                    name
                            + ": truncated: the header promises "
                            + dimText(dims)
                            + " = "
                            + n
                            + " bytes of data but the file holds "
                            + have
                            + " (an interrupted download?)");
        }
        if (have > n)
            throw new IOException(
                    name
                            + ": "
                            + (have - n)
                            + " unexpected bytes after the "
                            + dimText(dims)
                            + " data");
        return new Idx(name, dims, Arrays.copyOfRange(bytes, header, bytes.length));
    }

    /** Writes an unsigned-byte IDX file (uncompressed): what the tests use to make small files. */
    public static void write(Path file, int[] dims, byte[] data) throws IOException {
        new Idx(file.toString(), dims, data);
        var out = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        out.put((byte) 0).put((byte) 0).put((byte) UNSIGNED_BYTE).put((byte) dims.length);
        for (int d : dims) out.putInt(d);
        out.put(data);
        Files.write(file, out.array());
    }

    /**
     * Images as rows (N, H·W) of float32 in [0, 1]: the byte value divided by 255. The floats are
     * made a block of rows at a time, so the Java heap never holds more than a few MB of them
     * (MNIST's 47 million as one float[] grew every kernel's heap by 188 MB, which it kept).
     */
    public INDArray imageRows() {
        if (dims.length != 3)
            throw new IllegalArgumentException(
                    "Idx["
                            + source
                            + "]: images need 3 dimensions (N, H, W) but the file has "
                            + dimText(dims));
        int n = dims[0];
        int d = dims[1] * dims[2];
        INDArray rows = Nd4j.create(DataType.FLOAT, new long[] {n, d}, 'c');
        int block = Math.max(1, (1 << 20) / d);
        for (int from = 0; from < n; from += block) {
            int to = Math.min(n, from + block);
            float[] v = new float[(to - from) * d];
            for (int i = 0; i < v.length; i++) v[i] = (data[from * d + i] & 0xff) / 255f;
            rows.get(NDArrayIndex.interval(from, to))
                    .assign(Nd4j.create(v, new long[] {to - from, d}, 'c'));
        }
        return rows;
    }

    /** Labels as ints, checked to lie in [0, classes). */
    public int[] labels(int classes) {
        if (dims.length != 1)
            throw new IllegalArgumentException(
                    "Idx["
                            + source
                            + "]: labels need 1 dimension but the file has "
                            + dimText(dims));
        int[] out = new int[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i] & 0xff;
            if (out[i] >= classes) {
                throw new IllegalArgumentException(
                        "Idx["
                                + source
                                + "]: label "
                                + out[i]
                                + " at row "
                                + i
                                + " is out of range; expected 0 to "
                                + (classes - 1));
            }
        }
        return out;
    }

    private static byte[] gunzip(String name, byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz));
                var out = new ByteArrayOutputStream(gz.length * 4)) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (java.io.EOFException e) {
            throw new IOException(name + ": truncated gzip data (an interrupted download?)", e);
        }
    }

    /** The product of the dimensions, or −1 if it does not fit a long. */
    private static long count(int[] dims) {
        long n = 1;
        try {
            for (int d : dims) n = Math.multiplyExact(n, d);
        } catch (ArithmeticException e) {
            return -1;
        }
        return n;
    }

    private static String dimText(int[] dims) {
        return Arrays.toString(dims).replace("[", "").replace("]", "").replace(", ", "×");
    }

    @Override
    public String toString() {
        return "Idx[" + source + "](" + dimText(dims) + ")";
    }
}
