package org.dlkit.train;

/**
 * A learning rate that changes during training: η for the t-th update (t = 0, 1, 2, …). An
 * optimiser given a schedule counts its own updates.
 *
 * <pre>{@code
 * int steps = epochs * batchesPerEpoch;
 * new Momentum(Schedule.cosine(0.03, 0.0003, steps), 0.9)
 * }</pre>
 */
@FunctionalInterface
public interface Schedule {

    /** η for update t, counted from 0. */
    double eta(long t);

    /** The same η for every update. */
    static Schedule constant(double eta) {
        State.positive("Schedule.constant η", eta);
        return new Named(t -> eta, "η = " + eta);
    }

    /**
     * Cosine annealing: η falls from {@code start} at update 0 to {@code end} at update {@code
     * steps − 1} along half a cosine — slowly at first, fastest in the middle, slowly again at the
     * end — and stays at {@code end} after that.
     */
    static Schedule cosine(double start, double end, long steps) {
        State.positive("Schedule.cosine start η", start);
        State.positive("Schedule.cosine end η", end);
        if (end > start)
            throw new IllegalArgumentException(
                    "Schedule.cosine: the end η ("
                            + end
                            + ") must not exceed the start η ("
                            + start
                            + ")");
        if (steps < 2)
            throw new IllegalArgumentException(
                    "Schedule.cosine needs at least 2 updates, got " + steps);
        return new Named(
                t -> {
                    double done = Math.min(1.0, Math.max(0, t) / (double) (steps - 1));
                    return end + 0.5 * (start - end) * (1 + Math.cos(Math.PI * done));
                },
                "cosine η " + start + " → " + end + " over " + steps + " updates");
    }

    /** A schedule with a description for messages and a run's provenance. */
    record Named(Schedule schedule, String description) implements Schedule {
        @Override
        public double eta(long t) {
            return schedule.eta(t);
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
