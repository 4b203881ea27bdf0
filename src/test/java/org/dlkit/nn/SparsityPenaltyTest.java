package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.check.GradientCheck;
import org.dlkit.nn.reference.SparsityLoops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class SparsityPenaltyTest {

    private static double[][] sigmoids(int n, int m, long seed) {
        return NnTesting.arr(Transforms.sigmoid(NnTesting.nd(NnTesting.random(n, m, seed))));
    }

    @Test
    void klMatchesItsLoopsAndPassesActivationsThrough() {
        NnTesting.float64();
        try {
            double[][] a = sigmoids(6, 4, 1), dOut = NnTesting.random(6, 4, 2);
            var layer = SparsityPenalty.kl("sparse", 0.05, 3);
            INDArray x = NnTesting.nd(a);
            INDArray y = layer.forward(x, Mode.TRAIN);
            assertEquals(x, y, "forward is the identity");
            assertEquals(SparsityLoops.penalty(a, 0.05, 3), layer.penalty(), 1e-12);
            NnTesting.assertClose(
                    new double[][] {SparsityLoops.meanActivation(a)},
                    layer.meanActivation(),
                    1e-12);
            double[][] g = SparsityLoops.gradient(a, 0.05, 3);
            for (int n = 0; n < 6; n++) for (int j = 0; j < 4; j++) g[n][j] += dOut[n][j];
            NnTesting.assertClose(g, layer.backward(NnTesting.nd(dOut)), 1e-12);
        } finally {
            NnTesting.float32();
        }
    }

    @Test
    void thePenaltyIsZeroExactlyWhenEveryUnitIsOnAsOftenAsAsked() {
        var layer = SparsityPenalty.kl("sparse", 0.25, 1);
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 0.5f}, {0, 0.5f}, {0, 0}});
        layer.forward(x, Mode.TRAIN); // means 0.25 and 0.25
        assertEquals(0, layer.penalty(), 1e-6);
        layer.forward(Nd4j.valueArrayOf(new long[] {4, 2}, 0.5f), Mode.TRAIN);
        assertTrue(layer.penalty() > 0.2, "units on half of the time cost: " + layer.penalty());
    }

    @Test
    void everyKindPassesTheGradientCheckAloneAndInANetwork() {
        NnTesting.float64();
        try {
            INDArray rows = Transforms.sigmoid(NnTesting.nd(NnTesting.random(5, 3, 3)));
            NnTesting.assertGradientsOk(
                    GradientCheck.layer(SparsityPenalty.kl("kl", 0.1, 2), rows, 4));
            NnTesting.assertGradientsOk(
                    GradientCheck.layer(
                            SparsityPenalty.l1("l1", 0.7),
                            NnTesting.nd(NnTesting.random(5, 3, 5)),
                            6));
            INDArray maps =
                    Transforms.sigmoid(Nd4j.randn(7, new long[] {2, 3, 4, 4}))
                            .castTo(DataType.DOUBLE);
            NnTesting.assertGradientsOk(
                    GradientCheck.layer(SparsityPenalty.kl("kl maps", 0.1, 2), maps, 8));
            var net =
                    new Network(
                            "sparse autoencoder",
                            new Dense("encode", 6, 4, Init.XAVIER, 1),
                            new Sigmoid("code"),
                            SparsityPenalty.kl("sparse", 0.05, 3),
                            new Dense("decode", 4, 6, Init.XAVIER, 2),
                            new Sigmoid("out"));
            INDArray x = Nd4j.rand(9, new long[] {8, 6}).castTo(DataType.DOUBLE);
            NnTesting.assertGradientsOk(
                    GradientCheck.network(net, new MeanSquaredError(), x, x.dup()));
            net.forward(x, Mode.TRAIN);
            assertEquals(
                    net.layers().get(2).penalty(),
                    net.penalty(),
                    0,
                    "the network sums its layers'");
        } finally {
            NnTesting.float32();
        }
    }

    @Test
    void badSettingsAndReluInputsAreExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> SparsityPenalty.kl("s", 1.5, 1));
        assertEquals("SparsityPenalty[s]: the target ρ must be in (0, 1), got 1.5", e.getMessage());
        var r =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                SparsityPenalty.kl("s", 0.05, 1)
                                        .forward(
                                                Nd4j.createFromArray(new float[][] {{2, 0}}),
                                                Mode.TRAIN));
        assertTrue(
                r.getMessage().contains("use SparsityPenalty.l1 for ReLU units"), r.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SparsityPenalty.l1("s", -1));
    }
}
