package org.dlkit.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dlkit.data.DataSet;
import org.dlkit.data.Mnist;
import org.dlkit.nn.Conv2D;
import org.dlkit.nn.Dense;
import org.dlkit.nn.Flatten;
import org.dlkit.nn.Init;
import org.dlkit.nn.Layer;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;
import org.dlkit.nn.Pooling;
import org.dlkit.nn.Relu;
import org.dlkit.nn.SoftmaxCrossEntropy;
import org.dlkit.tensor.Backend;
import org.dlkit.tensor.StepMemory;
import org.dlkit.train.Momentum;
import org.dlkit.train.Trainer;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code kit bench}: trains the two-convolution network of lesson 08 (conv 20@5×5 → max-pool 2 →
 * conv 40@5×5 → max-pool 2 → dense 100 → 10, ReLU) on MNIST for a fixed number of mini-batches of
 * 64 and reports training and inference throughput, peak memory and where the time goes, layer by
 * layer; then the same network in DL4J, in the same JVM, for comparison. Runs in its own JVM (kit
 * starts it with DL4J's jars from lib/bench/ added).
 */
public final class Bench {
    private Bench() {}

    static final int BATCH = 64;

    /**
     * The benchmark network: 28×28 → 20×24×24 → 20×12×12 → 40×8×8 → 40×4×4 → 640 → 100 → 10. Each
     * ReLU comes after its max-pooling, as in network3's ConvPoolLayer: max-pooling and a rising
     * function commute, so the network computes the same function as conv → ReLU → pool (DL4J's
     * order), with the ReLU on a quarter of the values.
     */
    static Network network() {
        return new Network(
                "bench",
                new Conv2D("conv1", 1, 20, 5, Init.HE, 1),
                Pooling.max("pool1", 2),
                new Relu("relu1"),
                new Conv2D("conv2", 20, 40, 5, Init.HE, 2),
                Pooling.max("pool2", 2),
                new Relu("relu2"),
                new Flatten("flatten"),
                new Dense("fc", 640, 100, Init.HE, 3),
                new Relu("relu3"),
                new Dense("output", 100, 10, Init.XAVIER, 4));
    }

    /** One side's figures. */
    record Result(String name, double trainImagesPerSecond, double inferImagesPerSecond) {}

    public static void main(String[] args) {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int peerBatches = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        System.out.println(Backend.current());
        String spin = System.getenv("GOMP_SPINCOUNT");
        System.out.println(
                spin != null
                        ? "OpenMP: GOMP_SPINCOUNT=" + spin + " for both libraries"
                        : "OpenMP: default spinning for both libraries (the lessons' kernel sets"
                                + " GOMP_SPINCOUNT=1000, which DL4J likes better; try it here too)");
        Mnist mnist = Mnist.load();
        DataSet train =
                new DataSet("mnist-train", Mnist.images(mnist.train().x()), mnist.train().y());
        DataSet test = new DataSet("mnist-test", Mnist.images(mnist.test().x()), mnist.test().y());

        Result ours = dlkit(train, test, batches);
        long heap = peakHeap();
        // ND4J's tensors live outside the Java heap: the process's resident memory includes them
        System.out.printf(
                Locale.ROOT,
                "%npeak Java heap %d MiB; resident memory of the process now %d MiB%n",
                heap >> 20,
                org.bytedeco.javacpp.Pointer.physicalBytes() >> 20);
        if (peerBatches > 0) {
            Result dl4j = Dl4jPeer.run(train, test, peerBatches);
            System.out.printf(
                    Locale.ROOT,
                    "%n%-8s  train %7.0f images/s  inference %7.0f images/s%n",
                    ours.name(),
                    ours.trainImagesPerSecond(),
                    ours.inferImagesPerSecond());
            System.out.printf(
                    Locale.ROOT,
                    "%-8s  train %7.0f images/s  inference %7.0f images/s%n",
                    dl4j.name(),
                    dl4j.trainImagesPerSecond(),
                    dl4j.inferImagesPerSecond());
            System.out.printf(
                    Locale.ROOT,
                    "dlkit / DL4J: %.1f× in training, %.1f× in inference%n",
                    ours.trainImagesPerSecond() / dl4j.trainImagesPerSecond(),
                    ours.inferImagesPerSecond() / dl4j.inferImagesPerSecond());
        }
        System.out.printf(
                Locale.ROOT,
                "one MNIST epoch (60 000 images) at dlkit's rate: %.1f s%n",
                60_000 / ours.trainImagesPerSecond());
    }

    /**
     * Trains batch by batch through {@link Trainer#step}, the lessons' own step, with each layer's
     * forward and backward timed by a {@link Timed} wrapper; then measures inference.
     */
    static Result dlkit(DataSet train, DataSet test, int batches) {
        List<Layer> layers = network().layers();
        var times = new Times(new long[layers.size()], new long[layers.size()], new long[1]);
        Network net = Timed.wrap("bench", layers, times);
        var trainer = new Trainer(net, new SoftmaxCrossEntropy(), new Momentum(0.01, 0.9));
        int warmup = 20;
        int perEpoch = train.size() / BATCH;
        double lossSum = 0;
        long start = 0;
        for (int i = 0; i < warmup + batches; i++) {
            if (i == warmup) {
                times.clear();
                start = System.nanoTime();
            }
            DataSet b = train.rows((i % perEpoch) * BATCH, (i % perEpoch) * BATCH + BATCH);
            double value = trainer.step(b.x(), b.y());
            if (i >= warmup) lossSum += value;
        }
        long elapsed = System.nanoTime() - start;
        times.rest()[0] = elapsed - times.layers(); // the loss, zeroGrad, the optimiser
        double seconds = elapsed / 1e9;
        double trainRate = batches * BATCH / seconds;
        System.out.printf(
                Locale.ROOT,
                "%ndlkit: %d batches of %d in %.2f s: %.0f images/s (mean loss %.3f)%n",
                batches,
                BATCH,
                seconds,
                trainRate,
                lossSum / batches);
        System.out.println(table(layers, times, batches).printAll());

        long t = System.nanoTime();
        int inferred = 0;
        for (DataSet b : test.batches(BATCH)) {
            try (var memory = StepMemory.open("evaluate")) {
                net.forward(b.x(), Mode.EVAL);
            }
            inferred += b.size();
        }
        double inferRate = inferred / ((System.nanoTime() - t) / 1e9);
        System.out.printf(
                Locale.ROOT,
                "dlkit inference: %.0f images/s (%d test images in batches of %d)%n",
                inferRate,
                inferred,
                BATCH);
        return new Result("dlkit", trainRate, inferRate);
    }

    /** Nanoseconds summed over the timed steps: each layer's forward and backward, and the rest. */
    record Times(long[] forward, long[] backward, long[] rest) {
        void clear() {
            Arrays.fill(forward, 0);
            Arrays.fill(backward, 0);
            rest[0] = 0;
        }

        /** The time spent inside the layers. */
        long layers() {
            return Arrays.stream(forward).sum() + Arrays.stream(backward).sum();
        }
    }

    /**
     * A layer that adds the time of its forward and backward passes to slot {@code index} of {@link
     * Times} and otherwise is the layer it wraps: the hook through which the bench times the
     * trainer's own step.
     */
    record Timed(Layer layer, Times times, int index) implements Layer {
        static Network wrap(String name, List<Layer> layers, Times times) {
            var timed = new ArrayList<Layer>();
            for (int l = 0; l < layers.size(); l++) timed.add(new Timed(layers.get(l), times, l));
            return new Network(name, timed);
        }

        @Override
        public String name() {
            return layer.name();
        }

        @Override
        public INDArray forward(INDArray x, Mode mode) {
            long t = System.nanoTime();
            INDArray y = layer.forward(x, mode);
            times.forward()[index] += System.nanoTime() - t;
            return y;
        }

        @Override
        public INDArray backward(INDArray dOut) {
            long t = System.nanoTime();
            INDArray d = layer.backward(dOut);
            times.backward()[index] += System.nanoTime() - t;
            return d;
        }

        @Override
        public void backwardParams(INDArray dOut) {
            long t = System.nanoTime();
            layer.backwardParams(dOut);
            times.backward()[index] += System.nanoTime() - t;
        }

        @Override
        public List<Parameter> params() {
            return layer.params();
        }

        @Override
        public double penalty() {
            return layer.penalty();
        }

        @Override
        public long[] outputShape(long[] inputShape) {
            return layer.outputShape(inputShape);
        }

        @Override
        public String toString() {
            return layer.toString();
        }
    }

    /**
     * Milliseconds per batch for each layer's forward and backward, with the layer's share of the
     * step.
     */
    static Table table(List<Layer> layers, Times times, int batches) {
        long[] forward = times.forward();
        long[] backward = times.backward();
        long rest = times.rest()[0];
        long total = rest;
        for (int l = 0; l < layers.size(); l++) total += forward[l] + backward[l];
        var name = StringColumn.create("layer");
        var fw = DoubleColumn.create("forward ms");
        var bw = DoubleColumn.create("backward ms");
        var share = DoubleColumn.create("share %");
        for (int l = 0; l < layers.size(); l++) {
            name.append(layers.get(l).toString());
            fw.append(round(forward[l] / 1e6 / batches));
            bw.append(round(backward[l] / 1e6 / batches));
            share.append(round(100.0 * (forward[l] + backward[l]) / total));
        }
        name.append("loss, zeroGrad, optimiser");
        fw.append(round(rest / 1e6 / batches));
        bw.append(0);
        share.append(round(100.0 * rest / total));
        return Table.create("time per batch of " + BATCH, name, fw, bw, share);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** The highest heap use seen, summed over the heap's pools. */
    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }
}
