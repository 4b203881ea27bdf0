package org.dlkit.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dlkit.nn.Dense;
import org.dlkit.nn.Layer;
import org.dlkit.nn.MeanSquaredError;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Parameter;
import org.dlkit.nn.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Compare must fail on each way a student's layer can be wrong, and pass a right one. */
class CompareTest {

    /** A dense layer as a student writes it, with a switchable mistake. */
    static final class StudentDense implements Layer {
        final Parameter w;
        final Parameter b;
        final String mistake;
        INDArray x;

        StudentDense(int in, int out, String mistake) {
            w = new Parameter("s.W", Nd4j.randn(DataType.DOUBLE, in, out));
            b = new Parameter("s.b", Nd4j.randn(DataType.DOUBLE, 1, out));
            this.mistake = mistake;
        }

        @Override
        public String name() {
            return "student";
        }

        @Override
        public List<Parameter> params() {
            return mistake.equals("no bias") ? List.of(w) : List.of(w, b);
        }

        @Override
        public long[] outputShape(long[] in) {
            return new long[] {w.value().size(1)};
        }

        @Override
        public INDArray forward(INDArray x, Mode mode) {
            this.x = x;
            INDArray y = x.mmul(w.value()).addRowVector(b.value());
            return mistake.equals("forward") ? y.addi(1e-3) : y;
        }

        @Override
        public INDArray backward(INDArray dOut) {
            w.grad().addi(x.transpose().mmul(dOut).muli(mistake.equals("dW") ? 2 : 1));
            b.grad().addi(dOut.sum(true, 0));
            if (mistake.equals("in place")) {
                INDArray dX = dOut.mmul(w.value().transpose());
                dOut.muli(0.5); // a scratch computation in dOut's own memory
                return dX;
            }
            if (mistake.equals("nan"))
                return dOut.mmul(w.value().transpose()).putScalar(0, Double.NaN);
            return dOut.mmul(w.value().transpose());
        }
    }

    private static INDArray x() {
        return Nd4j.randn(3, new long[] {4, 3}).castTo(DataType.DOUBLE);
    }

    private static Dense kit() {
        return new Dense(
                "kit", Nd4j.zeros(DataType.DOUBLE, 3, 2), Nd4j.zeros(DataType.DOUBLE, 1, 2));
    }

    @Test
    void aRightLayerPassesEveryComparison() {
        var mine = new StudentDense(3, 2, "");
        Compare.forward("right", mine, kit(), x());
        Compare.backward("right", mine, kit(), x(), 1);
        Compare.gradients("right", mine, x(), 2);
    }

    @Test
    void eachMistakeIsCaughtAndNamed() {
        var forward =
                assertThrows(
                        Check.CheckFailed.class,
                        () -> Compare.forward("f", new StudentDense(3, 2, "forward"), kit(), x()));
        assertTrue(
                forward.getMessage().contains("forward output: largest difference 0.001 at ["),
                forward.getMessage());
        var dW =
                assertThrows(
                        Check.CheckFailed.class,
                        () -> Compare.backward("w", new StudentDense(3, 2, "dW"), kit(), x(), 1));
        assertTrue(dW.getMessage().contains("∂L/∂s.W"), dW.getMessage());
        assertThrows(
                Check.CheckFailed.class,
                () -> Compare.gradients("w", new StudentDense(3, 2, "dW"), x(), 1));
        var shapes =
                assertThrows(
                        Check.CheckFailed.class,
                        () -> Compare.forward("p", new StudentDense(3, 2, "no bias"), kit(), x()));
        assertTrue(
                shapes.getMessage().contains("expected [[3, 2], [1, 2]], got [[3, 2]]"),
                shapes.getMessage());
        var inPlace =
                assertThrows(
                        Check.CheckFailed.class,
                        () ->
                                Compare.backward(
                                        "d", new StudentDense(3, 2, "in place"), kit(), x(), 1));
        assertTrue(
                inPlace.getMessage().contains("leaves ∂L/∂output unchanged"), inPlace.getMessage());
        var nan =
                assertThrows(
                        Check.CheckFailed.class,
                        () -> Compare.backward("n", new StudentDense(3, 2, "nan"), kit(), x(), 1));
        assertTrue(nan.getMessage().contains("got NaN"), nan.getMessage());
        var float32 =
                assertThrows(
                        Check.CheckFailed.class,
                        () ->
                                Compare.gradients(
                                        "g",
                                        new StudentDense(3, 2, ""),
                                        x().castTo(DataType.FLOAT),
                                        1));
        assertTrue(float32.getMessage().contains("float64"), float32.getMessage());
    }

    @Test
    void lossesAreComparedByValueAndGradient() {
        INDArray scores = Nd4j.randn(5, new long[] {4, 3}).castTo(DataType.DOUBLE);
        INDArray targets = Nd4j.eye(3).getRows(0, 1, 2, 0).castTo(DataType.DOUBLE);
        Compare.loss("same", new SoftmaxCrossEntropy(), new SoftmaxCrossEntropy(), scores, targets);
        assertThrows(
                Check.CheckFailed.class,
                () ->
                        Compare.loss(
                                "other",
                                new MeanSquaredError(),
                                new SoftmaxCrossEntropy(),
                                scores,
                                targets));
    }

    @Test
    void inFloat64RestoresTheTypesItFound() {
        var before = Nd4j.defaultFloatingPointType();
        Check.inFloat64(() -> assertEquals(DataType.DOUBLE, Nd4j.defaultFloatingPointType()));
        assertEquals(before, Nd4j.defaultFloatingPointType());
        assertThrows(
                IllegalStateException.class,
                () ->
                        Check.inFloat64(
                                () -> {
                                    throw new IllegalStateException("boom");
                                }));
        assertEquals(before, Nd4j.defaultFloatingPointType());
    }
}
