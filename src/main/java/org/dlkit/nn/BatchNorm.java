package org.dlkit.nn;

import java.util.List;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation, y = γ · (x − μ) / √(σ² + ε) + β: each feature (dense input) or each channel
 * (image input) is shifted and scaled to mean 0 and variance 1 over the batch, then given a
 * learnable scale γ and shift β. In training μ and σ² are the batch's; in evaluation they are
 * running averages kept during training, so one example's output does not depend on the others in
 * its batch.
 *
 * <p>Shapes: x (N, D) with γ, β (D), statistics over N; or x (N, C, H, W) with γ, β (C), statistics
 * over N, H and W. Backward, with x̂ = (x − μ)/σ and m values per statistic: ∂L/∂γ = Σ dOut·x̂,
 * ∂L/∂β = Σ dOut, ∂L/∂x = γ/(mσ) · (m·dOut − Σ dOut − x̂ Σ dOut·x̂).
 */
public final class BatchNorm implements Layer {
    private static final double EPS = 1e-5;

    private final String name;
    private final double momentum;
    private final Parameter gamma;
    private final Parameter beta;
    private final INDArray runningMean;
    private final INDArray runningVar;
    private Cached cache;

    /** What backward needs: the normalised input, 1/σ, and the axes the statistics ran over. */
    private record Cached(INDArray xHat, INDArray invStd, int[] axes, long m) {}

    /** features = D for dense input, C for images; momentum of the running averages 0.9. */
    public BatchNorm(String name, int features) {
        this(name, features, 0.9);
    }

    public BatchNorm(String name, int features, double momentum) {
        org.dlkit.tensor.Shapes.positive("BatchNorm[" + name + "].features", features);
        if (!(momentum >= 0 && momentum < 1))
            throw new IllegalArgumentException(
                    "BatchNorm[" + name + "].momentum must be in [0, 1), got " + momentum);
        this.name = name;
        this.momentum = momentum;
        var type = Nd4j.defaultFloatingPointType();
        this.gamma = new Parameter(name + ".gamma", Nd4j.ones(type, features));
        this.beta = new Parameter(name + ".beta", Nd4j.zeros(type, features));
        this.runningMean = Nd4j.zeros(type, features);
        this.runningVar = Nd4j.ones(type, features);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        long d = gamma.value().length();
        if (!((x.rank() == 2 || x.rank() == 4) && x.size(1) == d)) {
            throw Shapes.mismatch(
                    Require.where(this, "forward"),
                    "x",
                    "[N, " + d + "] or [N, " + d + ", H, W]",
                    x,
                    null);
        }
        Require.type(this, x, gamma);
        int[] axes = x.rank() == 2 ? new int[] {0} : new int[] {0, 2, 3};
        long[] keep = x.rank() == 2 ? new long[] {1, d} : new long[] {1, d, 1, 1};
        INDArray mean;
        INDArray var;
        if (mode == Mode.TRAIN) {
            // reshaped: for a batch of one row ND4J keeps the reduced axis, [1, D] instead of [D]
            mean = x.mean(axes).reshape(d);
            var =
                    x.var(false, axes)
                            .reshape(d); // the batch's own (biased) variance, as the formula uses
            runningMean.muli(momentum).addi(mean.mul(1 - momentum));
            runningVar.muli(momentum).addi(var.mul(1 - momentum));
        } else {
            mean = runningMean;
            var = runningVar;
        }
        INDArray invStd = Transforms.pow(var.add(EPS), -0.5, false);
        INDArray xHat = x.sub(mean.reshape(keep)).muli(invStd.reshape(keep));
        cache = new Cached(xHat, invStd, axes, x.length() / d);
        return xHat.mul(gamma.value().reshape(keep)).addi(beta.value().reshape(keep));
    }

    @Override
    public INDArray backward(INDArray dOut) {
        Cached c = Require.cached(cache, this);
        Require.like(this, "dOut", dOut, c.xHat());
        long d = gamma.value().length();
        long[] keep = c.xHat().rank() == 2 ? new long[] {1, d} : new long[] {1, d, 1, 1};
        INDArray sumDOut = dOut.sum(c.axes());
        INDArray sumDOutXHat = dOut.mul(c.xHat()).sum(c.axes());
        gamma.grad().addi(sumDOutXHat);
        beta.grad().addi(sumDOut);
        INDArray scale = gamma.value().mul(c.invStd()).divi(c.m()).reshape(keep);
        return dOut.mul(c.m())
                .subi(sumDOut.reshape(keep))
                .subi(c.xHat().mul(sumDOutXHat.reshape(keep)))
                .muli(scale);
    }

    @Override
    public List<Parameter> params() {
        return List.of(gamma, beta);
    }

    @Override
    public long[] outputShape(long[] in) {
        if (in.length < 1 || in[0] != gamma.value().length()) {
            long d = gamma.value().length();
            throw Shapes.mismatch(
                    Require.where(this, "forward"),
                    "x",
                    "[N, " + d + "] or [N, " + d + ", H, W]",
                    Shapes.perExample(in),
                    d + " features or channels");
        }
        return in.clone();
    }

    @Override
    public String toString() {
        return "BatchNorm[" + name + "](" + gamma.value().length() + ")";
    }
}
