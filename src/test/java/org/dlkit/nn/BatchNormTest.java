package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dlkit.check.GradientCheck;
import org.dlkit.nn.reference.BatchNormLoops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchNormTest {

    @Test
    void denseInputMatchesItsLoopsAndPassesTheGradientCheck() {
        NnTesting.float64();
        try {
            var layer = new BatchNorm("bn", 5);
            double[] gamma = {1.5, -0.5, 2, 1, 0.3};
            double[] beta = {0.1, 0.2, -1, 0, 3};
            layer.params().get(0).set(Nd4j.createFromArray(gamma));
            layer.params().get(1).set(Nd4j.createFromArray(beta));
            double[][] x = NnTesting.random(8, 5, 1), dOut = NnTesting.random(8, 5, 2);
            NnTesting.assertClose(
                    BatchNormLoops.forward(x, gamma, beta),
                    layer.forward(NnTesting.nd(x), Mode.TRAIN),
                    1e-10);
            INDArray dX = layer.backward(NnTesting.nd(dOut));
            var ref = BatchNormLoops.backward(x, gamma, dOut);
            NnTesting.assertClose(ref.dX(), dX, 1e-10);
            assertArrayEquals(ref.dGamma(), layer.params().get(0).grad().toDoubleVector(), 1e-10);
            assertArrayEquals(ref.dBeta(), layer.params().get(1).grad().toDoubleVector(), 1e-10);
            NnTesting.assertGradientsOk(GradientCheck.layer(layer, NnTesting.nd(x), 3));
        } finally {
            NnTesting.float32();
        }
    }

    @Test
    void imagesNormalisePerChannelAndPassTheGradientCheck() {
        NnTesting.float64();
        try {
            var layer = new BatchNorm("bn", 3);
            INDArray x = Images4d.nd(Images4d.random(4, 3, 5, 6, 9)).muli(3).addi(2);
            INDArray y = layer.forward(x, Mode.TRAIN);
            assertArrayEquals(new double[] {0, 0, 0}, y.mean(0, 2, 3).toDoubleVector(), 1e-10);
            assertArrayEquals(new double[] {1, 1, 1}, y.var(false, 0, 2, 3).toDoubleVector(), 1e-4);
            NnTesting.assertGradientsOk(GradientCheck.layer(layer, x, 4));
        } finally {
            NnTesting.float32();
        }
    }

    @Test
    void evaluationUsesTheRunningStatistics() {
        // momentum 0: the running statistics are the last batch's
        var layer = new BatchNorm("bn", 2, 0.0);
        INDArray batch = Nd4j.createFromArray(new float[][] {{1, 10}, {3, 30}});
        layer.forward(batch, Mode.TRAIN);
        INDArray one = layer.forward(Nd4j.createFromArray(new float[][] {{3, 10}}), Mode.EVAL);
        // mean (2, 20), variance (1, 100): (3 − 2)/1 = 1 and (10 − 20)/10 = −1
        assertArrayEquals(new float[] {1, -1}, one.toFloatVector(), 1e-4f);
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> layer.forward(Nd4j.zeros(4, 3), Mode.TRAIN));
        assertEquals(
                "BatchNorm[bn].forward: x expected [N, 2] or [N, 2, H, W] but got [4, 3]",
                e.getMessage());
    }

    /**
     * A mini-batch of one example (a fit whose last batch holds one): its variance is 0, so every
     * output is β, and the running statistics take its values; this crashed in place of training.
     */
    @Test
    void aBatchOfOneExampleTrains() {
        var layer = new BatchNorm("bn", 3, 0.0);
        INDArray y = layer.forward(Nd4j.createFromArray(new float[][] {{1, 2, 3}}), Mode.TRAIN);
        assertArrayEquals(new float[] {0, 0, 0}, y.toFloatVector(), 1e-6f);
        INDArray back = layer.backward(Nd4j.ones(1, 3));
        assertArrayEquals(new long[] {1, 3}, back.shape());
        INDArray images = layer.forward(Nd4j.rand(1, 3, 2, 2), Mode.TRAIN);
        assertArrayEquals(new long[] {1, 3, 2, 2}, images.shape());
        // the running mean is now the image's channel means
        INDArray e = layer.forward(Nd4j.zeros(1, 3), Mode.EVAL);
        assertEquals(3, e.length());
    }
}
