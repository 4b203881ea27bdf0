package org.dlkit.nn;

import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Winner-take-all sparsity (Makhzani and Frey, 2015): in training only the largest activations
 * survive, the rest are set to 0; in evaluation everything passes. Placed right after a ReLU of an
 * autoencoder's encoder, it makes the code sparse without a penalty term.
 *
 * <ul>
 *   <li>{@link #lifetime}: for dense codes (N, M). Each unit keeps its k = ⌈rate·N⌉ largest
 *       activations over the mini-batch and loses the others: every unit fires for a fraction of
 *       the examples — the "lifetime sparsity" of the fully connected WTA autoencoder.
 *   <li>{@link #spatial}: for feature maps (N, C, H, W). Each map of each example keeps only its
 *       largest value — the "spatial sparsity" of the convolutional WTA autoencoder.
 * </ul>
 *
 * Backward passes the gradient through the winners only (the mask of the last forward); ties at the
 * threshold all win. The loops are in {@link org.dlkit.nn.reference.WinnerTakeAllLoops}.
 */
public final class WinnerTakeAll implements Layer {
    private final String name;
    private final double rate; // lifetime: the fraction kept; spatial: NaN
    private INDArray mask;

    private WinnerTakeAll(String name, double rate) {
        this.name = name;
        this.rate = rate;
    }

    /** Each unit keeps its ⌈rate·N⌉ largest activations over a batch of N; 0 < rate ≤ 1. */
    public static WinnerTakeAll lifetime(String name, double rate) {
        if (!(rate > 0 && rate <= 1))
            throw new IllegalArgumentException(
                    "WinnerTakeAll[" + name + "]: the rate must be in (0, 1], got " + rate);
        return new WinnerTakeAll(name, rate);
    }

    /** Each feature map of each example keeps its largest value. */
    public static WinnerTakeAll spatial(String name) {
        return new WinnerTakeAll(name, Double.NaN);
    }

    private boolean spatial() {
        return Double.isNaN(rate);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (spatial() ? x.rank() != 4 : x.rank() != 2)
            throw Shapes.mismatch(
                    Require.where(this, "forward"),
                    "x",
                    spatial() ? "feature maps [N, C, H, W]" : "codes [N, M]",
                    x,
                    spatial()
                            ? "lifetime sparsity is for dense codes"
                            : "spatial sparsity is for feature maps");
        if (mode == Mode.EVAL) {
            mask = null;
            return x.dup();
        }
        INDArray threshold;
        if (spatial()) {
            long n = x.size(0), c = x.size(1);
            threshold = x.reshape('c', n, c, x.size(2) * x.size(3)).max(2).reshape(n, c, 1, 1);
        } else {
            long n = x.size(0);
            int k = (int) Math.ceil(rate * n);
            // the k-th largest of every column: sort each column in descending order, take row k −
            // 1
            INDArray sorted = Nd4j.sort(x.dup(), 0, false);
            threshold = sorted.getRow(k - 1).reshape(1, x.size(1));
        }
        // x ≥ its threshold, as x − threshold ≥ 0 (a threshold is one of x's own values: exact)
        mask = x.sub(threshold.broadcast(x.shape())).gte(0).castTo(x.dataType());
        return x.mul(mask);
    }

    @Override
    public INDArray backward(INDArray dOut) {
        if (mask == null) return dOut.dup();
        Require.like(this, "dOut", dOut, mask);
        return dOut.mul(mask);
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return "WinnerTakeAll["
                + name
                + "]("
                + (spatial() ? "spatial" : "lifetime, rate " + rate)
                + ")";
    }
}
