package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.data.Labels;
import org.dlkit.nn.SoftmaxCrossEntropy;
import org.dlkit.train.Momentum;
import org.dlkit.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class BenchTest {

    /**
     * The bench times the trainer's own step through wrapped layers: the wrapped network must take
     * exactly the steps the plain one takes, and every layer must have been timed.
     */
    @Test
    void timedLayersTakeTheSameStepsAndAreAllTimed() {
        var x = Nd4j.rand(5, new long[] {8, 1, 28, 28}).castTo(DataType.FLOAT);
        var y = Labels.oneHot(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 10);
        var plain = Bench.network();
        var layers = Bench.network().layers();
        var times = new Bench.Times(new long[layers.size()], new long[layers.size()], new long[1]);
        var timed = Bench.Timed.wrap("bench", layers, times);
        var a = new Trainer(plain, new SoftmaxCrossEntropy(), new Momentum(0.01, 0.9));
        var b = new Trainer(timed, new SoftmaxCrossEntropy(), new Momentum(0.01, 0.9));
        for (int i = 0; i < 3; i++) assertEquals(a.step(x, y), b.step(x, y), 0);
        for (int p = 0; p < plain.params().size(); p++)
            assertEquals(plain.params().get(p).value(), timed.params().get(p).value());
        for (int l = 0; l < layers.size(); l++) {
            assertTrue(times.forward()[l] > 0, layers.get(l) + " forward");
            assertTrue(times.backward()[l] > 0, layers.get(l) + " backward");
        }
        assertEquals(plain.toString(), timed.toString());
        times.clear();
        assertEquals(0, times.layers());
    }

    /** The matrix products of a training step, counted by hand for two workloads. */
    @Test
    void trainingFlopsCountEveryProductOnceAndNoInputGradientForTheFirstLayer() {
        var rows = Nd4j.zeros(DataType.FLOAT, 2, 784);
        long dense1 = 2L * 784 * 1000, dense2 = 2L * 1000 * 1000, top = 2L * 1000 * 10;
        assertEquals(
                2 * dense1 + 3 * (2 * dense2 + top),
                Bench.trainingFlops(Bench.Workload.SDA.network(), rows));
        assertEquals(
                2 * dense1 + 3 * dense1, // the tied decoder is a product of the same size
                Bench.trainingFlops(Bench.Workload.DAE.network(), rows));
        long conv1 = 2L * 1 * 25 * 20 * 24 * 24, conv2 = 2L * 20 * 25 * 40 * 8 * 8;
        long fc = 2L * 640 * 100, out = 2L * 100 * 10;
        assertEquals(
                2 * conv1 + 3 * (conv2 + fc + out),
                Bench.trainingFlops(Bench.network(), Nd4j.zeros(DataType.FLOAT, 2, 1, 28, 28)));
    }
}
