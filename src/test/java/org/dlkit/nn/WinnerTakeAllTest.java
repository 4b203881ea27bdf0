package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.check.GradientCheck;
import org.dlkit.nn.reference.WinnerTakeAllLoops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WinnerTakeAllTest {

    @Test
    void lifetimeKeepsEachUnitsLargestActivationsAsTheLoopsDo() {
        NnTesting.float64();
        try {
            for (double rate : new double[] {0.05, 0.2, 0.5, 1.0}) {
                double[][] x = NnTesting.random(20, 7, 3);
                var layer = WinnerTakeAll.lifetime("wta", rate);
                INDArray y = layer.forward(NnTesting.nd(x), Mode.TRAIN);
                NnTesting.assertClose(WinnerTakeAllLoops.lifetime(x, rate), y, 0);
                long kept = y.neq(0).castTo(y.dataType()).sumNumber().longValue();
                assertEquals(7L * (long) Math.ceil(rate * 20), kept, "rate " + rate);
                // backward: the gradient through the winners only; a linear function of x for a
                // fixed mask
                double[][] dOut = NnTesting.random(20, 7, 4);
                NnTesting.assertClose(
                        mask(y, NnTesting.nd(dOut)), layer.backward(NnTesting.nd(dOut)), 0);
                NnTesting.assertGradientsOk(GradientCheck.layer(layer, NnTesting.nd(x), 5));
            }
        } finally {
            NnTesting.float32();
        }
    }

    private static double[][] mask(INDArray y, INDArray dOut) {
        return NnTesting.arr(dOut.mul(y.neq(0).castTo(dOut.dataType())));
    }

    @Test
    void spatialKeepsEachMapsMaximumAndEvaluationKeepsAll() {
        NnTesting.float64();
        try {
            double[][][][] x = Images4d.random(3, 2, 4, 5, 6);
            var layer = WinnerTakeAll.spatial("wta");
            INDArray y = layer.forward(Images4d.nd(x), Mode.TRAIN);
            Images4d.assertClose(WinnerTakeAllLoops.spatial(x), y, 0);
            assertEquals(6L, y.neq(0).castTo(y.dataType()).sumNumber().longValue(), "one per map");
            NnTesting.assertGradientsOk(GradientCheck.layer(layer, Images4d.nd(x), 7));
            assertEquals(Images4d.nd(x), layer.forward(Images4d.nd(x), Mode.EVAL));
            assertEquals(
                    Images4d.nd(x), layer.backward(Images4d.nd(x)), "after evaluation: all pass");
        } finally {
            NnTesting.float32();
        }
    }

    @Test
    void badRatesAndShapesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> WinnerTakeAll.lifetime("w", 0));
        assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                WinnerTakeAll.lifetime("w", 0.1)
                                        .forward(Nd4j.zeros(2, 3, 4, 4), Mode.TRAIN));
        assertTrue(
                e.getMessage().contains("WinnerTakeAll[w]") && e.getMessage().contains("[N, M]"),
                e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> WinnerTakeAll.spatial("s").forward(Nd4j.zeros(2, 3), Mode.TRAIN));
        assertTrue(e.getMessage().contains("[N, C, H, W]"), e.getMessage());
        var layer = WinnerTakeAll.lifetime("w", 0.5);
        layer.forward(Nd4j.rand(4, 3), Mode.TRAIN);
        assertThrows(IllegalArgumentException.class, () -> layer.backward(Nd4j.zeros(4, 2)));
        assertArrayEquals(new long[] {5, 6}, layer.outputShape(new long[] {5, 6}));
    }
}
