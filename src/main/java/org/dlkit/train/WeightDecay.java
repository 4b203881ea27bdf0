package org.dlkit.train;

import java.util.List;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * L1 and L2 regularisation as extra gradient: the loss gains λ₂/2 Σw² + λ₁ Σ|w|, so each weight's
 * gradient gains λ₂w + λ₁ sign(w). Only weights are decayed ({@link Parameter#isWeights}), not
 * biases: shrinking a bias does not make a network simpler.
 *
 * @param l1 λ₁ ≥ 0
 * @param l2 λ₂ ≥ 0
 */
public record WeightDecay(double l1, double l2) {
    public static final WeightDecay NONE = new WeightDecay(0, 0);

    public WeightDecay {
        if (!(l1 >= 0)) throw new IllegalArgumentException("WeightDecay.l1 must be ≥ 0, got " + l1);
        if (!(l2 >= 0)) throw new IllegalArgumentException("WeightDecay.l2 must be ≥ 0, got " + l2);
    }

    public static WeightDecay l2(double lambda) {
        return new WeightDecay(0, lambda);
    }

    public void addTo(List<Parameter> params) {
        if (l1 == 0 && l2 == 0) return;
        for (Parameter p : params) {
            if (p.frozen() || !p.isWeights()) continue;
            if (l2 != 0) p.grad().addi(p.value().mul(l2));
            if (l1 != 0) p.grad().addi(Transforms.sign(p.value(), true).muli(l1));
        }
    }

    /** The penalty itself, λ₂/2 Σw² + λ₁ Σ|w|, to add to a reported loss. */
    public double penalty(List<Parameter> params) {
        double sum = 0;
        for (Parameter p : params) {
            if (!p.isWeights()) continue;
            if (l2 != 0)
                sum +=
                        0.5
                                * l2
                                * p.value().norm2Number().doubleValue()
                                * p.value().norm2Number().doubleValue();
            if (l1 != 0) sum += l1 * p.value().norm1Number().doubleValue();
        }
        return sum;
    }
}
