package org.dlkit.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dlkit.autoencoder.Corruption;
import org.dlkit.data.DataSet;
import org.dlkit.data.Mnist;
import org.dlkit.nn.BinaryCrossEntropy;
import org.dlkit.nn.Conv2D;
import org.dlkit.nn.Dense;
import org.dlkit.nn.Flatten;
import org.dlkit.nn.Init;
import org.dlkit.nn.Layer;
import org.dlkit.nn.Loss;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;
import org.dlkit.nn.Pooling;
import org.dlkit.nn.Relu;
import org.dlkit.nn.Sigmoid;
import org.dlkit.nn.SoftmaxCrossEntropy;
import org.dlkit.nn.TiedDense;
import org.dlkit.tensor.Backend;
import org.dlkit.tensor.StepMemory;
import org.dlkit.train.Momentum;
import org.dlkit.train.Optimizer;
import org.dlkit.train.Sgd;
import org.dlkit.train.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code kit bench}: trains a network of the lessons on MNIST for a fixed number of mini-batches
 * and reports training and inference throughput, the effective GFLOP/s of its matrix products next
 * to the machine's measured SGEMM rate, peak memory and where the time goes, layer by layer; then
 * the same network, batch size and images in DL4J (in the same JVM) and in PyTorch (when Debian's
 * {@code python3-torch} is installed), with the ratios. Runs in its own JVM (kit starts it with
 * DL4J's jars from lib/bench/ added).
 */
public final class Bench {
    private Bench() {}

    /** The CNN's batch size, as before the other workloads came. */
    static final int BATCH = 64;

    /** A network the bench can time, with the batch size and optimiser its lesson uses. */
    enum Workload {
        CNN("cnn", "lesson 08's two-convolution network", 64),
        MLP("mlp", "lesson 04's 784-100-10 sigmoid network (network3), SGD η = 0.1", 10),
        DAE(
                "sda-pretrain",
                "one level of the Theano SdA's pretraining: 784-1000 sigmoid, tied decoder,"
                        + " masking 30%, cross-entropy, SGD η = 0.1",
                20),
        SDA(
                "sda-finetune",
                "the Theano SdA's fine-tuning: 784-1000-1000-1000-10 sigmoid, SGD η = 0.1",
                20);

        final String id;
        final String what;
        final int batch;

        Workload(String id, String what, int batch) {
            this.id = id;
            this.what = what;
            this.batch = batch;
        }

        /**
         * The workloads named, in order: ids, "sda" for both SdA workloads, "all" for every one; an
         * unknown name is refused with the choices.
         */
        static List<Workload> parse(List<String> names) {
            var out = new ArrayList<Workload>();
            for (String name : names) {
                if (name.equals("all")) out.addAll(List.of(values()));
                else if (name.equals("sda")) out.addAll(List.of(DAE, SDA));
                else
                    out.add(
                            Arrays.stream(values())
                                    .filter(w -> w.id.equals(name))
                                    .findFirst()
                                    .orElseThrow(
                                            () ->
                                                    new KitException(
                                                            "--network: no bench network '"
                                                                    + name
                                                                    + "'; choose from cnn, mlp,"
                                                                    + " sda-pretrain, sda-finetune,"
                                                                    + " sda, all",
                                                            2)));
            }
            return out;
        }

        /** The network's name in the PyTorch peer's script. */
        String torchName() {
            return switch (this) {
                case DAE -> "dae";
                case SDA -> "sda";
                default -> id;
            };
        }

        Network network() {
            return switch (this) {
                case CNN -> Bench.network();
                case MLP ->
                        new Network(
                                "mlp",
                                new Dense("hidden", 784, 100, Init.XAVIER, 1),
                                new Sigmoid("sigmoid"),
                                new Dense("output", 100, 10, Init.XAVIER, 2));
                case DAE -> {
                    var encode = new Dense("encode", 784, 1000, Init.XAVIER, 1);
                    yield new Network(
                            "denoising level",
                            encode,
                            new Sigmoid("code"),
                            new TiedDense("decode", encode));
                }
                case SDA ->
                        new Network(
                                "sda",
                                new Dense("hidden1", 784, 1000, Init.XAVIER, 1),
                                new Sigmoid("sigmoid1"),
                                new Dense("hidden2", 1000, 1000, Init.XAVIER, 2),
                                new Sigmoid("sigmoid2"),
                                new Dense("hidden3", 1000, 1000, Init.XAVIER, 3),
                                new Sigmoid("sigmoid3"),
                                new Dense("output", 1000, 10, Init.XAVIER, 4));
            };
        }

        Loss loss() {
            return this == DAE ? new BinaryCrossEntropy() : new SoftmaxCrossEntropy();
        }

        Optimizer optimizer() {
            return this == CNN ? new Momentum(0.01, 0.9) : new Sgd(0.1);
        }

        /** The images as this network takes them: (N, 1, 28, 28) for the CNN, rows otherwise. */
        DataSet shape(DataSet rows) {
            return this == CNN ? new DataSet(rows.name(), Mnist.images(rows.x()), rows.y()) : rows;
        }
    }

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

    /**
     * Arguments: network ids (comma-separated; "sda" for both SdA workloads), batches to time,
     * batches for DL4J (0: skip), batches for PyTorch (0: skip), batch size (0: each network's
     * own).
     */
    public static void main(String[] args) {
        List<Workload> workloads =
                Workload.parse(List.of((args.length > 0 ? args[0] : "cnn").split(",")));
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int dl4jBatches = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int torchBatches = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        int batchSize = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        System.out.println(Backend.current());
        String spin = System.getenv("GOMP_SPINCOUNT");
        System.out.println(
                spin != null
                        ? "OpenMP: GOMP_SPINCOUNT=" + spin + " for both libraries"
                        : "OpenMP: default spinning for both libraries (the lessons' kernel sets"
                                + " GOMP_SPINCOUNT=1000, which DL4J likes better; try it here too)");
        double sgemm = sgemmGflops();
        System.out.printf(
                Locale.ROOT, "SGEMM (1024 × 1024 float32 matrices): %.0f GFLOP/s%n", sgemm);
        Mnist mnist;
        try {
            mnist = Mnist.load();
        } catch (java.io.UncheckedIOException e) {
            // no data and no way to fetch it: the message says what to do, a trace would not
            System.err.println("kit bench: " + e.getCause().getMessage());
            System.exit(1);
            return;
        }
        var summary = new ArrayList<String>();
        for (Workload w : workloads) {
            int batch = batchSize > 0 ? batchSize : w.batch;
            System.out.printf(Locale.ROOT, "%n== %s, batches of %d: %s%n", w.id, batch, w.what);
            DataSet train = w.shape(mnist.train());
            DataSet test = w.shape(mnist.test());
            long flops = trainingFlops(w.network(), train.x());
            Result ours = dlkit(w, train, test, batches, batch);
            System.out.printf(
                    Locale.ROOT,
                    "%.1f MFLOP per image in training (matrix products): %.1f GFLOP/s, %.0f%% of"
                            + " SGEMM%n",
                    flops / 1e6,
                    ours.trainImagesPerSecond() * flops / 1e9,
                    100 * ours.trainImagesPerSecond() * flops / 1e9 / sgemm);
            var line =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "%-13s batch %3d  dlkit %7.0f images/s (%5.1f GFLOP/s)",
                                    w.id,
                                    batch,
                                    ours.trainImagesPerSecond(),
                                    ours.trainImagesPerSecond() * flops / 1e9));
            if (dl4jBatches > 0 && w != Workload.DAE) {
                Result dl4j = Dl4jPeer.run(w, train, test, dl4jBatches, batch);
                line.append(
                        String.format(
                                Locale.ROOT,
                                "  DL4J %7.0f (dlkit %.2f×)",
                                dl4j.trainImagesPerSecond(),
                                ours.trainImagesPerSecond() / dl4j.trainImagesPerSecond()));
            }
            if (torchBatches > 0) {
                Result torch = TorchPeer.run(w, mnist.train(), torchBatches, batch);
                if (torch != null)
                    line.append(
                            String.format(
                                    Locale.ROOT,
                                    "  PyTorch %7.0f (dlkit %.2f×)",
                                    torch.trainImagesPerSecond(),
                                    ours.trainImagesPerSecond() / torch.trainImagesPerSecond()));
            }
            summary.add(line.toString());
        }
        long heap = peakHeap();
        // ND4J's tensors live outside the Java heap: the process's resident memory includes them
        System.out.printf(
                Locale.ROOT,
                "%npeak Java heap %d MiB; resident memory of the process now %d MiB%n",
                heap >> 20,
                org.bytedeco.javacpp.Pointer.physicalBytes() >> 20);
        System.out.println(
                "\ntraining throughput, one run (ratios: dlkit's images/s over the peer's):");
        summary.forEach(System.out::println);
    }

    /** The machine's float32 matrix-product rate: 1024 × 1024 by 1024 × 1024, best of 10. */
    static double sgemmGflops() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray c = Nd4j.create(DataType.FLOAT, 1024, 1024);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 13; i++) {
            long t = System.nanoTime();
            a.mmuli(b, c);
            Nd4j.getExecutioner().commit();
            if (i >= 3) best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return 2.0 * 1024 * 1024 * 1024 / best / 1e9;
    }

    /**
     * Floating-point operations of one training step's matrix products per image: each dense and
     * convolution layer's forward product, its weight gradient, and its input gradient (not for the
     * first layer, whose input is the data). Element-wise work is not counted.
     */
    static long trainingFlops(Network net, INDArray x) {
        long[] shape = Arrays.copyOfRange(x.shape(), 1, x.rank());
        long total = 0;
        boolean first = true;
        for (Layer l : net.layers()) {
            long[] out = l.outputShape(shape);
            long forward = 0;
            if (l instanceof Dense d) forward = 2 * d.in() * d.out();
            else if (l instanceof TiedDense t) forward = 2 * t.in() * t.out();
            else if (l instanceof Conv2D c) {
                long[] w = c.weights().value().shape(); // (F, C, k, k)
                forward = 2 * w[1] * w[2] * w[3] * w[0] * out[1] * out[2];
            }
            total += forward * (first ? 2 : 3);
            if (forward > 0) first = false;
            shape = out;
        }
        return total;
    }

    /**
     * Trains batch by batch through {@link Trainer#step}, the lessons' own step, with each layer's
     * forward and backward timed by a {@link Timed} wrapper; then measures inference.
     */
    static Result dlkit(Workload w, DataSet train, DataSet test, int batches, int batch) {
        List<Layer> layers = w.network().layers();
        var times = new Times(new long[layers.size()], new long[layers.size()], new long[1]);
        Network net = Timed.wrap(w.id, layers, times);
        var trainer = new Trainer(net, w.loss(), w.optimizer());
        Corruption masking = Corruption.masking(0.3);
        int warmup = 20;
        int perEpoch = train.size() / batch;
        double lossSum = 0;
        long start = 0;
        for (int i = 0; i < warmup + batches; i++) {
            if (i == warmup) {
                times.clear();
                start = System.nanoTime();
            }
            DataSet b = train.rows((i % perEpoch) * batch, (i % perEpoch) * batch + batch);
            double value =
                    w == Workload.DAE
                            ? trainer.step(masking.corrupt(b.x(), i), b.x())
                            : trainer.step(b.x(), b.y());
            if (i >= warmup) lossSum += value;
        }
        long elapsed = System.nanoTime() - start;
        times.rest()[0] = elapsed - times.layers(); // the loss, zeroGrad, the optimiser
        double seconds = elapsed / 1e9;
        double trainRate = batches * batch / seconds;
        System.out.printf(
                Locale.ROOT,
                "dlkit: %d batches of %d in %.2f s: %.0f images/s (mean loss %.3f)%n",
                batches,
                batch,
                seconds,
                trainRate,
                lossSum / batches);
        int shards = trainer.shardsFor(batch);
        if (shards > 1)
            System.out.printf(
                    Locale.ROOT,
                    "dlkit: each batch cut into %d shards, one per core; the layers' times below are"
                            + " shard 0's, on one core%n",
                    shards);
        System.out.println(table(layers, times, batches, batch).printAll());

        long t = System.nanoTime();
        int inferred = 0;
        for (DataSet b : test.batches(batch)) {
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
                batch);
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

        /** The other shards' layers are timed apart, and not shown: the table is shard 0's. */
        @Override
        public Layer replica() {
            Layer copy = layer.replica();
            int n = times.forward().length;
            return copy == null
                    ? null
                    : new Timed(copy, new Times(new long[n], new long[n], new long[1]), index);
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
    static Table table(List<Layer> layers, Times times, int batches, int batch) {
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
        return Table.create("time per batch of " + batch, name, fw, bw, share);
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
