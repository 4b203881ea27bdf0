package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dlkit.check.GradientCheck;
import org.dlkit.nn.reference.ConvLoops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Conv2DTest {

    /**
     * N, C, H, W, F, K, S, P: square and non-square inputs, strides 1–3, padding 0–2, several
     * channels.
     */
    static final int[][] CASES = {
        {1, 1, 5, 5, 1, 3, 1, 0}, {2, 3, 7, 5, 4, 3, 1, 1}, {3, 2, 8, 9, 3, 3, 2, 0},
        {2, 4, 6, 7, 2, 2, 2, 1}, {1, 2, 9, 6, 3, 5, 3, 2}, {2, 1, 6, 6, 2, 3, 1, Conv2D.SAME},
    };

    @Test
    void matchesItsLoopsAndPassesTheGradientCheck() {
        NnTesting.float64();
        try {
            for (int[] t : CASES) {
                var layer = new Conv2D("conv", t[1], t[4], t[5], t[6], t[7], Init.HE, 3);
                int pad = layer.padding();
                layer.bias().value().assign(Nd4j.rand(layer.bias().value().dataType(), t[4]));
                double[][][][] x = Images4d.random(t[0], t[1], t[2], t[3], 1);
                double[][][][] w = Images4d.arr(layer.weights().value());
                double[] b = layer.bias().value().toDoubleVector();
                double[][][][] y = ConvLoops.forward(x, w, b, t[6], pad);
                Images4d.assertClose(y, layer.forward(Images4d.nd(x), Mode.TRAIN), 1e-10);
                double[][][][] dOut =
                        Images4d.random(
                                y.length, y[0].length, y[0][0].length, y[0][0][0].length, 2);
                INDArray dOutNd = Images4d.nd(dOut);
                INDArray dX = layer.backward(dOutNd);
                var ref = ConvLoops.backward(x, w, dOut, t[6], pad);
                Images4d.assertClose(ref.dX(), dX, 1e-10);
                Images4d.assertClose(ref.dW(), layer.weights().grad(), 1e-10);
                assertArrayEquals(ref.db(), layer.bias().grad().toDoubleVector(), 1e-10);
                assertEquals(Images4d.nd(dOut), dOutNd, "dOut unchanged");
                NnTesting.assertGradientsOk(GradientCheck.layer(layer, Images4d.nd(x), 4));
            }
        } finally {
            NnTesting.float32();
        }
    }

    /**
     * The first layer's shortcut (a dilated convolution for ∂L/∂W, no ∂L/∂x) against the loops, in
     * float64 and float32.
     */
    @Test
    void firstLayerGradientsMatchTheLoops() {
        for (boolean doubles : new boolean[] {true, false}) {
            if (doubles) NnTesting.float64();
            try {
                for (int[] t : CASES) {
                    var layer = new Conv2D("conv", t[1], t[4], t[5], t[6], t[7], Init.HE, 5);
                    double[][][][] x = Images4d.random(t[0], t[1], t[2], t[3], 7);
                    double[][][][] w = Images4d.arr(layer.weights().value());
                    INDArray y = layer.forward(Images4d.nd(x), Mode.TRAIN);
                    double[][][][] dOut =
                            Images4d.random(
                                    (int) y.size(0),
                                    (int) y.size(1),
                                    (int) y.size(2),
                                    (int) y.size(3),
                                    8);
                    layer.backwardParams(Images4d.nd(dOut));
                    var ref = ConvLoops.backward(x, w, dOut, t[6], layer.padding());
                    double tolerance = doubles ? 1e-10 : 1e-4;
                    Images4d.assertClose(ref.dW(), layer.weights().grad(), tolerance);
                    assertArrayEquals(ref.db(), layer.bias().grad().toDoubleVector(), tolerance);
                }
            } finally {
                NnTesting.float32();
            }
        }
    }

    @Test
    void outputSizeRule() {
        // handout 000: 28×28, 5×5 → 24×24; handout 004's Keras network: 28×28, 3×3 → 26×26
        assertArrayEquals(
                new long[] {20, 24, 24},
                new Conv2D("c", 1, 20, 5, Init.HE, 1).outputShape(new long[] {1, 28, 28}));
        assertArrayEquals(
                new long[] {25, 26, 26},
                new Conv2D("c", 1, 25, 3, Init.HE, 1).outputShape(new long[] {1, 28, 28}));
        // 6×6 image, 3×3 filter: stride 1 → 4×4, stride 2 → 2×2
        assertArrayEquals(
                new long[] {2, 4, 4},
                new Conv2D("c", 1, 2, 3, 1, 0, Init.HE, 1).outputShape(new long[] {1, 6, 6}));
        assertArrayEquals(
                new long[] {2, 2, 2},
                new Conv2D("c", 1, 2, 3, 2, 0, Init.HE, 1).outputShape(new long[] {1, 6, 6}));
        assertArrayEquals(
                new long[] {8, 28, 28},
                new Conv2D("c", 1, 8, 5, 1, Conv2D.SAME, Init.HE, 1)
                        .outputShape(new long[] {1, 28, 28}));
        assertEquals(
                250,
                new Conv2D("c", 1, 25, 3, Init.HE, 1)
                        .params().stream().mapToLong(Parameter::size).sum());
    }

    @Test
    void handout002Example() {
        // the 5×5 image and 3×3 kernel of handout 002, whose valid convolution is
        // [[12,12,17],[10,17,19],[9,6,14]]
        double[][] image = {
            {3, 3, 2, 1, 0}, {0, 0, 1, 3, 1}, {3, 1, 2, 2, 3}, {2, 0, 0, 2, 2}, {2, 0, 0, 0, 1}
        };
        double[][] kernel = {{0, 1, 2}, {2, 2, 0}, {0, 1, 2}};
        var layer = new Conv2D("c", 1, 1, 3, Init.HE, 1);
        layer.weights()
                .set(
                        Nd4j.createFromArray(new double[][][][] {{kernel}})
                                .castTo(layer.weights().value().dataType()));
        INDArray y =
                layer.forward(
                        Nd4j.createFromArray(new double[][][][] {{image}})
                                .castTo(layer.weights().value().dataType()),
                        Mode.EVAL);
        assertEquals(
                "[[12.0, 12.0, 17.0], [10.0, 17.0, 19.0], [9.0, 6.0, 14.0]]",
                java.util.Arrays.deepToString(
                        y.reshape(3, 3)
                                .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                                .toDoubleMatrix()));
    }

    @Test
    void badInputIsNamed() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Conv2D("conv1", 1, 8, 5, 0, 0, Init.HE, 1));
        assertEquals("Conv2D[conv1].stride must be positive, got 0", e.getMessage());
        var layer = new Conv2D("conv1", 1, 8, 5, Init.HE, 1);
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> layer.forward(Nd4j.zeros(2, 1, 3, 3), Mode.TRAIN));
        assertEquals(
                "Conv2D[conv1].forward: x expected [N, 1, H, W] with H, W ≥ 5 but got [N, 1, 3, 3] (a 5×5 kernel does not fit a 3×3 input with padding 0: the padded input is 3×3)",
                e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> layer.forward(Nd4j.zeros(2, 3, 28, 28), Mode.TRAIN));
        assertEquals(
                "Conv2D[conv1].forward: x expected [N, 1, ?, ?] but got [2, 3, 28, 28] (the layer before gives 3 channels)",
                e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> layer.forward(Nd4j.zeros(2, 784), Mode.TRAIN));
        assertEquals(
                "Conv2D[conv1].forward: x expected [N, 1, ?, ?] but got [2, 784] (images must be (N, C, H, W): reshape rows with Mnist.images(x))",
                e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Conv2D("conv2", 1, 8, 4, 1, Conv2D.SAME, Init.HE, 1));
        assertEquals("Conv2D[conv2]: SAME padding needs an odd kernel, got 4", e.getMessage());
    }
}
