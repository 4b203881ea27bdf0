package org.dlkit.parallel;

import org.dlkit.nn.Loss;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Network;
import org.dlkit.tensor.StepMemory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one worker sends back after a backward pass over its shard of a mini-batch: the gradient
 * <em>summed</em> over its examples (the mean gradient times the shard's size), the loss summed the
 * same way, and how many examples there were. Sums add up: the shards' sums together are exactly
 * the whole batch's sum, and dividing by the total count gives the gradient of the whole batch's
 * mean loss — the step one worker would have taken on the whole batch.
 *
 * @param sum Σ over the shard's examples of ∂loss/∂w, in {@link Flat} order
 * @param lossSum Σ over the shard's examples of the loss
 * @param count the number of examples
 */
public record Gradient(float[] sum, double lossSum, long count) implements java.io.Serializable {

    public Gradient {
        if (count < 0)
            throw new IllegalArgumentException("Gradient.count must be ≥ 0, got " + count);
    }

    /**
     * Forward and backward through the network on (x, y); x has N rows (or N images), y is (N, M).
     * The network's own gradients are overwritten.
     */
    public static Gradient of(Network net, Loss loss, INDArray x, INDArray y) {
        long n = x.size(0);
        try (var memory = StepMemory.open("gradient")) {
            INDArray scores = net.forward(x, Mode.TRAIN);
            double mean = loss.forward(scores, y);
            net.zeroGrad();
            net.backwardParams(loss.backward());
            float[] g = Flat.grads(net);
            for (int i = 0; i < g.length; i++) g[i] *= n; // mean → sum over the shard
            return new Gradient(g, mean * n, n);
        }
    }

    /** The sum of two workers' gradients (a new record; neither is changed). */
    public Gradient plus(Gradient other) {
        if (other.sum.length != sum.length)
            throw new IllegalArgumentException(
                    "cannot add gradients of "
                            + sum.length
                            + " and "
                            + other.sum.length
                            + " parameters: they come from different networks");
        float[] s = sum.clone();
        for (int i = 0; i < s.length; i++) s[i] += other.sum[i];
        return new Gradient(s, lossSum + other.lossSum, count + other.count);
    }

    /** The gradient of the mean loss over all the examples summed here: sum / count. */
    public float[] mean() {
        if (count == 0)
            throw new IllegalStateException("no examples: the mean gradient is undefined");
        float[] m = new float[sum.length];
        for (int i = 0; i < m.length; i++) m[i] = (float) (sum[i] / count);
        return m;
    }

    /** The mean loss over the examples. */
    public double meanLoss() {
        return lossSum / count;
    }
}
