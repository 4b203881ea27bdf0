package org.dlkit.train;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam: momentum and RMSProp together, with both averages corrected for starting at zero. For each
 * parameter, at step t (1, 2, …):
 *
 * <pre>
 *   m ← β₁m + (1 − β₁)g            the gradient's running mean
 *   v ← β₂v + (1 − β₂)g²           its running mean square
 *   m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ)
 *   w ← w − η m̂ / (√v̂ + ε)
 * </pre>
 *
 * <p>The update runs as ND4J's fused {@code adam_updater}: one operation per parameter instead of
 * fourteen, which at small batches is most of a step's time. It computes the same formula with ε
 * added to √v rather than to √v̂, which is the formula above with ε/√(1 − β₂ᵗ) in place of ε:
 * 3.2e-7 at the first step, ε itself after a few thousand; {@code OptimizersTest} holds it to the
 * lines above.
 */
public final class Adam implements Optimizer {
    private final double eta;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final State m = new State();
    private final State v = new State();
    private final Map<Parameter, Integer> t = new IdentityHashMap<>();

    public Adam(double eta) {
        this(eta, 0.9, 0.999, 1e-8);
    }

    public Adam(double eta, double beta1, double beta2, double eps) {
        State.positive("Adam.eta", eta);
        State.fraction("Adam.beta1", beta1);
        State.fraction("Adam.beta2", beta2);
        State.positive("Adam.eps", eps);
        this.eta = eta;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    public void step(List<Parameter> params) {
        for (Parameter p : params) {
            if (p.frozen()) continue;
            int step = t.merge(p, 1, Integer::sum);
            INDArray update = p.grad().ulike(); // the step's memory: it lives for this step only
            Nd4j.exec(
                    new AdamUpdater(
                            p.grad(), v.of(p), m.of(p), update, v.of(p), m.of(p), eta, beta1, beta2,
                            eps, step - 1)); // ND4J counts iterations from 0
            p.value().subi(update);
        }
    }

    @Override
    public double eta() {
        return eta;
    }

    @Override
    public String toString() {
        return "Adam(η = " + eta + ", β₁ = " + beta1 + ", β₂ = " + beta2 + ")";
    }
}
