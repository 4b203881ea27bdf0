package org.dlkit.train;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.dlkit.data.DataFiles;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves and loads a network's parameters. The file holds a magic word, a format version, each
 * parameter's name, shape and values (float64, so nothing is lost), and a CRC-32 of all that. It is
 * written to a temporary file and renamed, so a crash never leaves half a checkpoint. Loading
 * checks everything before changing any parameter.
 */
public final class Checkpoint {
    private static final byte[] MAGIC = "DLKITCKP".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private Checkpoint() {}

    public static void save(Network net, Path file) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            List<Parameter> params = net.params();
            out.writeInt(params.size());
            for (Parameter p : params) {
                out.writeUTF(p.name());
                long[] shape = p.value().shape();
                out.writeInt(shape.length);
                for (long d : shape) out.writeLong(d);
                for (double v : p.value().castTo(DataType.DOUBLE).reshape(-1).toDoubleVector())
                    out.writeDouble(v);
            }
        }
        var crc = new CRC32();
        crc.update(bytes.toByteArray());
        try (var out = new DataOutputStream(bytes)) {
            out.writeLong(crc.getValue());
        }
        requireWritable(file);
        DataFiles.writeAtomically(file, bytes.toByteArray());
    }

    /**
     * Throws an IOException that says in plain words why the checkpoint cannot be written there: a
     * file where a folder should be, a folder where the checkpoint should be, no permission.
     */
    private static void requireWritable(Path file) throws IOException {
        String cannot = "cannot save a checkpoint to " + file + ": ";
        if (Files.isDirectory(file)) throw new IOException(cannot + "that is a folder, not a file");
        Path dir = file.toAbsolutePath().getParent();
        var inTheWay = DataFiles.fileInTheWay(dir);
        if (inTheWay.isPresent())
            throw new IOException(cannot + inTheWay.get() + " is a file, not a folder");
        try {
            if (dir != null) Files.createDirectories(dir);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(cannot + "no permission to write in " + e.getFile(), e);
        }
        if (dir != null && !Files.isWritable(dir))
            throw new IOException(cannot + "no permission to write in " + dir);
    }

    /**
     * Loads parameters saved by {@link #save} into a network of the same architecture.
     *
     * @throws IOException naming the file and what is wrong: not a checkpoint, another format
     *     version, truncated, corrupt (CRC mismatch), or parameters whose names or shapes differ
     *     from the network's
     */
    public static void load(Network net, Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such checkpoint file");
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IOException(
                    file
                            + ": not a dlkit checkpoint (it does not start with "
                            + new String(MAGIC, StandardCharsets.US_ASCII)
                            + ")");
        }
        var in = ByteBuffer.wrap(all);
        List<Parameter> params = net.params();
        var values = new ArrayList<INDArray>();
        try {
            in.position(MAGIC.length);
            int version = in.getInt();
            if (version != VERSION)
                throw new IOException(
                        file
                                + ": checkpoint format version "
                                + version
                                + "; this kit reads version "
                                + VERSION);
            int count = in.getInt();
            for (int i = 0; i < count; i++) {
                String name = readUtf(in);
                long[] shape = new long[in.getInt()];
                for (int d = 0; d < shape.length; d++) shape[d] = in.getLong();
                double[] v =
                        new double
                                [Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
                for (int k = 0; k < v.length; k++) v[k] = in.getDouble();
                if (i >= params.size())
                    throw mismatch(
                            file,
                            net,
                            "has more parameters than the network ("
                                    + count
                                    + " vs "
                                    + params.size()
                                    + "), starting with "
                                    + name);
                Parameter p = params.get(i);
                if (!p.name().equals(name))
                    throw mismatch(
                            file, net, "holds " + name + " where the network has " + p.name());
                if (!Arrays.equals(p.value().shape(), shape)) {
                    throw mismatch(
                            file,
                            net,
                            "holds "
                                    + name
                                    + " with shape "
                                    + Arrays.toString(shape)
                                    + " but the network's is "
                                    + Arrays.toString(p.value().shape()));
                }
                values.add(Nd4j.create(v, shape, 'c').castTo(p.value().dataType()));
            }
            if (count < params.size())
                throw mismatch(
                        file,
                        net,
                        "has " + count + " parameters but the network has " + params.size());
            int end = in.position();
            long stored = in.getLong();
            var crc = new CRC32();
            crc.update(all, 0, end);
            if (crc.getValue() != stored)
                throw new IOException(file + ": corrupt: its CRC-32 does not match its contents");
            if (in.hasRemaining())
                throw new IOException(
                        file + ": corrupt: " + in.remaining() + " unexpected bytes at the end");
        } catch (BufferUnderflowException | IllegalArgumentException | ArithmeticException e) {
            throw new IOException(
                    file
                            + ": truncated or corrupt: it ended after "
                            + all.length
                            + " bytes while "
                            + values.size()
                            + " of "
                            + params.size()
                            + " parameters had been read",
                    e);
        }
        for (int i = 0; i < params.size(); i++) params.get(i).set(values.get(i));
    }

    /**
     * What {@link #trainOnce} did: trained the network now, or loaded it as trained before, and the
     * minutes its training took.
     */
    public record Trained(boolean loaded, double minutes) {}

    /**
     * Trains a network once and keeps it, for trainings of hours (lesson 12's ensemble): if {@code
     * file} holds a checkpoint, loads it into {@code net} and does not train; otherwise runs {@code
     * training}, then saves the network to {@code file} and the minutes it took beside it (in
     * {@code file} + ".minutes"). A kernel stopped in the middle of a long lesson thus loses only
     * the network it was training. Name the file after everything that decides the result (seed,
     * epochs, data), so that a changed setting trains anew instead of loading an old network. A
     * file that cannot be written is reported on stderr and the trained network is kept in memory;
     * one that cannot be loaded is an error that says which and why.
     *
     * @return whether the network was loaded, and the minutes of its training (NaN when a
     *     checkpoint was loaded without its minutes)
     * @throws IOException if {@code file} exists but does not load into {@code net}
     */
    public static Trained trainOnce(Network net, Path file, Runnable training) throws IOException {
        Path minutesFile = file.resolveSibling(file.getFileName() + ".minutes");
        if (Files.exists(file)) {
            try {
                load(net, file);
            } catch (IOException e) {
                throw new IOException(
                        e.getMessage()
                                + "; it was kept from an earlier training: delete it to train"
                                + " the network anew",
                        e);
            }
            double minutes = Double.NaN;
            try {
                minutes = Double.parseDouble(Files.readString(minutesFile).trim());
            } catch (IOException | NumberFormatException e) {
                // a checkpoint saved by hand: its training time is unknown
            }
            return new Trained(true, minutes);
        }
        long start = System.nanoTime();
        training.run();
        double minutes = (System.nanoTime() - start) / 6e10;
        try {
            save(net, file);
            DataFiles.writeAtomically(minutesFile, minutes + "\n");
        } catch (IOException e) {
            System.err.println(
                    "dlkit: the trained network is not kept for a later run: " + e.getMessage());
        }
        return new Trained(false, minutes);
    }

    private static String readUtf(ByteBuffer in) {
        int n = Short.toUnsignedInt(in.getShort());
        byte[] b = new byte[n];
        in.get(b);
        // names are plain ASCII, where modified UTF-8 is UTF-8
        return new String(b, StandardCharsets.UTF_8);
    }

    private static IOException mismatch(Path file, Network net, String what) {
        return new IOException(file + ": does not fit " + net + ": the checkpoint " + what);
    }
}
