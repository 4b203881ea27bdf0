package org.dlkit.parallel;

import org.dlkit.nn.Loss;
import org.dlkit.nn.Network;
import org.dlkit.train.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Synchronous data parallelism, the arithmetic without the cluster: a mini-batch of N examples is
 * cut into k shards, each of k workers computes the gradient on its shard, the gradients are
 * summed, and one update is made with sum / N. Here the k workers run one after the other on the
 * same network, which is all it takes to see that the step is the single worker's step on the whole
 * batch (up to float rounding). On k machines the k backward passes run at once; {@code
 * org.dlkit.spark.SparkTrainer} does that on Apache Spark.
 *
 * <p>One layer breaks the equality: batch normalisation normalises with its shard's statistics, not
 * the whole batch's.
 */
public final class DataParallel {
    private DataParallel() {}

    /**
     * One synchronous step with {@code workers} shards of (x, y); returns the batch's mean loss
     * before the update.
     */
    public static double step(
            Network net, Loss loss, Optimizer optimizer, INDArray x, INDArray y, int workers) {
        Gradient total = gradient(net, loss, x, y, workers);
        Flat.setGrads(net, total.mean());
        optimizer.step(net.params());
        return total.meanLoss();
    }

    /** The summed gradients of the k shards of (x, y), each computed on its own. */
    public static Gradient gradient(Network net, Loss loss, INDArray x, INDArray y, int workers) {
        long n = x.size(0);
        if (workers < 1 || workers > n)
            throw new IllegalArgumentException(
                    "workers must be between 1 and the batch's " + n + " examples, got " + workers);
        Gradient total = null;
        for (int k = 0; k < workers; k++) {
            long from = n * k / workers, to = n * (k + 1) / workers;
            Gradient g = Gradient.of(net, loss, rows(x, from, to), rows(y, from, to));
            total = total == null ? g : total.plus(g);
        }
        return total;
    }

    /** Rows [from, to) of a tensor of any rank, as a copy. */
    static INDArray rows(INDArray a, long from, long to) {
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        index[0] = NDArrayIndex.interval(from, to);
        for (int d = 1; d < index.length; d++) index[d] = NDArrayIndex.all();
        return a.get(index).dup('c');
    }
}
