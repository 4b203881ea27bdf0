package org.dlkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dlkit.data.DataSet;
import org.dlkit.data.Playground;
import org.dlkit.nn.BinaryCrossEntropy;
import org.dlkit.nn.Dense;
import org.dlkit.nn.Init;
import org.dlkit.nn.MeanSquaredError;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;
import org.dlkit.nn.Relu;
import org.dlkit.nn.SoftmaxCrossEntropy;
import org.dlkit.nn.Tanh;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainerTest {

    @BeforeAll
    static void float32() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static Network mlp(long seed) {
        return new Network(
                "xor",
                new Dense("h1", 2, 8, Init.XAVIER, seed),
                new Tanh("t1"),
                new Dense("h2", 8, 8, Init.XAVIER, seed + 1),
                new Tanh("t2"),
                new Dense("out", 8, 1, Init.XAVIER, seed + 2));
    }

    /**
     * A large set is shuffled batch by batch, a small one as a whole copy: the batches, and so the
     * whole training, are the same either way.
     */
    @Test
    void shufflingBatchByBatchTrainsExactlyAsAShuffledCopy() {
        var data = Playground.make(Playground.Shape.XOR, 203, 0.1, 3);
        long limit = Trainer.shuffledCopyLimit;
        double[][] losses = new double[2][];
        try {
            for (int way = 0; way < 2; way++) {
                Trainer.shuffledCopyLimit = way == 0 ? 0 : Long.MAX_VALUE;
                var net = mlp(5);
                var h =
                        new Trainer(net, new BinaryCrossEntropy(), new Sgd(0.3))
                                .fit(data, data, TrainConfig.of(4, 16, 9));
                losses[way] = h.table().doubleColumn(History.TRAIN_LOSS).asDoubleArray();
            }
        } finally {
            Trainer.shuffledCopyLimit = limit;
        }
        assertArrayEquals(losses[1], losses[0], 0.0);
        assertNotEquals(losses[0][0], losses[0][3]);
    }

    @Test
    void stepIsGradientDescentOnTheTracedGradients() {
        var data = Playground.make(Playground.Shape.XOR, 32, 0, 1);
        var traced = mlp(7);
        traced.trace(data.x(), data.y(), new BinaryCrossEntropy());
        var expected = new ArrayList<INDArray>();
        for (Parameter p : traced.params()) expected.add(p.value().sub(p.grad().mul(0.5)));

        var net = mlp(7);
        double loss =
                new Trainer(net, new BinaryCrossEntropy(), new Sgd(0.5)).step(data.x(), data.y());
        assertTrue(loss > 0.3 && loss < 2, "a fresh network's loss: " + loss);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(
                    expected.get(i).reshape(-1).toFloatVector(),
                    net.params().get(i).value().reshape(-1).toFloatVector(),
                    1e-6f,
                    net.params().get(i).name());
        }
    }

    @Test
    void fitLearnsXorAndRecordsHistory() {
        var parts = Playground.split(Playground.make(Playground.Shape.XOR, 400, 0, 3), 0.5);
        var net = mlp(11);
        var trainer = new Trainer(net, new BinaryCrossEntropy(), new Adam(0.03));
        var seen = new ArrayList<String>();
        var history =
                trainer.fit(
                        parts.get(0),
                        parts.get(1),
                        TrainConfig.of(30, 10, 5),
                        new TrainingListener() {
                            @Override
                            public void epochEnded(History h) {
                                seen.add("epoch " + h.epochs());
                            }
                        });
        assertEquals(30, history.epochs());
        assertEquals(30, seen.size());
        assertEquals(
                List.of(
                        "epoch",
                        "train loss",
                        "train accuracy",
                        "validation loss",
                        "validation accuracy",
                        "seconds"),
                history.table().columnNames());
        assertTrue(history.last(History.VALIDATION_ACCURACY) > 0.93, history.describe());
        assertTrue(
                history.last(History.TRAIN_LOSS)
                        < history.table().doubleColumn(History.TRAIN_LOSS).get(0),
                "the loss falls");
        assertEquals(
                trainer.evaluate(parts.get(1)).accuracy(),
                history.last(History.VALIDATION_ACCURACY),
                1e-9);
        String provenance = history.provenance();
        for (String part :
                List.of(
                        "Adam",
                        "seed=5",
                        "Dense[h1](2 → 8) → Tanh[t1] → Dense[h2](8 → 8) → Tanh[t2] → Dense[out](8 → 1)",
                        "initial parameters crc32c ",
                        "crc32c " + parts.get(0).checksum(),
                        "validation " + parts.get(1) + " crc32c " + parts.get(1).checksum()))
            assertTrue(provenance.contains(part), part + " in " + provenance);
        // another start, another checksum of the initial parameters
        var other =
                new Trainer(mlp(12), new BinaryCrossEntropy(), new Adam(0.03))
                        .fit(parts.get(0), null, TrainConfig.of(1, 10, 5));
        assertNotEquals(initialCrc(provenance), initialCrc(other.provenance()));
        assertEquals(
                initialCrc(other.provenance()),
                initialCrc(
                        new Trainer(mlp(12), new BinaryCrossEntropy(), new Sgd(1))
                                .fit(parts.get(1), null, TrainConfig.of(1, 10, 5))
                                .provenance()));
    }

    private static String initialCrc(String provenance) {
        var m =
                java.util.regex.Pattern.compile("initial parameters crc32c (\\p{XDigit}{8})")
                        .matcher(provenance);
        assertTrue(m.find(), provenance);
        return m.group(1);
    }

    /**
     * Units whose derivative is 0 for every example pass no gradient back: a ReLU layer pushed
     * below zero is reported dead; a leaky ReLU in the same place never is.
     */
    @Test
    void deadUnitsAreReportedForTheLayerWhoseDerivativeIsZero() {
        var data = Playground.make(Playground.Shape.GAUSSIAN, 100, 0, 6);
        for (boolean leaky : new boolean[] {false, true}) {
            var hidden = new Dense("h", 2, 8, Init.HE, 1);
            hidden.params().get(1).value().assign(-100); // every pre-activation far below 0
            var net =
                    new Network(
                            "sunk",
                            hidden,
                            leaky ? new org.dlkit.nn.LeakyRelu("act", 0.01) : new Relu("act"),
                            new Dense("out", 8, 1, Init.XAVIER, 2));
            var history =
                    new Trainer(net, new BinaryCrossEntropy(), new Sgd(0.01))
                            .fit(data, null, TrainConfig.of(1, 10, 1));
            boolean dead =
                    history.warnings().stream()
                            .anyMatch(
                                    w -> w.contains("100% of the units in act have derivative 0"));
            assertEquals(!leaky, dead, history.warnings().toString());
        }
    }

    @Test
    void sameSeedSameRun() {
        var data = Playground.make(Playground.Shape.CIRCLE, 100, 0.1, 2);
        var a = mlp(3);
        var b = mlp(3);
        new Trainer(a, new BinaryCrossEntropy(), new Sgd(0.1))
                .fit(data, null, TrainConfig.of(3, 10, 9));
        new Trainer(b, new BinaryCrossEntropy(), new Sgd(0.1))
                .fit(data, null, TrainConfig.of(3, 10, 9));
        for (int i = 0; i < a.params().size(); i++) {
            assertEquals(a.params().get(i).value(), b.params().get(i).value());
        }
    }

    @Test
    void aDivergingRunStopsNamingEpochBatchAndEtaAndKeepsTheLastGoodParameters() {
        var data = Playground.make(Playground.Shape.GAUSSIAN, 200, 0.1, 4);
        var net =
                new Network(
                        "big",
                        new Dense("h", 2, 16, Init.HE, 1),
                        new Relu("r"),
                        new Dense("out", 16, 1, Init.HE, 2));
        var trainer = new Trainer(net, new MeanSquaredError(), new Sgd(50));
        // after batch k the parameters are those batch k+1 starts from; when batch k+2's loss is
        // NaN,
        // the last parameters that gave a finite loss are the ones seen after batch k
        var seen = new java.util.ArrayDeque<List<INDArray>>();
        var watch =
                new TrainingListener() {
                    @Override
                    public void batchEnded(int epoch, int batch, double loss) {
                        seen.addLast(net.params().stream().map(p -> p.value().dup()).toList());
                        if (seen.size() > 2) seen.removeFirst();
                    }
                };
        var e =
                assertThrows(
                        TrainingDiverged.class,
                        () -> trainer.fit(data, null, TrainConfig.of(5, 10, 1), watch));
        assertTrue(
                e.getMessage()
                        .matches(
                                "(?s).*the loss became (NaN|infinite) at epoch \\d+, batch \\d+ of 20.*η.*50.*"),
                e.getMessage());
        for (Parameter p : net.params()) {
            assertFalse(
                    p.value().isNaN().any() || p.value().isInfinite().any(),
                    p.name() + " must hold finite values");
        }
        assertEquals(2, seen.size(), "it ran a few batches first");
        for (int i = 0; i < net.params().size(); i++) {
            assertEquals(
                    seen.getFirst().get(i),
                    net.params().get(i).value(),
                    net.params().get(i).name() + " is the last good value");
        }
        assertTrue(
                e.history().notes().get(0).startsWith("the loss became"),
                e.history().notes().toString());
    }

    @Test
    void earlyStoppingKeepsTheBestEpoch() {
        var train = Playground.make(Playground.Shape.GAUSSIAN, 200, 0, 5);
        // validation labels flipped: the better the network fits, the worse the validation loss
        var flipped = new DataSet("flipped", train.x(), train.y().rsub(1));
        var net = mlp(5);
        var history =
                new Trainer(net, new BinaryCrossEntropy(), new Adam(0.01))
                        .fit(train, flipped, TrainConfig.of(20, 20, 1).withPatience(2));
        assertTrue(history.epochs() < 20, "it stopped early: " + history.epochs());
        assertTrue(
                history.notes().stream().anyMatch(n -> n.startsWith("stopped early")),
                history.notes().toString());
        var best = Trainer.evaluate(net, new BinaryCrossEntropy(), flipped).loss();
        assertEquals(
                history.table().doubleColumn(History.VALIDATION_LOSS).min(),
                best,
                1e-5,
                "the best epoch's parameters are back");
    }

    @Test
    void aZeroOutputLayerIsNotASmallStep() {
        // network3 starts its softmax layer at zero: the first update cannot reach the hidden
        // layer (its gradient passes through the zero weights), which is not a sign of a small η
        var data = Playground.make(Playground.Shape.GAUSSIAN, 100, 0, 6);
        var hidden = new Dense("hidden", 2, 20, Init.HE, 1);
        var output = new Dense("output", 20, 2, Init.XAVIER, 2);
        output.weights().value().assign(0);
        var net = new Network("zero top", hidden, new Relu("relu"), output);
        var twoClasses = new DataSet("two", data.x(), Nd4j.concat(1, data.y().rsub(1), data.y()));
        var history =
                new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(0.05))
                        .fit(twoClasses, null, TrainConfig.of(3, 20, 1), new TrainingListener() {});
        assertTrue(
                history.warnings().stream().noneMatch(w -> w.contains("update/weight ratio")),
                history.warnings().toString());
        assertTrue(history.last(History.TRAIN_ACCURACY) > 0.8, "and it learns");
    }

    @Test
    void healthWarningsReachTheHistory() {
        var data = Playground.make(Playground.Shape.GAUSSIAN, 100, 0, 6);
        var ten = new DataSet("ten", data.x(), org.dlkit.data.Labels.oneHot(new int[100], 10));
        // weights 100 times too large: the first loss is far from ln 10
        var dense = new Dense("out", 2, 10, Init.HE, 1);
        dense.params().get(0).value().muli(100);
        var net = new Network("loud", dense);
        var warnings = new ArrayList<String>();
        var history =
                new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(1e-9))
                        .fit(
                                ten,
                                null,
                                TrainConfig.of(1, 100, 1),
                                new TrainingListener() {
                                    @Override
                                    public void warning(String w) {
                                        warnings.add(w);
                                    }
                                });
        assertTrue(
                history.warnings().stream().anyMatch(w -> w.contains("ln(10)")),
                history.warnings().toString());
        assertTrue(
                history.warnings().stream()
                        .anyMatch(
                                w -> w.contains("update/weight ratio") && w.contains("too small")),
                history.warnings().toString());
        assertEquals(history.warnings(), warnings);
    }

    /**
     * A network that has learned its training set takes tiny steps because its gradient is tiny,
     * not because η is: no "η is probably too small" then, and a ratio warning comes at most once
     * per weight in a run (it came every epoch, twenty lines in a lesson).
     */
    @Test
    void updateRatioWarningsComeOncePerWeightAndNotAfterTheDataIsLearned() {
        var x = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}});
        var y = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}});
        // inputs ×20 and η = 100: one step puts both examples far on their sides, the loss becomes
        // 0 in float32 and so do the gradients and the updates
        var learned =
                new Trainer(
                                new Network("easy", new Dense("out", 2, 2, Init.XAVIER, 1)),
                                new SoftmaxCrossEntropy(),
                                new Sgd(100))
                        .fit(
                                new DataSet("two, large", x.mul(20), y),
                                null,
                                TrainConfig.of(5, 2, 1));
        assertTrue(learned.last(History.TRAIN_LOSS) < 1e-6, learned.table().print());
        assertTrue(
                learned.warnings().stream().noneMatch(w -> w.contains("too small")),
                learned.warnings().toString());
        // random data and a tiny η: a different tiny ratio every epoch, one warning
        var noise =
                new DataSet(
                        "noise",
                        Nd4j.rand(7, new long[] {64, 2}).castTo(DataType.FLOAT),
                        Nd4j.eye(2).getRows(new int[64]).castTo(DataType.FLOAT));
        var crawling =
                new Trainer(
                                new Network("slow", new Dense("out", 2, 2, Init.XAVIER, 1)),
                                new SoftmaxCrossEntropy(),
                                new Sgd(1e-8))
                        .fit(noise, null, TrainConfig.of(10, 16, 1));
        assertEquals(
                1,
                crawling.warnings().stream().filter(w -> w.contains("update/weight ratio")).count(),
                crawling.warnings().toString());
    }

    /**
     * Every kind of layer that keeps state, as a CNN; conv1 takes the first-layer shortcut in
     * Trainer.step. (No bias feeds a batch norm directly: its gradient would be rounding noise,
     * which AdaGrad and RMSProp would blow up into steps of ±η.)
     */
    private static Network everyLayer() {
        return new Network(
                "every layer",
                new org.dlkit.nn.Conv2D("conv1", 2, 4, 3, 1, 1, Init.HE, 1),
                new Relu("relu1"),
                org.dlkit.nn.Pooling.max("pool1", 2),
                new org.dlkit.nn.BatchNorm("bn1", 4),
                new org.dlkit.nn.Conv2D("conv2", 4, 6, 3, Init.HE, 2),
                org.dlkit.nn.Pooling.average("pool2", 2),
                new org.dlkit.nn.Flatten("flatten"),
                new Dense("hidden", 6, 8, Init.HE, 3),
                new Tanh("tanh"),
                new org.dlkit.nn.BatchNorm("bn2", 8),
                new org.dlkit.nn.Dropout("dropout", 0.3, 4),
                new Dense("out", 8, 3, Init.XAVIER, 5));
    }

    /**
     * Trainer.step runs in memory reused from step to step (StepMemory). Whatever outlives a step —
     * optimiser state, batch-norm averages, parameters — must not live there: the same steps taken
     * by hand in ordinary memory must give the same parameters, for every optimiser.
     */
    @Test
    void stepsInReusedMemoryMatchStepsInOrdinaryMemory() {
        var rng = new java.util.Random(9);
        List<java.util.function.Supplier<Optimizer>> optimizers =
                List.of(
                        () -> new Sgd(0.1),
                        () -> new Momentum(0.1, 0.9),
                        () -> new Nesterov(0.1, 0.9),
                        () -> new AdaGrad(0.1, 1e-8),
                        () -> new RmsProp(0.01, 0.9, 1e-8),
                        () -> new Adam(0.01));
        for (var make : optimizers) {
            Network inMemory = everyLayer();
            Network byHand = everyLayer();
            var trainer =
                    new Trainer(
                            inMemory, new SoftmaxCrossEntropy(), make.get(), WeightDecay.l2(1e-3));
            Optimizer optimizer = make.get();
            var loss = new SoftmaxCrossEntropy();
            for (int step = 0; step < 4; step++) {
                INDArray x =
                        Nd4j.randn(rng.nextLong(), new long[] {5, 2, 10, 10})
                                .castTo(DataType.FLOAT);
                INDArray y = org.dlkit.data.Labels.oneHot(new int[] {0, 1, 2, 1, 0}, 3);
                double a = trainer.step(x, y);
                double b = loss.forward(byHand.forward(x, org.dlkit.nn.Mode.TRAIN), y);
                byHand.zeroGrad();
                byHand.backward(loss.backward());
                WeightDecay.l2(1e-3).addTo(byHand.params());
                optimizer.step(byHand.params());
                assertEquals(b, a, 1e-5, optimizer + ", step " + step + ": loss");
            }
            for (int i = 0; i < byHand.params().size(); i++) {
                Parameter p = inMemory.params().get(i);
                assertFalse(
                        p.value().isAttached() || p.grad().isAttached(),
                        p.name() + " lives in the step's memory");
                assertArrayEquals(
                        byHand.params().get(i).value().reshape(-1).toFloatVector(),
                        p.value().reshape(-1).toFloatVector(),
                        1e-4f,
                        optimizer + ": " + p.name());
            }
            double[] evaluated = {
                trainer.evaluate(
                                new DataSet(
                                        "probe",
                                        Nd4j.rand(DataType.FLOAT, 7, 2, 10, 10),
                                        org.dlkit.data.Labels.oneHot(
                                                new int[] {0, 1, 2, 0, 1, 2, 0}, 3)))
                        .loss()
            };
            assertTrue(
                    Double.isFinite(evaluated[0]),
                    "evaluation after training (BN's running averages): " + evaluated[0]);
        }
    }

    @Test
    void nullsAreNamedNotNullPointerExceptions() {
        var data = Playground.make(Playground.Shape.XOR, 32, 0, 1);
        var trainer = new Trainer(mlp(3), new BinaryCrossEntropy(), new Sgd(0.5));
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> trainer.fit(null, null, TrainConfig.of(1, 8, 1)));
        assertTrue(
                e.getMessage().startsWith("Trainer.fit: the training set is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(data, null, null));
        assertTrue(e.getMessage().startsWith("Trainer.fit: config is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.evaluate(null));
        assertEquals("Trainer.evaluate: the set to evaluate is null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.network().predict(null));
        assertTrue(
                e.getMessage().endsWith(".predict: x is null (it needs a batch of examples)"),
                e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new org.dlkit.nn.Sigmoid("s").forward(null, org.dlkit.nn.Mode.TRAIN));
        assertEquals("Sigmoid[s].forward: x is null", e.getMessage());
    }

    @Test
    void badDataIsNamedBeforeTheFirstStep() {
        var data = Playground.make(Playground.Shape.XOR, 32, 0, 1);
        var trainer = new Trainer(mlp(3), new BinaryCrossEntropy(), new Sgd(0.5));
        var config = TrainConfig.of(1, 8, 1);
        INDArray x = data.x().dup();
        x.putScalar(17, 1, Double.NaN);
        x.putScalar(20, 0, Double.POSITIVE_INFINITY);
        var nanInX = new DataSet("xor-with-nan", x, data.y());
        INDArray before = trainer.network().params().get(0).value().dup();
        var e =
                assertThrows(
                        IllegalArgumentException.class, () -> trainer.fit(nanInX, null, config));
        assertEquals(
                "the training set DataSet[xor-with-nan](32 examples, x [32, 2], y [32, 1]) has a"
                        + " value that is not a finite number in x (the examples): NaN at row 17,"
                        + " column 1 (and 1 more). Training needs finite numbers: check how the"
                        + " set was made or loaded",
                e.getMessage());
        assertEquals(before, trainer.network().params().get(0).value(), "nothing was trained");

        INDArray y = data.y().dup();
        y.putScalar(3, 0, Double.NEGATIVE_INFINITY);
        var infInY = new DataSet("xor-labels", data.x(), y);
        e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(data, infInY, config));
        assertTrue(
                e.getMessage().startsWith("the validation set DataSet[xor-labels]")
                        && e.getMessage()
                                .contains("in y (the targets): -Infinity at row 3, column 0"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.evaluate(infInY));
        assertTrue(
                e.getMessage().startsWith("the set to evaluate DataSet[xor-labels]"),
                e.getMessage());

        INDArray images = Nd4j.zeros(DataType.FLOAT, 4, 2, 3, 5);
        images.putScalar(new long[] {2, 1, 0, 4}, Double.NaN);
        var imageSet = new DataSet("pictures", images, Nd4j.zeros(DataType.FLOAT, 4, 3));
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> imageSet.requireUsable("the training set"));
        assertTrue(
                e.getMessage().contains("NaN at example 2, channel 1, pixel (0, 4)"),
                e.getMessage());

        var empty =
                new DataSet(
                        "nothing",
                        Nd4j.zeros(DataType.FLOAT, 0, 2),
                        Nd4j.zeros(DataType.FLOAT, 0, 1));
        e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(empty, null, config));
        assertEquals(
                "the training set DataSet[nothing](0 examples, x [0, 2], y [0, 1]) is empty: it"
                        + " needs at least one example",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.evaluate(empty));
        assertTrue(
                e.getMessage().startsWith("the set to evaluate DataSet[nothing]"), e.getMessage());
        // a good set still trains after all that
        assertTrue(Double.isFinite(trainer.fit(data, data, config).last(History.TRAIN_LOSS)));
    }

    @Test
    void anInterruptStopsFitBetweenTwoStepsAndKeepsTheLastCompletedOne() {
        var data = Playground.make(Playground.Shape.XOR, 64, 0, 1);
        var trainer = new Trainer(mlp(5), new BinaryCrossEntropy(), new Sgd(0.5));
        var params = trainer.network().params();
        var afterStep5 = new ArrayList<INDArray>();
        var ended = new boolean[1];
        TrainingListener stopButton =
                new TrainingListener() {
                    @Override
                    public void batchEnded(int epoch, int batch, double loss) {
                        if (epoch == 2 && batch == 5) {
                            for (Parameter p : params) afterStep5.add(p.value().dup());
                            Thread.currentThread().interrupt(); // as Jupyter's stop button does
                        }
                    }

                    @Override
                    public void trainingEnded(History history) {
                        ended[0] = true;
                    }
                };
        var e =
                assertThrows(
                        TrainingInterrupted.class,
                        () -> trainer.fit(data, data, TrainConfig.of(50, 8, 1), stopButton));
        assertEquals(
                "training was interrupted before epoch 2, batch 6 of 8: the network keeps the"
                        + " parameters of the last completed step, and trainer.lastHistory() holds"
                        + " the 1 epoch completed",
                e.getMessage());
        assertFalse(Thread.currentThread().isInterrupted(), "the interrupt was taken");
        assertTrue(ended[0], "listeners heard the end (a live chart stops)");
        assertEquals(1, e.history().table().rowCount());
        assertTrue(e.history() == trainer.lastHistory());
        for (int i = 0; i < params.size(); i++)
            assertEquals(afterStep5.get(i), params.get(i).value(), params.get(i).name());
        // the kernel goes on: the same trainer trains and evaluates afterwards
        assertTrue(Double.isFinite(trainer.evaluate(data).loss()));
        assertEquals(2, trainer.fit(data, null, TrainConfig.of(2, 8, 1)).table().rowCount());
    }

    @Test
    void evaluationNeedsNoOptimiser() {
        var data = Playground.make(Playground.Shape.XOR, 64, 0, 1);
        var net = mlp(9);
        var trainer = new Trainer(net, new BinaryCrossEntropy(), new Sgd(0.5));
        trainer.fit(data, null, TrainConfig.of(5, 8, 1));
        var byTrainer = trainer.evaluate(data);
        var byItself = Trainer.evaluate(net, new BinaryCrossEntropy(), data);
        assertEquals(byTrainer.loss(), byItself.loss(), 0);
        assertEquals(byTrainer.accuracy(), byItself.accuracy(), 0);
    }
}
