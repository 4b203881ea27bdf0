package org.dlkit.train;

import java.util.List;
import org.dlkit.nn.Parameter;

/**
 * Updates parameters from their gradients. An optimiser sees nothing but parameters, keeps its own
 * state per parameter (velocities, running averages), and skips frozen ones.
 *
 * <p>{@link #step} runs inside a training step's memory ({@link org.dlkit.tensor.StepMemory}),
 * which the next step reuses: state that must outlive the step is made with {@code
 * StepMemory.outside(...)} and then updated in place.
 */
public interface Optimizer {

    /** One update of every unfrozen parameter from its current gradient. */
    void step(List<Parameter> params);

    /** The learning rate η, for messages and the run's provenance. */
    double eta();
}
