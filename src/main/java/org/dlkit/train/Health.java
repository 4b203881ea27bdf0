package org.dlkit.train;

import java.util.Optional;

/**
 * Training-health checks, as pure functions of figures the trainer measures. Each returns a warning
 * in plain words, or nothing. They are the checks a teacher does by eye (cs231n's "sanity checks"):
 * the first loss, accuracy at chance, dead ReLUs, the size of updates.
 */
public final class Health {
    private Health() {}

    /**
     * A classifier that starts by guessing evenly among C classes has softmax cross-entropy ln C
     * (ln 2 for one logit); a first loss far from it means the initial scores are large, and the
     * first epochs go into undoing that. A first loss far <em>below</em> ln C is a network that was
     * trained before (a second stage at a smaller η, a reloaded checkpoint): no warning.
     */
    public static Optional<String> firstLoss(double loss, int classes) {
        double expected = Math.log(classes);
        if (!(loss - expected > Math.max(0.5, 0.5 * expected))) return Optional.empty();
        return Optional.of(
                String.format(
                        "the first loss was %.3g, far from ln(%d) = %.3f where a network that guesses evenly among %d classes "
                                + "starts; the initial weights may be too large (or the targets are not what the loss expects)",
                        loss, classes, expected, classes));
    }

    /** Accuracy no better than guessing after some epochs: the network is not learning. */
    public static Optional<String> atChance(double accuracy, int classes, int epoch) {
        double chance = 1.0 / classes;
        if (epoch < 3 || Double.isNaN(accuracy) || accuracy > chance + 0.02)
            return Optional.empty();
        return Optional.of(
                String.format(
                        "accuracy is stuck at chance (%.1f%% for %d classes) after %d epochs: the network is not learning; "
                                + "try another learning rate η or check the initialisation and the labels",
                        100 * accuracy, classes, epoch));
    }

    /**
     * Most units of an activation layer have derivative 0 for every example of a batch (a ReLU that
     * outputs 0, a sigmoid saturated to exactly 1): they pass no gradient and no longer learn.
     */
    public static Optional<String> deadUnits(String layer, double deadFraction, int examples) {
        if (!(deadFraction > 0.5)) return Optional.empty();
        return Optional.of(
                String.format(
                        "%.0f%% of the units in %s have derivative 0 for all of %d examples (a ReLU that outputs 0): they are dead "
                                + "and get no gradient; a learning rate η that is too large is the usual cause",
                        100 * deadFraction, layer, examples));
    }

    /**
     * The size of one update relative to the weights: around 1e-3 trains well (cs231n's rule of
     * thumb); much larger and training is unstable, much smaller and it crawls.
     */
    public static Optional<String> updateRatio(String parameter, double ratio) {
        if (Double.isNaN(ratio) || (ratio >= 1e-5 && ratio <= 1e-1)) return Optional.empty();
        String cause = ratio > 1e-1 ? "η is probably too large" : "η is probably too small";
        return Optional.of(
                String.format(
                        "the update/weight ratio of %s is %.1e, far from the ~1e-3 that trains well: %s",
                        parameter, ratio, cause));
    }
}
