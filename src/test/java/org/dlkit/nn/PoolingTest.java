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

    /**
     * On the CPU the layer runs its own loops; on a GPU, ND4J's operations. Both must give the same
     * numbers: float32 and float64, every kind, every case, a large batch that is split among the
     * cores, and the backward pass after an evaluation pass (no winners kept: ND4J's path).
     */
    @Test
    void theCpuLoopsAndNd4jsOperationsAgree() {
        int[][] cases = {CASES[0], CASES[1], CASES[2], CASES[3], CASES[4], {64, 20, 24, 24, 2, 2}};
        for (var type : new org.nd4j.linalg.api.buffer.DataType[] {FLOAT, DOUBLE}) {
            double tol = type == FLOAT ? 1e-5 : 1e-10;
            for (Pooling.Kind kind : Pooling.Kind.values()) {
                for (int[] t : cases) {
                    INDArray x =
                            Images4d.nd(Images4d.random(t[0], t[1], t[2], t[3], 3)).castTo(type);
                    var here = new Pooling("p", kind, t[4], t[5]);
                    var nd4j = new Pooling("p", kind, t[4], t[5], false);
                    INDArray y = here.forward(x, Mode.TRAIN);
                    Images4d.assertClose(Images4d.arr(nd4j.forward(x, Mode.TRAIN)), y, tol);
                    INDArray dOut =
                            Images4d.nd(
                                            Images4d.random(
                                                    t[0],
                                                    t[1],
                                                    (int) y.size(2),
                                                    (int) y.size(3),
                                                    4))
                                    .castTo(type);
                    double[][][][] expected = Images4d.arr(nd4j.backward(dOut));
                    Images4d.assertClose(expected, here.backward(dOut), tol);
                    here.forward(x, Mode.EVAL);
                    Images4d.assertClose(expected, here.backward(dOut), tol);
                }
            }
        }
    }

    /**
     * After ReLU a window often holds several equal largest values (zeros); its gradient goes to
     * the first of them, as in the loops — with windows that overlap too, where one cell can win
     * two windows and gets both gradients. Inputs that are views into a larger array (a slice of a
     * batch, a permuted array) give what their copies give.
     */
    @Test
    void tiesGoToTheFirstCellAndViewsPoolAsTheirCopies() {
        double[][][][] x = Images4d.random(3, 2, 7, 7, 11);
        for (var a : x)
            for (var b : a)
                for (var r : b)
                    for (int j = 0; j < r.length; j++) r[j] = Math.max(0, Math.round(r[j]));
        for (int[] ks : new int[][] {{2, 2}, {3, 2}, {3, 1}}) {
            var layer = new Pooling("p", Pooling.Kind.MAX, ks[0], ks[1]);
            INDArray y = layer.forward(Images4d.nd(x), Mode.TRAIN);
            double[][][][] dOut =
                    Images4d.random((int) y.size(0), 2, (int) y.size(2), (int) y.size(3), 12);
            Images4d.assertClose(
                    PoolLoops.backward(x, Pooling.Kind.MAX, ks[0], ks[1], dOut),
                    layer.backward(Images4d.nd(dOut)),
                    1e-6);
        }
        INDArray batch = Images4d.nd(Images4d.random(4, 3, 6, 6, 13));
        INDArray slice = batch.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3));
        INDArray permuted = batch.permute(0, 1, 3, 2);
        for (INDArray view : new INDArray[] {slice, permuted}) {
            var layer = Pooling.max("p", 2);
            INDArray y = layer.forward(view, Mode.TRAIN);
            assertEquals(
                    Pooling.max("p", 2).forward(view.dup('c'), Mode.TRAIN), y, "forward of a view");
            INDArray dOut =
                    Nd4j.rand(y.dataType(), y.shape())
                            .permute(0, 1, 3, 2)
                            .dup('c')
                            .permute(0, 1, 3, 2);
            var copy = Pooling.max("p", 2);
            copy.forward(view.dup('c'), Mode.TRAIN);
            assertEquals(copy.backward(dOut.dup('c')), layer.backward(dOut), "backward of a view");
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
