package org.dlkit.parallel;

import java.util.Random;

/**
 * A sparse binary classification problem of the kind Hogwild was made for: each example switches on
 * a few of many features (words of a document, say), so two examples rarely touch the same weights.
 * Feature j is drawn with probability ∝ 1 / (j + 10), so a few features are common and most are
 * rare; the label is 1 when the example's features' hidden weights, plus noise, sum to more than 0.
 *
 * @param features d, the number of features (weights)
 * @param active the features each example switches on: example i uses active[i·k … i·k + k − 1]
 * @param perExample k, the features each example switches on
 * @param label 0 or 1 per example
 */
public record SparseProblem(int features, int[] active, int perExample, byte[] label) {

    public SparseProblem {
        if (perExample < 1 || active.length != label.length * perExample)
            throw new IllegalArgumentException(
                    "SparseProblem: "
                            + label.length
                            + " labels need "
                            + label.length * perExample
                            + " active features, got "
                            + active.length);
    }

    /** n examples of k active features among d, drawn from seed. */
    public static SparseProblem generate(int n, int d, int k, long seed) {
        var random = new Random(seed);
        double[] hidden = new double[d];
        for (int j = 0; j < d; j++) hidden[j] = random.nextGaussian();
        // the cumulative distribution of P(j) ∝ 1 / (j + 10), for drawing features
        double[] cumulative = new double[d];
        double total = 0;
        for (int j = 0; j < d; j++) cumulative[j] = total += 1.0 / (j + 10);
        int[] active = new int[n * k];
        byte[] label = new byte[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int a = 0; a < k; a++) {
                int j = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
                j = j >= 0 ? j : Math.min(d - 1, -j - 1);
                active[i * k + a] = j;
                sum += hidden[j];
            }
            label[i] = (byte) (sum + 0.5 * random.nextGaussian() > 0 ? 1 : 0);
        }
        return new SparseProblem(d, active, k, label);
    }

    public int size() {
        return label.length;
    }

    /** Mean logistic loss −[y·ln σ(z) + (1 − y)·ln(1 − σ(z))] of weights w, z = Σ w over active. */
    public double loss(double[] w) {
        double sum = 0;
        for (int i = 0; i < size(); i++) {
            double z = score(w, i);
            // ln(1 + e^−z) for y = 1, ln(1 + e^z) for y = 0, written so that neither overflows
            double m = label[i] == 1 ? -z : z;
            sum += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
        }
        return sum / size();
    }

    /** The fraction of examples that w classifies right (z > 0 means 1). */
    public double accuracy(double[] w) {
        int right = 0;
        for (int i = 0; i < size(); i++) if ((score(w, i) > 0) == (label[i] == 1)) right++;
        return right / (double) size();
    }

    /** z = Σ w[j] over example i's active features. */
    double score(double[] w, int i) {
        double z = 0;
        for (int a = i * perExample; a < (i + 1) * perExample; a++) z += w[active[a]];
        return z;
    }
}
