package org.dlkit.train;

import java.util.IdentityHashMap;
import java.util.Map;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An optimiser's per-parameter state: one tensor per parameter, zero at first. */
final class State {
    private final Map<Parameter, INDArray> byParameter = new IdentityHashMap<>();

    INDArray of(Parameter p) {
        return byParameter.computeIfAbsent(p, q -> q.value().ulike().assign(0));
    }

    /**
     * y ← y + α·x in place (BLAS axpy). Optimisers use it rather than {@code y.subi(x.mul(η))}
     * because that allocates a temporary as large as the parameter on every step, which
     * costs more than the arithmetic for the small layers of the first lessons.
     */
    static void addScaled(INDArray y, double alpha, INDArray x) {
        org.nd4j.linalg.factory.Nd4j.getBlasWrapper().level1().axpy(y.length(), alpha, x, y);
    }

    static void positive(String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(field + " must be positive, got " + v);
    }

    static void fraction(String field, double v) {
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException(field + " must be in [0, 1), got " + v);
    }
}
