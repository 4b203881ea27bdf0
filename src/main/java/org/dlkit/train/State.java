package org.dlkit.train;

import java.util.IdentityHashMap;
import java.util.Map;
import org.dlkit.nn.Parameter;
import org.dlkit.tensor.Blas;
import org.dlkit.tensor.StepMemory;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An optimiser's per-parameter state: one tensor per parameter, zero at first. */
final class State {
    private final Map<Parameter, INDArray> byParameter = new IdentityHashMap<>();

    INDArray of(Parameter p) {
        // made outside the step's memory: it must outlive the step (see StepMemory)
        return byParameter.computeIfAbsent(
                p, q -> StepMemory.outside(() -> q.value().ulike().assign(0)));
    }

    /**
     * y ← y + α·x in place, one ND4J operation ("axpy"). Optimisers use it rather than {@code
     * y.subi(x.mul(η))}, which makes a temporary as large as the parameter. (ND4J's own axpy op,
     * not the BLAS one: OpenBLAS's threads fight OpenMP's for the two cores right after a
     * convolution, and a BLAS axpy then took 0.2 ms instead of 0.01.)
     */
    static void addScaled(INDArray y, double alpha, INDArray x) {
        Blas.axpy(alpha, x, y);
    }

    static void positive(String field, double v) {
        if (!(v > 0) || Double.isInfinite(v))
            throw new IllegalArgumentException(field + " must be positive, got " + v);
    }

    static void fraction(String field, double v) {
        if (!(v >= 0 && v < 1))
            throw new IllegalArgumentException(field + " must be in [0, 1), got " + v);
    }
}
