package org.dlkit.train;

import java.util.List;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * RMSProp: AdaGrad with a memory that fades, S ← ρS + (1 − ρ)g², w ← w − η g / (√S + ε), so steps
 * do not shrink for ever.
 */
public final class RmsProp implements Optimizer {
    private final double eta;
    private final double decay;
    private final double eps;
    private final State meanSquares = new State();

    public RmsProp(double eta, double decay, double eps) {
        State.positive("RmsProp.eta", eta);
        State.fraction("RmsProp.decay", decay);
        State.positive("RmsProp.eps", eps);
        this.eta = eta;
        this.decay = decay;
        this.eps = eps;
    }

    @Override
    public void step(List<Parameter> params) {
        for (Parameter p : params) {
            if (p.frozen()) continue;
            INDArray g = p.grad();
            INDArray s = meanSquares.of(p).muli(decay).addi(g.mul(g).muli(1 - decay));
            p.value().subi(g.mul(eta).divi(Transforms.sqrt(s, true).addi(eps)));
        }
    }

    @Override
    public double eta() {
        return eta;
    }

    @Override
    public String toString() {
        return "RmsProp(η = " + eta + ", ρ = " + decay + ")";
    }
}
