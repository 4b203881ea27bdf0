package org.dlkit.autoencoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dlkit.data.DataSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CorruptionTest {
    private static final INDArray HALF = Nd4j.valueArrayOf(new long[] {200, 500}, 0.5f);

    private static double fractionEqualTo(INDArray a, double v) {
        return a.eq(v).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }

    @Test
    void maskingZeroesTheGivenFractionAndLeavesTheRest() {
        INDArray x = HALF.dup();
        INDArray c = Corruption.masking(0.3).corrupt(x, 1);
        assertEquals(0.3, fractionEqualTo(c, 0), 0.01, "the share of zeroed values");
        assertEquals(0.7, fractionEqualTo(c, 0.5), 0.01, "the others are untouched");
        assertEquals(HALF, x, "the input is not changed");
        assertEquals(c, Corruption.masking(0.3).corrupt(x, 1), "same seed, same corruption");
        assertTrue(fractionEqualTo(c.sub(Corruption.masking(0.3).corrupt(x, 2)), 0) < 0.7);
        INDArray view = HALF.transpose(); // strided: the mask is drawn for its own layout
        INDArray v = Corruption.masking(0.3).corrupt(view, 1);
        assertArrayEquals(new long[] {500, 200}, v.shape());
        assertEquals(0.3, fractionEqualTo(v, 0), 0.01, "a view is masked like a copy");
        assertEquals(HALF, Corruption.masking(0.0).corrupt(HALF, 1), "masking nothing");
    }

    @Test
    void saltAndPepperSetsHalfOfTheChosenValuesToZeroAndHalfToOne() {
        INDArray c = Corruption.saltAndPepper(0.2).corrupt(HALF, 3);
        assertEquals(0.1, fractionEqualTo(c, 0), 0.01, "pepper");
        assertEquals(0.1, fractionEqualTo(c, 1), 0.01, "salt");
        assertEquals(0.8, fractionEqualTo(c, 0.5), 0.01, "untouched");
    }

    @Test
    void gaussianNoiseHasTheGivenSpreadAndStaysInsideZeroToOne() {
        INDArray c = Corruption.gaussian(0.1).corrupt(HALF, 4);
        assertEquals(0.1, c.sub(HALF).stdNumber().doubleValue(), 0.005);
        INDArray strong = Corruption.gaussian(2).corrupt(HALF, 5);
        assertTrue(strong.minNumber().doubleValue() >= 0 && strong.maxNumber().doubleValue() <= 1);
    }

    @Test
    void asAnAugmentationItCorruptsTheInputsAndKeepsTheCleanTargets() {
        DataSet labelled = new DataSet("digits", HALF.dup(), Nd4j.zeros(200, 1));
        DataSet ae = new DataSet("pixels", HALF.dup(), HALF).inputsAsTargets();
        DataSet epoch = Corruption.masking(0.5).apply(ae, new Random(1));
        assertSame(ae.y(), epoch.y(), "targets: the clean inputs, not a copy");
        assertEquals(0.5, fractionEqualTo(epoch.x(), 0), 0.02);
        assertEquals(HALF, ae.x(), "the training set itself stays clean");
        DataSet next = Corruption.masking(0.5).apply(ae, new Random(2));
        assertTrue(!next.x().equals(epoch.x()), "each epoch draws new noise");
        assertSame(labelled.y(), Corruption.masking(0.1).apply(labelled, new Random(3)).y());
    }

    @Test
    void imagesKeepTheirCleanImagesAsTargets() {
        INDArray images = Nd4j.valueArrayOf(new long[] {10, 1, 4, 4}, 0.5f);
        DataSet ae = new DataSet("images", images, Nd4j.zeros(10, 1)).inputsAsTargets();
        DataSet epoch = Corruption.gaussian(0.2).apply(ae, new Random(4));
        assertSame(images, epoch.y());
        assertEquals(4, epoch.x().rank());
        assertEquals(0, epoch.select(new int[] {3}).y().sub(0.5).amaxNumber().doubleValue(), 0);
    }

    @Test
    void badFractionsAreRefusedWithTheirRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> Corruption.masking(1.2));
        assertEquals("Corruption.masking: the fraction must be in [0, 1), got 1.2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Corruption.gaussian(0));
    }
}
