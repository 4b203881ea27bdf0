package org.dlkit.train;

import java.util.List;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdaGrad: each weight's step is divided by the root of the sum of its squared gradients so far, G
 * ← G + g², w ← w − η g / (√G + ε): rarely-updated weights keep large steps.
 */
public final class AdaGrad implements Optimizer {
    private final double eta;
    private final double eps;
    private final State sumSquares = new State();

    public AdaGrad(double eta, double eps) {
        State.positive("AdaGrad.eta", eta);
        State.positive("AdaGrad.eps", eps);
        this.eta = eta;
        this.eps = eps;
    }

    @Override
    public void step(List<Parameter> params) {
        for (Parameter p : params) {
            if (p.frozen()) continue;
            INDArray g = p.grad();
            INDArray s = sumSquares.of(p).addi(g.mul(g));
            p.value().subi(g.mul(eta).divi(Transforms.sqrt(s, true).addi(eps)));
        }
    }

    @Override
    public double eta() {
        return eta;
    }

    @Override
    public String toString() {
        return "AdaGrad(η = " + eta + ")";
    }
}
