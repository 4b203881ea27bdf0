package org.dlkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dlkit.nn.Conv2D;
import org.dlkit.nn.Dense;
import org.dlkit.nn.Dropout;
import org.dlkit.nn.Flatten;
import org.dlkit.nn.Init;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;
import org.dlkit.nn.Pooling;
import org.dlkit.nn.Relu;
import org.dlkit.nn.Sigmoid;
import org.dlkit.nn.SoftmaxCrossEntropy;
import org.dlkit.tensor.Cores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ShardedStepTest {
    @BeforeEach
    void float64() {
        // float64 so that the only difference between the two ways is the order of additions
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void float32() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        System.clearProperty("dlkit.cores");
    }

    /** Lesson 08's network, the one kit bench times. */
    private static Network cnn() {
        return new Network(
                "cnn",
                new Conv2D("conv1", 1, 4, 5, Init.HE, 1),
                Pooling.max("pool1", 2),
                new Relu("relu1"),
                new Conv2D("conv2", 4, 6, 5, Init.HE, 2),
                Pooling.max("pool2", 2),
                new Relu("relu2"),
                new Flatten("flatten"),
                new Dense("fc", 96, 20, Init.HE, 3),
                new Sigmoid("sigmoid"),
                new Dense("output", 20, 10, Init.XAVIER, 4));
    }

    private static INDArray images(int n, long seed) {
        return Nd4j.randn(seed, new long[] {n, 1, 28, 28});
    }

    private static INDArray labels(int n) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 10);
        for (int i = 0; i < n; i++) y.putScalar(i, (i * 7) % 10, 1);
        return y;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void theShardsGradientsAreTheBatchsGradients(int shards) {
        INDArray x = images(37, 11), y = labels(37); // 37: shards of unequal sizes
        Network whole = cnn(), cut = cnn();
        var loss = new SoftmaxCrossEntropy();
        double expected = loss.forward(whole.forward(x, Mode.TRAIN), y);
        whole.zeroGrad();
        whole.backwardParams(loss.backward());

        var step = ShardedStep.of(cut, new SoftmaxCrossEntropy());
        assertNotNull(step, "every layer of this network has a replica");
        long[] correct = {0};
        double value = step.gradients(x, y, shards, correct);

        assertEquals(expected, value, 1e-12, "the batch's mean loss");
        List<Parameter> a = whole.params(), b = cut.params();
        for (int i = 0; i < a.size(); i++) {
            double scale = a.get(i).grad().amaxNumber().doubleValue();
            double diff = a.get(i).grad().sub(b.get(i).grad()).amaxNumber().doubleValue();
            assertTrue(scale > 0, a.get(i).name() + " has a gradient");
            assertTrue(
                    diff <= 1e-12 * Math.max(1, scale),
                    a.get(i).name() + ": " + shards + " shards differ from the batch by " + diff);
        }
        assertEquals(Metrics.correct(whole.forward(x, Mode.EVAL), y, 0.5), correct[0]);
    }

    @Test
    void aTrainerOnSeveralCoresTrainsAsOnOne() {
        INDArray x = images(64, 5), y = labels(64);
        Network one = cnn(), several = cnn();
        System.setProperty("dlkit.cores", "1");
        var single = new Trainer(one, new SoftmaxCrossEntropy(), new Momentum(0.05, 0.9));
        for (int s = 0; s < 3; s++) single.step(x, y);
        System.setProperty("dlkit.cores", "4");
        assertEquals(Math.min(4, Runtime.getRuntime().availableProcessors()), Cores.available());
        var sharded = new Trainer(several, new SoftmaxCrossEntropy(), new Momentum(0.05, 0.9));
        for (int s = 0; s < 3; s++) sharded.step(x, y);
        double moved = 0, diff = 0;
        for (int i = 0; i < one.params().size(); i++) {
            INDArray a = one.params().get(i).value(), b = several.params().get(i).value();
            diff = Math.max(diff, a.sub(b).amaxNumber().doubleValue());
            moved =
                    Math.max(
                            moved, a.sub(cnn().params().get(i).value()).amaxNumber().doubleValue());
        }
        assertTrue(moved > 1e-3, "the steps moved the weights");
        assertTrue(diff < 1e-10, "several cores and one differ by " + diff);
    }

    @Test
    void aReplicaSharesTheValuesAndKeepsItsOwnGradients() {
        Network net = cnn();
        Network twin = net.replica();
        INDArray x = images(4, 3);
        net.params().get(0).value().addi(0.5); // an optimiser's update, in place
        assertEquals(net.forward(x, Mode.EVAL), twin.forward(x, Mode.EVAL));
        twin.params().get(0).grad().assign(1);
        assertEquals(0.0, net.params().get(0).grad().amaxNumber().doubleValue());
    }

    @Test
    void aNetworkWithDropoutIsNotCut() {
        var net =
                new Network(
                        "dropout",
                        new Conv2D("conv", 1, 2, 5, Init.HE, 1),
                        new Flatten("flatten"),
                        new Dropout("d", 0.5, 2),
                        new Dense("o", 2 * 24 * 24, 10, Init.HE, 3));
        assertNull(net.replica(), "its masks would depend on how the batch is cut");
        assertNull(ShardedStep.of(net, new SoftmaxCrossEntropy()));
    }

    @Test
    void aNetworkWithoutAConvolutionKeepsTheWrittenOutStep() {
        var mlp =
                new Network(
                        "mlp",
                        new Dense("h", 4, 8, Init.HE, 1),
                        new Sigmoid("s"),
                        new Dense("o", 8, 2, Init.HE, 3));
        assertNotNull(mlp.replica(), "it could be cut");
        assertNull(ShardedStep.of(mlp, new SoftmaxCrossEntropy()), "but gains nothing from it");
        System.setProperty("dlkit.cores", "2");
        var trainer = new Trainer(mlp, new SoftmaxCrossEntropy(), new Sgd(0.1));
        assertEquals(1, trainer.shardsFor(64));
    }

    @Test
    void smallBatchesAreNotCut() {
        System.setProperty("dlkit.cores", "2");
        if (Cores.available() < 2) return; // a one-core machine never cuts
        assertEquals(1, ShardedStep.shards(ShardedStep.MIN_SHARD * 2 - 1));
        assertEquals(2, ShardedStep.shards(ShardedStep.MIN_SHARD * 2));
        assertEquals(2, ShardedStep.shards(1000));
    }
}
