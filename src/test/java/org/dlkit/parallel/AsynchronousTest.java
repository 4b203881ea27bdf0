package org.dlkit.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.dlkit.data.DataSet;
import org.dlkit.nn.SoftmaxCrossEntropy;
import org.dlkit.train.Sgd;
import org.dlkit.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class AsynchronousTest {
    @BeforeAll
    static void float32() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void noStalenessIsPlainSgdOnTheSameBatches() {
        DataSet train = Toy.data(100, 1);
        var delayed = Toy.network(2);
        DelayedSgd.train(delayed, new SoftmaxCrossEntropy(), 0.3, train, 20, 12, 0, train, 4, 9);
        var plain = Toy.network(2);
        var trainer = new Trainer(plain, new SoftmaxCrossEntropy(), new Sgd(0.3));
        var random = new java.util.Random(9);
        DataSet order = train.select(DataSet.permutation(100, random));
        for (int t = 0; t < 12; t++) {
            if (t % 5 == 0 && t > 0) order = train.select(DataSet.permutation(100, random));
            DataSet b = order.rows(20 * (t % 5), 20 * (t % 5) + 20);
            trainer.step(b.x(), b.y());
        }
        assertTrue(Toy.maxDifference(Flat.values(plain), Flat.values(delayed)) < 1e-5);
    }

    @Test
    void aStaleGradientIsTakenAtTheOldWeights() {
        // with staleness 2 the first three updates all use w0's gradients, so after one and three
        // updates the weights are w0 − η·g(w0; batch 1) and w0 − η·(g1 + g2 + g3)(w0)
        DataSet train = Toy.data(60, 3);
        var stale = Toy.network(4);
        DelayedSgd.train(stale, new SoftmaxCrossEntropy(), 0.2, train, 20, 3, 2, train, 3, 5);
        var at0 = Toy.network(4);
        float[] w0 = Flat.values(at0);
        var random = new java.util.Random(5);
        DataSet order = train.select(DataSet.permutation(60, random));
        float[] expected = w0.clone();
        for (int t = 0; t < 3; t++) {
            Flat.setValues(at0, w0);
            DataSet b = order.rows(20 * t, 20 * t + 20);
            float[] g = Gradient.of(at0, new SoftmaxCrossEntropy(), b.x(), b.y()).mean();
            for (int i = 0; i < g.length; i++) expected[i] -= (float) (0.2 * g[i]);
        }
        assertTrue(Toy.maxDifference(expected, Flat.values(stale)) < 1e-5);
    }

    @Test
    void moreStalenessLearnsSlowerAtALargeStep() {
        DataSet train = Toy.data(400, 1);
        double[] finalLoss = new double[3];
        int[] delays = {0, 4, 16};
        for (int k = 0; k < 3; k++) {
            var curve =
                    DelayedSgd.train(
                            Toy.network(2),
                            new SoftmaxCrossEntropy(),
                            0.5,
                            train,
                            10,
                            60,
                            delays[k],
                            train,
                            20,
                            1);
            assertEquals(4, curve.loss().length);
            assertArrayEquals(new int[] {0, 20, 40, 60}, curve.updates());
            finalLoss[k] = Arrays.stream(curve.loss()).sum();
        }
        assertTrue(
                finalLoss[0] < finalLoss[1] && finalLoss[1] < finalLoss[2],
                Arrays.toString(finalLoss));
    }

    @Test
    void oneWorkerAroundAServerIsPlainSgdWithNoStaleness() {
        DataSet train = Toy.data(100, 1);
        var run =
                ParameterServer.train(
                        () -> Toy.network(2), SoftmaxCrossEntropy::new, train, 1, 20, 12, 0.3, 9);
        assertEquals(12, run.updates());
        assertEquals(12, run.staleness().length);
        assertEquals(0, run.meanStaleness());
        var delayed = Toy.network(2);
        DelayedSgd.train(delayed, new SoftmaxCrossEntropy(), 0.3, train, 20, 12, 0, train, 12, 9);
        assertTrue(Toy.maxDifference(run.weights(), Flat.values(delayed)) < 1e-5);
    }

    @Test
    void severalWorkersMakeExactlyTheUpdatesAskedAndLearn() {
        DataSet train = Toy.data(600, 1);
        var run =
                ParameterServer.train(
                        () -> Toy.network(2), SoftmaxCrossEntropy::new, train, 3, 10, 150, 0.3, 9);
        assertEquals(150, run.updates());
        assertEquals(150, run.staleness().length);
        assertTrue(Arrays.stream(run.staleness()).allMatch(s -> s >= 0 && s < 150));
        assertEquals(150, Arrays.stream(run.histogram()).sum());
        var net = Toy.network(2);
        double before = Trainer.evaluate(net, new SoftmaxCrossEntropy(), train).loss();
        Flat.setValues(net, run.weights());
        double after = Trainer.evaluate(net, new SoftmaxCrossEntropy(), train).loss();
        assertTrue(after < 0.7 * before, before + " → " + after);
    }

    @Test
    void aWorkerThatFailsIsReportedAndAShardSmallerThanABatchIsRefused() {
        DataSet train = Toy.data(30, 1);
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ParameterServer.train(
                                        () -> Toy.network(2),
                                        SoftmaxCrossEntropy::new,
                                        train,
                                        3,
                                        20,
                                        5,
                                        0.3,
                                        1));
        assertTrue(e.getMessage().contains("10 examples"), e.getMessage());
        var server = new ParameterServer(new float[4], 0.1);
        assertThrows(IllegalArgumentException.class, () -> server.push(new float[3], 0));
    }

    @Test
    void hogwildOnOneThreadIsSgdAndOnTwoStillLearns() {
        var data = SparseProblem.generate(20_000, 2_000, 8, 3);
        assertEquals(Math.log(2), data.loss(new double[2_000]), 1e-12);
        var locked = Hogwild.train(data, 1, 2, 0.1, true, 5);
        var free = Hogwild.train(data, 1, 2, 0.1, false, 5);
        assertArrayEquals(locked.weights(), free.weights(), "one thread: the lock changes nothing");
        double one = data.loss(free.weights());
        assertTrue(one < 0.45, "one thread: loss " + one);
        var two = Hogwild.train(data, 2, 2, 0.1, false, 5);
        double loss2 = data.loss(two.weights());
        assertTrue(Math.abs(loss2 - one) < 0.05, one + " vs " + loss2);
        assertTrue(data.accuracy(two.weights()) > 0.8);
    }

    @Test
    void aSparseProblemChecksItsArrays() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new SparseProblem(10, new int[5], 2, new byte[3]));
    }
}
