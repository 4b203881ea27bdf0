package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.check.GradientCheck;
import org.dlkit.nn.reference.UpsampleLoops;
import org.dlkit.train.Adam;
import org.dlkit.train.TrainConfig;
import org.dlkit.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class UpsampleTest {

    @Test
    void matchesItsLoopsAndPassesTheGradientCheck() {
        NnTesting.float64();
        try {
            for (int[] s : new int[][] {{1, 1, 1, 1, 2}, {2, 3, 4, 5, 2}, {3, 2, 3, 2, 3}}) {
                var layer = new Upsample("up", s[4]);
                double[][][][] x = Images4d.random(s[0], s[1], s[2], s[3], 1);
                INDArray y = layer.forward(Images4d.nd(x), Mode.TRAIN);
                Images4d.assertClose(UpsampleLoops.forward(x, s[4]), y, 1e-12);
                double[][][][] dOut = Images4d.random(s[0], s[1], s[2] * s[4], s[3] * s[4], 2);
                Images4d.assertClose(
                        UpsampleLoops.backward(dOut, s[4]),
                        layer.backward(Images4d.nd(dOut)),
                        1e-12);
                NnTesting.assertGradientsOk(GradientCheck.layer(layer, Images4d.nd(x), 3));
            }
        } finally {
            NnTesting.float32();
        }
    }

    @Test
    void aTwoByTwoMapBecomesFourBlocks() {
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}}).reshape(1, 1, 2, 2);
        INDArray y = new Upsample("up", 2).forward(x, Mode.EVAL);
        INDArray expected =
                Nd4j.createFromArray(
                                new float[][] {
                                    {1, 1, 2, 2}, {1, 1, 2, 2}, {3, 3, 4, 4}, {3, 3, 4, 4}
                                })
                        .reshape(1, 1, 4, 4);
        assertEquals(expected, y);
        assertEquals(
                java.util.List.of(3L, 14L, 14L),
                java.util.Arrays.stream(new Upsample("u", 2).outputShape(new long[] {3, 7, 7}))
                        .boxed()
                        .toList());
    }

    /** Pooling down and upsampling back: a tiny convolutional autoencoder learns to redraw. */
    @Test
    void aSmallConvolutionalAutoencoderLearnsToReconstruct() {
        Nd4j.getRandom().setSeed(5);
        INDArray blobs = Nd4j.zeros(64, 1, 8, 8);
        for (int n = 0; n < 64; n++) { // a bright 2×2 square somewhere on an 8×8 field
            int i = 2 * (n % 4), j = 2 * ((n / 4) % 4);
            blobs.get(
                            org.nd4j.linalg.indexing.NDArrayIndex.point(n),
                            org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                            org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 2),
                            org.nd4j.linalg.indexing.NDArrayIndex.interval(j, j + 2))
                    .assign(1);
        }
        var net =
                new Network(
                        "conv autoencoder",
                        new Conv2D("enc", 1, 4, 3, 1, Conv2D.SAME, Init.HE, 1),
                        new Relu("r1"),
                        Pooling.max("down", 2),
                        new Upsample("up", 2),
                        new Conv2D("dec", 4, 1, 3, 1, Conv2D.SAME, Init.XAVIER, 2),
                        new Sigmoid("out"));
        assertTrue(
                java.util.Arrays.equals(
                        new long[] {1, 8, 8}, net.outputShape(new long[] {1, 8, 8})));
        var data = new org.dlkit.data.DataSet("blobs", blobs, blobs).inputsAsTargets();
        var trainer = new Trainer(net, new MeanSquaredError(), new Adam(0.02));
        double before = trainer.evaluate(data).loss();
        trainer.fit(data, null, TrainConfig.of(150, 16, 1));
        double after = trainer.evaluate(data).loss();
        assertTrue(after < before / 5, "loss " + before + " → " + after);
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Upsample("up", 0));
        assertEquals("Upsample[up]: the factor must be at least 1, got 0", e.getMessage());
        var f =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Upsample("up", 2).forward(Nd4j.zeros(4, 784), Mode.EVAL));
        assertTrue(f.getMessage().startsWith("Upsample[up].forward: x expected"), f.getMessage());
        var up = new Upsample("up", 2);
        up.forward(Nd4j.zeros(2, 3, 4, 4), Mode.TRAIN);
        var g =
                assertThrows(
                        IllegalArgumentException.class, () -> up.backward(Nd4j.zeros(2, 3, 4, 4)));
        assertTrue(g.getMessage().contains("[2, 3, 8, 8]"), g.getMessage());
    }
}
