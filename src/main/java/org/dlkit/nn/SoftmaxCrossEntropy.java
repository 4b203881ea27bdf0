package org.dlkit.nn;

import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax and cross-entropy in one step, for one-of-M classification: scores z (N, M), one-hot
 * targets t (N, M), L = −(1/N) Σ_n Σ_m t_nm log softmax(z_n)_m.
 *
 * <p>log softmax(z) = z − max(z) − log Σ e^(z − max(z)) (the log-sum-exp trick: no overflow, no log
 * 0), and the fused gradient is ∂L/∂z = (softmax(z) − t) / N — which is why a classifier's last
 * layer outputs raw scores and leaves softmax to this loss.
 */
public final class SoftmaxCrossEntropy implements Loss {
    private INDArray p;
    private INDArray t;

    @Override
    public String name() {
        return "softmax cross-entropy";
    }

    @Override
    public double forward(INDArray z, INDArray t) {
        Shapes.require(
                "SoftmaxCrossEntropy.forward",
                "targets",
                t,
                z.shape(),
                "one-hot rows, one column per class");
        // row by row in Java, on a copy: a batch's scores are a few hundred numbers, and the nine
        // ND4J operations this takes as tensors (two of them broadcasts) cost ~350 µs a step
        int n = (int) z.size(0), m = (int) z.size(1);
        double[] scores = z.dup('c').data().asDouble();
        double[] targets = t.dup('c').data().asDouble();
        double[] probabilities = new double[n * m];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int row = i * m;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) max = Math.max(max, scores[row + j]);
            double exps = 0;
            for (int j = 0; j < m; j++) exps += Math.exp(scores[row + j] - max);
            double logSum = Math.log(exps);
            for (int j = 0; j < m; j++) {
                double logP = scores[row + j] - max - logSum; // log softmax(z_n)_j
                probabilities[row + j] = Math.exp(logP);
                sum += targets[row + j] * logP;
            }
        }
        this.p = Nd4j.create(probabilities, new long[] {n, m}, z.dataType());
        this.t = t;
        return -sum / n;
    }

    /** The softmax probabilities of the last forward, (N, M). */
    public INDArray probabilities() {
        return Require.cached(p, this);
    }

    @Override
    public INDArray backward() {
        INDArray p = Require.cached(this.p, this);
        return p.sub(t).divi(p.size(0));
    }

    @Override
    public String toString() {
        return "SoftmaxCrossEntropy";
    }

    @Override
    public boolean isCrossEntropy() {
        return true;
    }

    @Override
    public Loss replica() {
        return new SoftmaxCrossEntropy();
    }
}
