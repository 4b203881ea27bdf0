package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nd4j.linalg.api.buffer.DataType.DOUBLE;
import static org.nd4j.linalg.api.buffer.DataType.FLOAT;

import org.dlkit.check.GradientCheck;
import org.dlkit.nn.reference.PoolLoops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PoolingTest {

    /**
     * N, C, H, W, K, S: non-overlapping and overlapping windows, non-square inputs, several
     * channels.
     */
    static final int[][] CASES = {
        {1, 1, 4, 4, 2, 2},
        {2, 3, 6, 5, 2, 2},
        {2, 2, 7, 7, 3, 2},
        {1, 4, 5, 8, 3, 1},
        {3, 1, 9, 6, 3, 3}
    };

    @Test
    void everyKindMatchesItsLoopsAndPassesTheGradientCheck() {
        NnTesting.float64();
        try {
            for (Pooling.Kind kind : Pooling.Kind.values()) {
                var loops = kind;
                for (int[] t : CASES) {
                    var layer = new Pooling("pool", kind, t[4], t[5]);
                    double[][][][] x = Images4d.random(t[0], t[1], t[2], t[3], 7);
                    double[][][][] y = PoolLoops.forward(x, loops, t[4], t[5]);
                    Images4d.assertClose(y, layer.forward(Images4d.nd(x), Mode.TRAIN), 1e-10);
                    double[][][][] dOut =
                            Images4d.random(
                                    y.length, y[0].length, y[0][0].length, y[0][0][0].length, 8);
                    INDArray dOutNd = Images4d.nd(dOut);
                    Images4d.assertClose(
                            PoolLoops.backward(x, loops, t[4], t[5], dOut),
                            layer.backward(dOutNd),
                            1e-8);
                    assertEquals(Images4d.nd(dOut), dOutNd, "dOut unchanged");
                    NnTesting.assertGradientsOk(GradientCheck.layer(layer, Images4d.nd(x), 3));
                }
            }
        } finally {
            NnTesting.float32();
        }
    }

    @Test
    void maxPoolOfHandout003sFeatureMap() {
        // 2×2 max pooling of a feature map keeps the largest response of each window
        var x =
                Nd4j.createFromArray(
                        new float[][][][] {
                            {{{1, 3, 17, 4}, {7, 2, 4, 4}, {21, 5, 0, 1}, {0, 9, 2, 3}}}
                        });
        INDArray y = Pooling.max("pool", 2).forward(x, Mode.EVAL);
        assertArrayEquals(new float[] {7, 17, 21, 3}, y.reshape(-1).toFloatVector());
        assertArrayEquals(
                new long[] {20, 12, 12}, Pooling.max("p", 2).outputShape(new long[] {20, 24, 24}));
    }

    @Test
    void nanAndInfinityComeOutAsInTheLoops() {
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
        // windows: {1, NaN, 3, 2}; all NaN; {∞, 0, 1, 2}; {−∞, −∞, −∞, −∞}
        double[][][][] x = {
            {{{1, nan, nan, nan}, {3, 2, nan, nan}, {inf, 0, -inf, -inf}, {1, 2, -inf, -inf}}}
        };
        for (Pooling.Kind kind : Pooling.Kind.values()) {
            double[][][][] expected = PoolLoops.forward(x, kind, 2, 2);
            for (var type : new org.nd4j.linalg.api.buffer.DataType[] {FLOAT, DOUBLE}) {
                INDArray y =
                        new Pooling("pool", kind, 2, 2)
                                .forward(Images4d.nd(x).castTo(type), Mode.TRAIN);
                double[] got = y.castTo(DOUBLE).reshape(-1).toDoubleVector();
                double[] want = {
                    expected[0][0][0][0], expected[0][0][0][1],
                    expected[0][0][1][0], expected[0][0][1][1]
                };
                assertArrayEquals(want, got, 0, kind + " pooling in " + type);
            }
        }
        assertEquals(Double.NaN, PoolLoops.forward(x, Pooling.Kind.MAX, 2, 2)[0][0][0][0]);
    }

    @Test
    void badInputIsNamed() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Pooling.max("pool1", 2).forward(Nd4j.zeros(3, 10), Mode.TRAIN));
        assertEquals(
                "Pooling[pool1].forward: x expected [N, ?, ?, ?] but got [3, 10] (pooling takes images (N, C, H, W))",
                e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Pooling.max("pool1", 3).forward(Nd4j.zeros(1, 1, 2, 2), Mode.TRAIN));
        assertEquals(
                "Pooling[pool1].forward: x expected [N, C, H, W] with H, W ≥ 3 but got [N, 1, 2, 2] (a 3×3 window does not fit a 2×2 input)",
                e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Pooling("pool1", Pooling.Kind.MAX, 2, 0));
        assertEquals("Pooling[pool1].stride must be positive, got 0", e.getMessage());
    }
}
