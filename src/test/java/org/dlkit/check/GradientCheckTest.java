package org.dlkit.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dlkit.nn.Layer;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Parameter;
import org.dlkit.nn.Relu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientCheckTest {

    @BeforeEach
    void float64() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void float32() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** y = x ⊙ w with a bug in backward: dW is off by a factor of 1.01. */
    static final class Buggy implements Layer {
        final Parameter w = new Parameter("bug.w", Nd4j.rand(DataType.DOUBLE, 1, 3));
        INDArray x;

        public String name() {
            return "bug";
        }

        public INDArray forward(INDArray x, Mode mode) {
            this.x = x;
            return x.mulRowVector(w.value());
        }

        public INDArray backward(INDArray dOut) {
            w.grad().addi(dOut.mul(x).sum(true, 0).muli(1.01));
            return dOut.mulRowVector(w.value());
        }

        public List<Parameter> params() {
            return List.of(w);
        }

        public long[] outputShape(long[] s) {
            return s;
        }
    }

    @Test
    void aWrongGradientIsCaughtAndNamed() {
        var r = GradientCheck.layer(new Buggy(), Nd4j.rand(DataType.DOUBLE, 4, 3), 1);
        assertFalse(r.passed());
        var bad = r.rows().get(1);
        assertEquals("bug.w", bad.tensor());
        assertEquals(GradientReport.Verdict.WRONG, bad.verdict());
        assertEquals(0.01 / 1.01, bad.worstRelativeError(), 1e-4);
        assertEquals(GradientReport.Verdict.GOOD, r.rows().get(0).verdict(), "dX is right");
    }

    @Test
    void kinksAreDetectedAndLeftOut() {
        INDArray x = Nd4j.createFromArray(new double[][] {{0.0, 1e-6, -0.5, 2.0}});
        var r = GradientCheck.layer(new Relu("r"), x, 1);
        assertTrue(r.passed(), r.toString());
        assertEquals(2, r.rows().get(0).kinks(), "x = 0 and x = 1e-6 sit within h of the kink");
    }

    @Test
    void float32IsRefusedWithTheFix() {
        float32();
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> GradientCheck.layer(new Relu("r"), Nd4j.rand(2, 2), 1));
        assertTrue(e.getMessage().contains("gradient checks need DOUBLE"), e.getMessage());
    }

    @Test
    void verdictsFollowTheThresholds() {
        assertEquals(GradientReport.Verdict.GOOD, GradientReport.Verdict.of(1e-8, 0));
        assertEquals(GradientReport.Verdict.KINKS, GradientReport.Verdict.of(1e-5, 3));
        assertEquals(GradientReport.Verdict.WRONG, GradientReport.Verdict.of(1e-5, 0));
        assertEquals(GradientReport.Verdict.WRONG, GradientReport.Verdict.of(1e-3, 3));
    }
}
