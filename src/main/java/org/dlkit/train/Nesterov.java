package org.dlkit.train;

import java.util.List;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Nesterov momentum: like {@link Momentum} but the gradient is, in effect, taken where the velocity
 * is about to carry the weights. In the usual rewritten form (which needs no second forward pass):
 * v_new = μv − η∂L/∂w, then w ← w − μ v + (1 + μ) v_new.
 */
public final class Nesterov implements Optimizer {
    private final double eta;
    private final double mu;
    private final State velocity = new State();

    public Nesterov(double eta, double mu) {
        State.positive("Nesterov.eta", eta);
        State.fraction("Nesterov.mu", mu);
        this.eta = eta;
        this.mu = mu;
    }

    @Override
    public void step(List<Parameter> params) {
        for (Parameter p : params) {
            if (p.frozen()) continue;
            INDArray v = velocity.of(p);
            INDArray old = v.dup();
            v.muli(mu).subi(p.grad().mul(eta));
            p.value().subi(old.muli(mu)).addi(v.mul(1 + mu));
        }
    }

    @Override
    public double eta() {
        return eta;
    }

    @Override
    public String toString() {
        return "Nesterov(η = " + eta + ", μ = " + mu + ")";
    }
}
