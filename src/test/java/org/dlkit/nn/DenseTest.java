package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.check.GradientCheck;
import org.dlkit.nn.reference.DenseLoops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DenseTest {

    @Test
    void matchesItsLoopsAndPassesTheGradientCheck() {
        NnTesting.float64();
        try {
            for (int[] s : new int[][] {{1, 1, 1}, {4, 3, 5}, {7, 10, 2}}) {
                int n = s[0], d = s[1], m = s[2];
                var layer = new Dense("fc", d, m, Init.XAVIER, 42);
                layer.bias()
                        .value()
                        .assign(
                                NnTesting.nd(
                                        NnTesting.random(
                                                1, m,
                                                3))); // non-zero biases, so b is really tested
                double[][] x = NnTesting.random(n, d, 1), dOut = NnTesting.random(n, m, 2);
                double[][] w = NnTesting.arr(layer.weights().value());
                double[] b = NnTesting.arr(layer.bias().value())[0];
                NnTesting.assertClose(
                        DenseLoops.forward(x, w, b),
                        layer.forward(NnTesting.nd(x), Mode.TRAIN),
                        1e-12);
                INDArray dOutNd = NnTesting.nd(dOut);
                INDArray dX = layer.backward(dOutNd);
                var ref = DenseLoops.backward(x, w, dOut);
                NnTesting.assertClose(ref.dX(), dX, 1e-12);
                NnTesting.assertClose(ref.dW(), layer.weights().grad(), 1e-12);
                NnTesting.assertClose(new double[][] {ref.db()}, layer.bias().grad(), 1e-12);
                assertEquals(NnTesting.nd(dOut), dOutNd, "dOut unchanged");
                NnTesting.assertGradientsOk(GradientCheck.layer(layer, NnTesting.nd(x), 9));
            }
        } finally {
            NnTesting.float32();
        }
    }

    @Test
    void gradientsAccumulateUntilZeroed() {
        var layer = new Dense("fc", 3, 2, Init.HE, 1);
        INDArray x = Nd4j.rand(4, 3);
        layer.forward(x, Mode.TRAIN);
        layer.backward(Nd4j.ones(4, 2));
        INDArray once = layer.weights().grad().dup();
        layer.forward(x, Mode.TRAIN);
        layer.backward(Nd4j.ones(4, 2));
        assertEquals(once.mul(2), layer.weights().grad());
        layer.weights().zeroGrad();
        assertEquals(0.0, layer.weights().grad().sumNumber().doubleValue());
    }

    /** A first layer's backward gives the same ∂L/∂W and ∂L/∂b without the input's gradient. */
    @Test
    void backwardParamsGivesTheParameterGradientsOfBackward() {
        var full = new Dense("fc", 5, 3, Init.HE, 2);
        var first = new Dense("fc", 5, 3, Init.HE, 2);
        INDArray x = Nd4j.rand(6, 5);
        INDArray dOut = Nd4j.rand(6, 3).subi(0.5);
        full.forward(x, Mode.TRAIN);
        full.backward(dOut);
        first.forward(x, Mode.TRAIN);
        first.backwardParams(dOut);
        assertEquals(full.weights().grad(), first.weights().grad());
        assertEquals(full.bias().grad(), first.bias().grad());
        assertTrue(first.weights().grad().sumNumber().doubleValue() != 0, "a gradient was added");
    }

    @Test
    void aWrongWidthNamesLayerExpectedAndGot() {
        var layer = new Dense("hidden1", 784, 100, Init.HE, 1);
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> layer.forward(Nd4j.zeros(32, 785), Mode.TRAIN));
        assertEquals(
                "Dense[hidden1].forward: x expected [N, 784] but got [32, 785] (the layer before gives 785 features)",
                e.getMessage());
        var e4 =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> layer.forward(Nd4j.zeros(32, 1, 28, 28), Mode.TRAIN));
        assertTrue(
                e4.getMessage().endsWith("but got [32, 1, 28, 28] (did you forget Flatten?)"),
                e4.getMessage());
        var none =
                assertThrows(IllegalArgumentException.class, () -> layer.forward(null, Mode.TRAIN));
        assertEquals("Dense[hidden1].forward: x is null", none.getMessage());
        var conv = new Conv2D("conv1", 1, 4, 3, Init.HE, 1);
        var noImages =
                assertThrows(IllegalArgumentException.class, () -> conv.forward(null, Mode.TRAIN));
        assertEquals("Conv2D[conv1].forward: x is null", noImages.getMessage());
    }

    @Test
    void backwardBeforeForwardNamesTheLayer() {
        var e =
                assertThrows(
                        IllegalStateException.class,
                        () -> new Dense("out", 2, 1, Init.XAVIER, 1).backward(Nd4j.ones(1, 1)));
        assertTrue(
                e.getMessage().startsWith("Dense[out](2 → 1).backward called before forward"),
                e.getMessage());
    }

    @Test
    void handSetWeightsAreCheckedAndKept() {
        var w = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        var layer = new Dense("h", w, Nd4j.createFromArray(0.5f, -0.5f));
        assertEquals("Dense[h](3 → 2)", layer.toString());
        assertEquals(w, layer.weights().value());
        var e =
                assertThrows(
                        IllegalArgumentException.class, () -> new Dense("h", w, Nd4j.zeros(3)));
        assertTrue(
                e.getMessage()
                        .contains("b expected 2 values, one per column of W [3, 2] but got [3]"),
                e.getMessage());
    }

    @Test
    void initialisationIsSeededAndScaled() {
        var a = new Dense("a", 400, 300, Init.HE, 7).weights().value();
        assertEquals(a, new Dense("a", 400, 300, Init.HE, 7).weights().value());
        assertEquals(Math.sqrt(2.0 / 400), a.stdNumber().doubleValue(), 0.002);
        assertEquals(
                Math.sqrt(2.0 / 700),
                new Dense("b", 400, 300, Init.XAVIER, 7)
                        .weights()
                        .value()
                        .stdNumber()
                        .doubleValue(),
                0.002);
    }
}
