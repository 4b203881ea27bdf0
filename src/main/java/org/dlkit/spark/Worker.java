package org.dlkit.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.dlkit.data.DataSet;
import org.dlkit.nn.Loss;
import org.dlkit.nn.Network;
import org.dlkit.parallel.Flat;
import org.dlkit.parallel.Gradient;
import org.dlkit.train.Sgd;
import org.dlkit.train.Trainer;

/**
 * What runs inside a Spark task. Each task thread keeps one network per recipe (built on first use,
 * then only its parameters change), so a step costs a copy of the parameters in and a gradient out,
 * not a new network.
 */
final class Worker {
    private Worker() {}

    /** A network and its loss, built from a recipe. */
    private record Copy(Network net, Loss loss) {}

    private static final ThreadLocal<Map<Recipe, Copy>> COPIES =
            ThreadLocal.withInitial(HashMap::new);

    private static Copy copy(Recipe recipe, float[] weights) {
        Copy c = COPIES.get().computeIfAbsent(recipe, r -> new Copy(r.network(), r.loss()));
        Flat.setValues(c.net, weights);
        return c;
    }

    /** Synchronous SGD: the gradient (summed over the examples) of one mini-batch of this shard. */
    static Gradient gradient(
            Recipe recipe,
            float[] weights,
            Shard shard,
            long seed,
            int epoch,
            int step,
            int batch) {
        Copy c = copy(recipe, weights);
        DataSet b = shard.batch(seed, epoch, step, batch);
        return Gradient.of(c.net, c.loss, b.x(), b.y());
    }

    /** The gradient of a whole small shard (one step of an explicit mini-batch). */
    static Gradient gradient(Recipe recipe, float[] weights, Shard shard) {
        Copy c = copy(recipe, weights);
        DataSet d = shard.data();
        return Gradient.of(c.net, c.loss, d.x(), d.y());
    }

    /**
     * Parameter averaging: {@code steps} steps of plain SGD (step eta) from the given weights on
     * mini-batches {@code first}, {@code first} + 1, … of this shard's epoch; returns the weights
     * it ends with and the mean loss of its steps.
     */
    static Local train(
            Recipe recipe,
            float[] weights,
            Shard shard,
            double eta,
            long seed,
            int epoch,
            int first,
            int steps,
            int batch) {
        Copy c = copy(recipe, weights);
        var trainer = new Trainer(c.net, c.loss, new Sgd(eta));
        double loss = 0;
        for (int s = first; s < first + steps; s++) {
            DataSet b = shard.batch(seed, epoch, s, batch);
            loss += trainer.step(b.x(), b.y());
        }
        return new Local(Flat.values(c.net), loss, steps, 1);
    }

    /**
     * Workers' trained weights, summed: divide by {@code workers} for the average. {@code lossSum}
     * and {@code steps} add the workers' step losses, for the mean loss.
     */
    record Local(float[] weights, double lossSum, long steps, int workers) implements Serializable {
        Local plus(Local o) {
            float[] w = weights.clone();
            for (int i = 0; i < w.length; i++) w[i] += o.weights[i];
            return new Local(w, lossSum + o.lossSum, steps + o.steps, workers + o.workers);
        }

        float[] average() {
            float[] w = new float[weights.length];
            for (int i = 0; i < w.length; i++) w[i] = weights[i] / workers;
            return w;
        }
    }
}
