package org.dlkit.train;

import java.util.List;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SGD with momentum: a velocity that remembers past steps, v ← μv − η ∂L/∂w, then w ← w + v. Along
 * a consistent slope steps grow to η/(1 − μ); across a ravine they cancel.
 */
public final class Momentum implements Optimizer {
    private final double eta;
    private final double mu;
    private final State velocity = new State();

    public Momentum(double eta, double mu) {
        State.positive("Momentum.eta", eta);
        State.fraction("Momentum.mu", mu);
        this.eta = eta;
        this.mu = mu;
    }

    @Override
    public void step(List<Parameter> params) {
        for (Parameter p : params) {
            if (p.frozen()) continue;
            INDArray v = velocity.of(p);
            State.addScaled(v.muli(mu), -eta, p.grad()); // v ← μv − η·g
            p.value().addi(v); //                          w ← w + v
        }
    }

    @Override
    public double eta() {
        return eta;
    }

    @Override
    public String toString() {
        return "Momentum(η = " + eta + ", μ = " + mu + ")";
    }
}
