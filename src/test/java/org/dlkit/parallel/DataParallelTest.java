package org.dlkit.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.data.DataSet;
import org.dlkit.nn.BatchNorm;
import org.dlkit.nn.Dense;
import org.dlkit.nn.Init;
import org.dlkit.nn.Network;
import org.dlkit.nn.SoftmaxCrossEntropy;
import org.dlkit.nn.Tanh;
import org.dlkit.train.Momentum;
import org.dlkit.train.Sgd;
import org.dlkit.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class DataParallelTest {
    @BeforeAll
    static void float32() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7})
    void kWorkersStepsAreOneWorkersStepsOnTheWholeBatch(int workers) {
        DataSet data = Toy.data(60, 1);
        var single = Toy.network(5);
        var parallel = Toy.network(5);
        var one = new Trainer(single, new SoftmaxCrossEntropy(), new Momentum(0.1, 0.9));
        var momentum = new Momentum(0.1, 0.9);
        for (int s = 0; s < 4; s++) {
            DataSet batch = data.rows(15 * s, 15 * s + 15);
            double a = one.step(batch.x(), batch.y());
            double b =
                    DataParallel.step(
                            parallel,
                            new SoftmaxCrossEntropy(),
                            momentum,
                            batch.x(),
                            batch.y(),
                            workers);
            assertEquals(a, b, 1e-6, "the batch's loss, step " + s);
        }
        double diff = Toy.maxDifference(Flat.values(single), Flat.values(parallel));
        assertTrue(diff < 1e-5, workers + " workers differ from one by " + diff);
        assertTrue(
                Toy.maxDifference(Flat.values(single), Flat.values(Toy.network(5))) > 1e-3,
                "the steps moved the weights");
    }

    @Test
    void theShardsGradientsSumToTheBatchsSum() {
        DataSet batch = Toy.data(10, 2);
        var net = Toy.network(3);
        Gradient whole = Gradient.of(net, new SoftmaxCrossEntropy(), batch.x(), batch.y());
        Gradient parts =
                DataParallel.gradient(net, new SoftmaxCrossEntropy(), batch.x(), batch.y(), 3);
        assertEquals(10, whole.count());
        assertEquals(10, parts.count());
        assertTrue(Toy.maxDifference(whole.sum(), parts.sum()) < 1e-5);
        assertEquals(whole.lossSum(), parts.lossSum(), 1e-5);
        assertEquals(whole.meanLoss(), whole.lossSum() / 10, 1e-12);
    }

    @Test
    void batchNormalisationBreaksTheEqualityItNormalisesEachShardByItself() {
        DataSet batch = Toy.data(40, 4);
        Network single = withBatchNorm(), parallel = withBatchNorm();
        new Trainer(single, new SoftmaxCrossEntropy(), new Sgd(0.5)).step(batch.x(), batch.y());
        DataParallel.step(
                parallel, new SoftmaxCrossEntropy(), new Sgd(0.5), batch.x(), batch.y(), 4);
        assertTrue(Toy.maxDifference(Flat.values(single), Flat.values(parallel)) > 1e-4);
    }

    private static Network withBatchNorm() {
        return new Network(
                "bn",
                new Dense("h", 6, 16, Init.XAVIER, 1),
                new BatchNorm("bn", 16),
                new Tanh("t"),
                new Dense("o", 16, 3, Init.XAVIER, 2));
    }

    @Test
    void tooManyWorkersOrMismatchedGradientsAreRefused() {
        DataSet batch = Toy.data(3, 2);
        var net = Toy.network(3);
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                DataParallel.gradient(
                                        net, new SoftmaxCrossEntropy(), batch.x(), batch.y(), 4));
        assertTrue(e.getMessage().contains("3 examples"), e.getMessage());
        var g = new Gradient(new float[3], 0, 1);
        var h = new Gradient(new float[4], 0, 1);
        assertThrows(IllegalArgumentException.class, () -> g.plus(h));
        assertThrows(IllegalStateException.class, () -> new Gradient(new float[3], 0, 0).mean());
    }
}
