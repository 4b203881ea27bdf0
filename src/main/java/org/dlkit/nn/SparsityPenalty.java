package org.dlkit.nn;

import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Asks a layer's units to be active only rarely, which makes a code <em>sparse</em>: each input
 * switches on a few units, and each unit becomes a detector for something specific. Placed right
 * after the activation it constrains; forward passes the activations through unchanged, records the
 * penalty, and backward adds the penalty's gradient to the one arriving from above.
 *
 * <ul>
 *   <li>{@link #kl}: for sigmoid units, whose activations lie in (0, 1). With ρ̂_j the mean
 *       activation of unit j over the batch and ρ the target (e.g. 0.05), the penalty is β Σ_j KL(ρ
 *       ‖ ρ̂_j) = β Σ_j [ρ log(ρ/ρ̂_j) + (1 − ρ) log((1 − ρ)/(1 − ρ̂_j))], zero exactly when every
 *       unit's mean is ρ. Its gradient with respect to a_nj is β (−ρ/ρ̂_j + (1 − ρ)/(1 − ρ̂_j)) /
 *       N, the same for every example of the batch.
 *   <li>{@link #l1}: for any units (ReLU): λ · (1/N) Σ_n Σ_j |a_nj|, gradient λ·sign(a_nj)/N.
 * </ul>
 *
 * Activations are (N, M) rows or (N, C, H, W) maps (each channel then counts as a unit).
 */
public final class SparsityPenalty implements Layer {
    private enum Kind {
        KL,
        L1
    }

    private static final double EDGE = 1e-6; // ρ̂ is kept inside [EDGE, 1 − EDGE]: log(0) is −∞

    private final String name;
    private final Kind kind;
    private final double target;
    private final double weight;
    private INDArray a;
    private INDArray meanActivation; // ρ̂, (1, M), KL only
    private double penalty;

    private SparsityPenalty(String name, Kind kind, double target, double weight) {
        if (!(weight >= 0))
            throw new IllegalArgumentException(
                    "SparsityPenalty[" + name + "]: the weight must be ≥ 0, got " + weight);
        this.name = name;
        this.kind = kind;
        this.target = target;
        this.weight = weight;
    }

    /** β Σ_j KL(ρ ‖ ρ̂_j) for sigmoid units: each unit's mean activation is pulled towards ρ. */
    public static SparsityPenalty kl(String name, double rho, double beta) {
        if (!(rho > 0 && rho < 1))
            throw new IllegalArgumentException(
                    "SparsityPenalty[" + name + "]: the target ρ must be in (0, 1), got " + rho);
        return new SparsityPenalty(name, Kind.KL, rho, beta);
    }

    /** λ · mean over the batch of Σ_j |a_nj|, for units of any range (ReLU). */
    public static SparsityPenalty l1(String name, double lambda) {
        return new SparsityPenalty(name, Kind.L1, Double.NaN, lambda);
    }

    @Override
    public String name() {
        return name;
    }

    /** Each unit's mean activation over the last batch (KL only), (1, units). */
    public INDArray meanActivation() {
        return Require.cached(meanActivation, this);
    }

    @Override
    public double penalty() {
        return penalty;
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (x.rank() != 2 && x.rank() != 4)
            throw Shapes.mismatch(
                    Require.where(this, "forward"), "x", "[N, M] or [N, C, H, W]", x, null);
        this.a = x;
        if (kind == Kind.KL) {
            INDArray rhoHat = units(x).mean(true, 0);
            if (x.minNumber().doubleValue() < 0 || x.maxNumber().doubleValue() > 1) {
                throw new IllegalArgumentException(
                        Require.where(this, "forward")
                                + ": KL sparsity needs activations in [0, 1] (sigmoid units), got values from "
                                + x.minNumber()
                                + " to "
                                + x.maxNumber()
                                + "; use SparsityPenalty.l1 for ReLU units");
            }
            meanActivation = Transforms.min(Transforms.max(rhoHat, EDGE, false), 1 - EDGE, false);
            INDArray r = meanActivation;
            INDArray kl =
                    Transforms.log(r.rdiv(target), false)
                            .muli(target)
                            .addi(
                                    Transforms.log(r.rsub(1).rdivi(1 - target), false)
                                            .muli(1 - target));
            penalty = weight * kl.sumNumber().doubleValue();
        } else {
            penalty = weight * Transforms.abs(x, true).sumNumber().doubleValue() / x.size(0);
        }
        return x;
    }

    @Override
    public INDArray backward(INDArray dOut) {
        INDArray x = Require.cached(a, this);
        Shapes.require(
                Require.where(this, "backward"),
                "dOut",
                dOut,
                x.shape(),
                "backward takes a gradient shaped like forward's output");
        long n = x.size(0);
        if (kind == Kind.L1) return Transforms.sign(x, true).muli(weight / n).addi(dOut);
        INDArray r = meanActivation;
        // β (−ρ/ρ̂ + (1 − ρ)/(1 − ρ̂)) / N per unit, N the values averaged into ρ̂ (N·H·W for maps)
        INDArray perUnit =
                r.rdiv(-target)
                        .addi(r.rsub(1).rdivi(1 - target))
                        .muli(weight * x.size(1) / x.length());
        if (x.rank() == 2) return dOut.addRowVector(perUnit);
        INDArray maps = perUnit.reshape(1, x.size(1), 1, 1);
        return dOut.add(maps.broadcast(x.shape()));
    }

    /** Activations as rows of units: (N, M) as it is; maps (N, C, H, W) as (N·H·W, C). */
    private static INDArray units(INDArray x) {
        if (x.rank() == 2) return x;
        return x.permute(0, 2, 3, 1).dup('c').reshape(x.size(0) * x.size(2) * x.size(3), x.size(1));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape;
    }

    @Override
    public String toString() {
        return kind == Kind.KL
                ? String.format("SparsityPenalty[%s](KL, ρ = %s, β = %s)", name, target, weight)
                : String.format("SparsityPenalty[%s](L1, λ = %s)", name, weight);
    }
}
