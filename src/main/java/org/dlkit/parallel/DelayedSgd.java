package org.dlkit.parallel;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import org.dlkit.data.DataSet;
import org.dlkit.nn.Loss;
import org.dlkit.nn.Network;
import org.dlkit.train.Trainer;

/**
 * Asynchronous SGD as its analysis models it: every update uses a gradient computed on the weights
 * of {@code staleness} updates ago, w<sub>t+1</sub> = w<sub>t</sub> − η·∇L(w<sub>t−τ</sub>). With k
 * workers pushing to a parameter server in turn, each gradient is about k − 1 updates old when it
 * arrives ({@link ParameterServer} measures it); here the delay τ is fixed, so runs with τ = 0, 1,
 * 4, 16 differ only in it and can be compared update for update. τ = 0 is plain SGD.
 */
public final class DelayedSgd {
    private DelayedSgd() {}

    /** The loss on the probe set after every {@code every} updates, starting with update 0. */
    public record Curve(int staleness, int[] updates, double[] loss) {}

    /**
     * Trains net in place for {@code updates} updates of SGD with step eta on mini-batches of
     * {@code miniBatch} examples drawn in shuffled passes over train (shuffled with seed, the same
     * batches whatever the staleness), each gradient taken at the weights of {@code staleness}
     * updates before.
     */
    public static Curve train(
            Network net,
            Loss loss,
            double eta,
            DataSet train,
            int miniBatch,
            int updates,
            int staleness,
            DataSet probe,
            int every,
            long seed) {
        if (staleness < 0)
            throw new IllegalArgumentException("staleness must be ≥ 0, got " + staleness);
        if (updates < 1 || every < 1)
            throw new IllegalArgumentException(
                    "updates and every must be positive, got " + updates + " and " + every);
        int points = updates / every + 1;
        int[] at = new int[points];
        double[] curve = new double[points];
        var random = new Random(seed);
        // the weights of the last τ + 1 updates, oldest first: the gradient is taken at the oldest
        var history = new ArrayDeque<float[]>();
        float[] w = Flat.values(net);
        history.addLast(w.clone());
        int point = 0;
        // the pass's order as indices; each mini-batch is copied out of train when it is used (a
        // shuffled copy of the whole set would hold 157 MB for MNIST's 50 000 digits)
        int[] order = DataSet.permutation(train.size(), random);
        int next = 0;
        for (int t = 0; t <= updates; t++) {
            if (t % every == 0) {
                Flat.setValues(net, w);
                at[point] = t;
                curve[point++] = Trainer.evaluate(net, loss, probe).loss();
            }
            if (t == updates) break;
            if (next + miniBatch > order.length) {
                order = DataSet.permutation(train.size(), random);
                next = 0;
            }
            DataSet batch = train.select(Arrays.copyOfRange(order, next, next + miniBatch));
            next += miniBatch;
            Flat.setValues(net, history.peekFirst()); // w_{t−τ} (w_0 for the first τ updates)
            float[] g = Gradient.of(net, loss, batch.x(), batch.y()).mean();
            for (int i = 0; i < w.length; i++) w[i] -= (float) (eta * g[i]);
            history.addLast(w.clone());
            if (history.size() > staleness + 1) history.removeFirst();
        }
        Flat.setValues(net, w);
        return new Curve(staleness, at, curve);
    }
}
