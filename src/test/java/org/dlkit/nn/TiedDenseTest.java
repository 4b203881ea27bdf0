package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dlkit.check.GradientCheck;
import org.dlkit.nn.reference.DenseLoops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TiedDenseTest {

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    /** The reference is a dense layer whose weights are Wᵀ; its ∂L/∂(Wᵀ) is ∂L/∂W transposed. */
    @Test
    void matchesDenseLoopsWithTheEncodersWeightsTransposed() {
        NnTesting.float64();
        try {
            for (int[] s : new int[][] {{1, 1, 1}, {4, 6, 3}, {5, 2, 7}}) {
                int n = s[0], d = s[1], m = s[2];
                var encoder = new Dense("enc", d, m, Init.XAVIER, 5);
                var tied = new TiedDense("dec", encoder);
                tied.bias().value().assign(NnTesting.nd(NnTesting.random(1, d, 3)));
                double[][] h = NnTesting.random(n, m, 1), dOut = NnTesting.random(n, d, 2);
                double[][] wT = transpose(NnTesting.arr(encoder.weights().value()));
                double[] c = NnTesting.arr(tied.bias().value())[0];
                NnTesting.assertClose(
                        DenseLoops.forward(h, wT, c),
                        tied.forward(NnTesting.nd(h), Mode.TRAIN),
                        1e-12);
                INDArray dX = tied.backward(NnTesting.nd(dOut));
                var ref = DenseLoops.backward(h, wT, dOut);
                NnTesting.assertClose(ref.dX(), dX, 1e-12);
                NnTesting.assertClose(transpose(ref.dW()), encoder.weights().grad(), 1e-12);
                NnTesting.assertClose(new double[][] {ref.db()}, tied.bias().grad(), 1e-12);
            }
        } finally {
            NnTesting.float32();
        }
    }

    /**
     * The shared W gets the sum of its two uses: checked numerically through a whole tied
     * autoencoder, where W appears once in the parameter list.
     */
    @Test
    void aTiedAutoencoderPassesTheGradientCheck() {
        NnTesting.float64();
        try {
            var encoder = new Dense("enc", 6, 3, Init.XAVIER, 7);
            var tied = new TiedDense("dec", encoder);
            tied.bias().value().assign(NnTesting.nd(NnTesting.random(1, 6, 4)));
            var net = new Network("ae", encoder, new Sigmoid("code"), tied, new Sigmoid("out"));
            assertEquals(
                    List.of("enc.W", "enc.b", "dec.b"),
                    net.params().stream().map(Parameter::name).toList(),
                    "W is listed once, by its owner");
            INDArray x = Nd4j.rand(8, 6).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            NnTesting.assertGradientsOk(
                    GradientCheck.network(net, new MeanSquaredError(), x, x.dup()));
        } finally {
            NnTesting.float32();
        }
    }

    @Test
    void aWrongWidthNamesTheEncoder() {
        var tied = new TiedDense("decode", new Dense("encode", 784, 64, Init.XAVIER, 1));
        assertEquals(64, tied.in());
        assertEquals(784, tied.out());
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> tied.forward(Nd4j.zeros(10, 784), Mode.TRAIN));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "TiedDense[decode].forward: x expected [N, 64] but got [10, 784]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Dense[encode](784 → 64)"), e.getMessage());
        var early =
                assertThrows(IllegalStateException.class, () -> tied.backward(Nd4j.zeros(10, 784)));
        assertTrue(early.getMessage().contains("before forward"), early.getMessage());
    }
}
