package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dlkit.check.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DropoutTest {

    @Test
    void dropsAboutPAndKeepsTheExpectedValue() {
        var d = new Dropout("drop", 0.3, 1);
        INDArray y = d.forward(Nd4j.ones(200, 500), Mode.TRAIN);
        double kept = y.gt(0).castTo(y.dataType()).meanNumber().doubleValue();
        assertEquals(0.7, kept, 0.01);
        assertEquals(1.0, y.meanNumber().doubleValue(), 0.02);
        assertEquals(1.0 / 0.7, y.maxNumber().doubleValue(), 1e-5);
    }

    @Test
    void evaluationPassesEverythingThrough() {
        INDArray x = Nd4j.rand(4, 5);
        var d = new Dropout("drop", 0.5, 1);
        assertEquals(x, d.forward(x, Mode.EVAL));
        assertEquals(Nd4j.ones(4, 5), d.backward(Nd4j.ones(4, 5)));
    }

    /**
     * Each forward draws a new mask, so the check rebuilds the layer with the same seed every time.
     */
    @Test
    void passesTheGradientCheckWithAFixedMask() {
        NnTesting.float64();
        try {
            Layer sameMask =
                    new Layer() {
                        Dropout last;

                        public String name() {
                            return "drop";
                        }

                        public INDArray forward(INDArray x, Mode mode) {
                            last = new Dropout("drop", 0.4, 77);
                            return last.forward(x, mode);
                        }

                        public INDArray backward(INDArray dOut) {
                            return last.backward(dOut);
                        }

                        public long[] outputShape(long[] s) {
                            return s;
                        }
                    };
            NnTesting.assertGradientsOk(
                    GradientCheck.layer(sameMask, NnTesting.nd(NnTesting.random(6, 5, 1)), 2));
        } finally {
            NnTesting.float32();
        }
    }

    @Test
    void pOutsideItsRangeNamesTheField() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout("d", 1.0, 1));
    }
}
