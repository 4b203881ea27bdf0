package org.dlkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dlkit.data.DataSet;
import org.dlkit.data.Labels;
import org.dlkit.data.Programs;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The bench's networks in PyTorch, Debian's {@code python3-torch}: the same layers, batch size,
 * optimiser and images, on 2 threads, run by a small script in its own process. Debian's torch
 * takes its BLAS from the system: with only the reference BLAS installed its dense layers are
 * several times slower, so install {@code libopenblas0-pthread} too for a fair comparison. Skipped,
 * with a line saying how to get it, when no Python on this machine can import torch.
 */
final class TorchPeer {
    private TorchPeer() {}

    /** The Pythons tried in turn: Debian's own first (where its python3-torch lives). */
    private static final List<String> PYTHONS = List.of("/usr/bin/python3", "python3");

    /** The figures of the PyTorch side, or null when it could not run (a line says why). */
    static Bench.Result run(Bench.Workload w, DataSet rows, int batches, int batch) {
        String python = python();
        if (python == null) {
            System.out.println(
                    "PyTorch: not installed (sudo apt-get install python3-torch gives the"
                            + " comparison); skipped");
            return null;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("dlkit-torch");
            int n = (int) Math.min(rows.size(), (long) batch * (batches + 20));
            n = Math.max(n, Math.min(rows.size(), 10_000)); // and the images it infers on
            Path images = dir.resolve("images.f32");
            Path labels = dir.resolve("labels.i64");
            writeImages(rows.x(), n, images);
            writeLabels(Labels.of(rows.y().get(NDArrayIndex.interval(0, n))), labels);
            Path script = dir.resolve("torch_peer.py");
            try (InputStream in = TorchPeer.class.getResourceAsStream("torch_peer.py")) {
                Files.copy(in, script);
            }
            var out =
                    Programs.capture(
                            List.of(
                                    python,
                                    script.toString(),
                                    w == Bench.Workload.DAE
                                            ? "dae"
                                            : w == Bench.Workload.SDA ? "sda" : w.id,
                                    Integer.toString(batch),
                                    Integer.toString(batches),
                                    images.toString(),
                                    labels.toString(),
                                    Integer.toString(n)),
                            dir,
                            // PyTorch's own 2 threads, and OpenBLAS (under Debian's torch) on one:
                            // both on 2 threads
                            // fight, and the 1000-wide network trained 3.5× slower (800 images/s
                            // against 2 790)
                            Map.of("OMP_NUM_THREADS", "2", "OPENBLAS_NUM_THREADS", "1"),
                            1800);
            if (!out.ok()) {
                System.out.println(
                        "PyTorch: the peer failed (exit "
                                + out.exitCode()
                                + "): "
                                + out.stderr().strip().lines().reduce((a, b) -> b).orElse(""));
                return null;
            }
            JsonNode r =
                    new ObjectMapper()
                            .readTree(
                                    out.stdout().strip().lines().reduce((a, b) -> b).orElse("{}"));
            double train = r.path("train").asDouble();
            double infer = r.path("infer").asDouble();
            System.out.printf(
                    Locale.ROOT,
                    "PyTorch %s (%d threads): %d batches of %d in %.2f s: %.0f images/s (mean loss"
                            + " %.3f); inference %.0f images/s%n",
                    r.path("torch").asText(),
                    r.path("threads").asInt(),
                    batches,
                    batch,
                    r.path("seconds").asDouble(),
                    train,
                    r.path("loss").asDouble(),
                    infer);
            return new Bench.Result("PyTorch", train, infer);
        } catch (IOException e) {
            System.out.println("PyTorch: could not run the peer: " + e.getMessage());
            return null;
        } finally {
            if (dir != null) KernelSpec.deleteTree(dir);
        }
    }

    /** Asked once per run: each try starts a Python that imports torch (a second or two). */
    private static String python;

    private static String python() {
        if (python == null) python = findPython();
        return python.isEmpty() ? null : python;
    }

    private static String findPython() {
        for (String p : PYTHONS) {
            if (Programs.capture(List.of(p, "-c", "import torch"), null, Map.of(), 120).ok())
                return p;
        }
        return "";
    }

    /** The first n rows as little-endian float32, row after row. */
    private static void writeImages(INDArray x, int n, Path file) throws IOException {
        float[] v =
                x.get(NDArrayIndex.interval(0, n)).castTo(DataType.FLOAT).dup('c').data().asFloat();
        var bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(v);
        write(file, bytes);
    }

    private static void writeLabels(int[] labels, Path file) throws IOException {
        var bytes = ByteBuffer.allocate(labels.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int l : labels) bytes.putLong(l);
        bytes.flip();
        write(file, bytes);
    }

    private static void write(Path file, ByteBuffer bytes) throws IOException {
        try (var ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) ch.write(bytes);
        }
    }
}
