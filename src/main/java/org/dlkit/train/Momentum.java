package org.dlkit.train;

import java.util.List;
import org.dlkit.nn.Parameter;
import org.dlkit.tensor.Blas;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SGD with momentum: a velocity that remembers past steps, v ← μv − η ∂L/∂w, then w ← w + v. Along
 * a consistent slope steps grow to η/(1 − μ); across a ravine they cancel. With a {@link Schedule},
 * the t-th update uses η_t.
 */
public final class Momentum implements Optimizer {
    private final Schedule schedule;
    private final double mu;
    private final State velocity = new State();
    private long updates;

    public Momentum(double eta, double mu) {
        this(Schedule.constant(checked(eta)), mu);
    }

    /** Momentum with η changing by the schedule, update by update. */
    public Momentum(Schedule schedule, double mu) {
        if (schedule == null) throw new IllegalArgumentException("Momentum: the schedule is null");
        State.fraction("Momentum.mu", mu);
        this.schedule = schedule;
        this.mu = mu;
    }

    private static double checked(double eta) {
        State.positive("Momentum.eta", eta);
        return eta;
    }

    @Override
    public void step(List<Parameter> params) {
        double eta = schedule.eta(updates);
        // the message is built only when η is bad: this runs at every update
        if (!(eta > 0) || Double.isInfinite(eta))
            State.positive("Momentum: the schedule's η for update " + updates, eta);
        updates++;
        for (Parameter p : params) {
            if (p.frozen()) continue;
            INDArray v = velocity.of(p);
            Blas.scale(mu, v); //                   v ← μv
            State.addScaled(v, -eta, p.grad()); //  v ← v − η·g
            State.addScaled(p.value(), 1, v); //    w ← w + v
        }
    }

    /** η of the next update. */
    @Override
    public double eta() {
        return schedule.eta(updates);
    }

    /** Updates made so far. */
    public long updates() {
        return updates;
    }

    @Override
    public String toString() {
        return "Momentum(" + schedule + ", μ = " + mu + ")";
    }
}
