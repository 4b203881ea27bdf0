package org.dlkit.train;

import java.util.ArrayList;
import java.util.List;
import org.dlkit.nn.Loss;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;
import org.dlkit.tensor.Blas;
import org.dlkit.tensor.Cores;
import org.dlkit.tensor.StepMemory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The gradients of one mini-batch computed on several cores at once, as lesson 13 describes
 * synchronous data parallelism: the batch is cut into shards, one per core; the network computes
 * shard 0 and a {@linkplain org.dlkit.nn.Layer#replica replica} of it (the same parameter values,
 * gradients of its own) each other shard; then the network's gradients become the shards' gradients
 * weighted by their sizes — every loss is a mean over examples, so that is the whole batch's
 * gradient, up to the order in which floats are added.
 *
 * <p>Used by {@link Trainer} on the CPU when the network can be replicated and each shard gets at
 * least {@link #MIN_SHARD} examples; a network that cannot (dropout, batch normalisation) trains on
 * one shard, with ND4J spreading each operation over the cores.
 */
final class ShardedStep {
    /** Fewer examples than this in a shard: the cores would wait on each other more than work. */
    static final int MIN_SHARD = 16;

    private final Network net;
    private final Loss loss;
    private final List<Network> replicas = new ArrayList<>();
    private final List<Loss> losses = new ArrayList<>();

    private ShardedStep(Network net, Loss loss) {
        this.net = net;
        this.loss = loss;
    }

    /**
     * A sharded step for this network and loss, or null: when either cannot be replicated, and for
     * networks without a convolution. Those gained nothing measurable (lesson 04's 784-100-10 at
     * batch 64: 23 600–30 900 images/s on one shard, 30 200–35 800 on two, within the runs'
     * spread), so they keep the step exactly as written out (lesson 01 checks it to the last bit).
     */
    static ShardedStep of(Network net, Loss loss) {
        if (!convolutional(net)) return null;
        Network probe = net.replica();
        Loss probeLoss = loss.replica();
        if (probe == null || probeLoss == null) return null;
        var step = new ShardedStep(net, loss);
        step.replicas.add(probe);
        step.losses.add(probeLoss);
        return step;
    }

    /** Whether the network has a convolution: filters, parameters of rank 3 or more. */
    private static boolean convolutional(Network net) {
        return net.params().stream().anyMatch(p -> p.value().rank() >= 3);
    }

    /**
     * How many shards a batch of n examples is cut into: one per core, each of at least {@link
     * #MIN_SHARD} examples (1: not worth cutting, or one core).
     */
    static int shards(long n) {
        return (int) Math.max(1, Math.min(Cores.available(), n / MIN_SHARD));
    }

    /**
     * Forward and backward on each shard of (x, y) at once; afterwards the network's gradients are
     * the batch's. Returns the batch's mean loss; adds the number of right answers to correct[0] if
     * correct is not null.
     */
    double gradients(INDArray x, INDArray y, int shards, long[] correct) {
        while (replicas.size() < shards - 1) {
            replicas.add(net.replica());
            losses.add(loss.replica());
        }
        long n = x.size(0);
        double[] values = new double[shards];
        long[] rights = new long[shards];
        Cores.each(
                shards,
                k -> {
                    Network model = k == 0 ? net : replicas.get(k - 1);
                    Loss lossK = k == 0 ? loss : losses.get(k - 1);
                    INDArray xk = rows(x, n * k / shards, n * (k + 1) / shards);
                    INDArray yk = rows(y, n * k / shards, n * (k + 1) / shards);
                    try (var memory = StepMemory.open("step")) {
                        INDArray scores = model.forward(xk, Mode.TRAIN);
                        values[k] = lossK.forward(scores, yk);
                        model.zeroGrad();
                        model.backwardParams(lossK.backward());
                        if (correct != null)
                            rights[k] = Metrics.correct(scores, yk, lossK.threshold());
                    }
                });
        // ∂L/∂w = Σ_k (n_k / n) ∂L_k/∂w: each shard's loss is the mean over its n_k examples
        List<Parameter> params = net.params();
        double value = 0;
        for (int k = 0; k < shards; k++) {
            double weight = (double) (n * (k + 1) / shards - n * k / shards) / n;
            value += weight * values[k];
            if (correct != null) correct[0] += rights[k];
            if (k == 0) {
                for (Parameter p : params) Blas.scale(weight, p.grad());
                continue;
            }
            List<Parameter> theirs = replicas.get(k - 1).params();
            for (int i = 0; i < params.size(); i++)
                Blas.axpy(weight, theirs.get(i).grad(), params.get(i).grad());
        }
        return value;
    }

    /** Rows [from, to) of a tensor of any rank: a view, whose rows lie one after another. */
    private static INDArray rows(INDArray a, long from, long to) {
        var index = new INDArrayIndex[a.rank()];
        index[0] = NDArrayIndex.interval(from, to);
        for (int d = 1; d < index.length; d++) index[d] = NDArrayIndex.all();
        return a.get(index);
    }
}
