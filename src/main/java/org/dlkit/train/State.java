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

    static void positive(String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(field + " must be positive, got " + v);
    }

    static void fraction(String field, double v) {
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException(field + " must be in [0, 1), got " + v);
    }
}
