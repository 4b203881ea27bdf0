package org.dlkit.spark;

import java.io.Serializable;
import org.dlkit.nn.Loss;
import org.dlkit.nn.Network;

/**
 * How a worker builds its own copy of the network being trained. A network is not sent over the
 * wire: its recipe is (a few bytes), every worker builds the network once, and from then on only
 * flat parameter vectors travel. Every call must build the same architecture; the weights it starts
 * with do not matter except on the driver, where they are the starting point.
 *
 * <p>A recipe must be a class the workers can load: one of {@link Recipes}, or a class of your own
 * in a jar given to {@code spark-submit}. (A class written in a notebook cell lives only in that
 * notebook's kernel.)
 */
public interface Recipe extends Serializable {

    /** A new network; the same architecture on every call. */
    Network network();

    /** A new loss (a loss keeps what its backward pass needs, so each worker needs its own). */
    Loss loss();
}
