package org.dlkit.train;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam: momentum and RMSProp together, with both averages corrected for starting at zero. m ← β₁m +
 * (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), w ← w − η m̂ / (√v̂ + ε).
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
            INDArray g = p.grad();
            int step = t.merge(p, 1, Integer::sum);
            INDArray mp = m.of(p).muli(beta1).addi(g.mul(1 - beta1));
            INDArray vp = v.of(p).muli(beta2).addi(g.mul(g).muli(1 - beta2));
            INDArray mHat = mp.div(1 - Math.pow(beta1, step));
            INDArray vHat = vp.div(1 - Math.pow(beta2, step));
            p.value().subi(mHat.muli(eta).divi(Transforms.sqrt(vHat, false).addi(eps)));
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
