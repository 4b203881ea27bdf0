package org.dlkit.train;

/**
 * How to train, in the book's words: {@code epochs} passes over the data in mini-batches of {@code
 * miniBatch} examples, shuffled each epoch from {@code seed}; stop early when the validation loss
 * has not improved for {@code patience} epochs (0: never), keeping the best.
 */
public record TrainConfig(int epochs, int miniBatch, long seed, boolean shuffle, int patience) {
    public TrainConfig {
        if (epochs <= 0)
            throw new IllegalArgumentException(
                    "TrainConfig.epochs must be positive, got " + epochs);
        if (miniBatch <= 0)
            throw new IllegalArgumentException(
                    "TrainConfig.miniBatch must be positive, got " + miniBatch);
        if (patience < 0)
            throw new IllegalArgumentException("TrainConfig.patience must be ≥ 0, got " + patience);
    }

    /** Shuffled, no early stopping. */
    public static TrainConfig of(int epochs, int miniBatch, long seed) {
        return new TrainConfig(epochs, miniBatch, seed, true, 0);
    }

    public TrainConfig withPatience(int patience) {
        return new TrainConfig(epochs, miniBatch, seed, shuffle, patience);
    }
}
