package org.dlkit.train;

import java.util.List;
import org.dlkit.nn.Parameter;

/**
 * Updates parameters from their gradients. An optimiser sees nothing but parameters, keeps its own
 * state per parameter (velocities, running averages), and skips frozen ones.
 */
public interface Optimizer {

    /** One update of every unfrozen parameter from its current gradient. */
    void step(List<Parameter> params);

    /** The learning rate η, for messages and the run's provenance. */
    double eta();
}
