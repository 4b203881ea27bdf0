package org.dlkit.train;

import java.util.List;
import org.dlkit.nn.Parameter;

/** Plain stochastic gradient descent: w ← w − η ∂L/∂w. */
public record Sgd(double eta) implements Optimizer {
    public Sgd {
        State.positive("Sgd.eta", eta);
    }

    @Override
    public void step(List<Parameter> params) {
        for (Parameter p : params) {
            if (!p.frozen()) State.addScaled(p.value(), -eta, p.grad()); // w ← w − η·g
        }
    }

    @Override
    public String toString() {
        return "Sgd(η = " + eta + ")";
    }
}
