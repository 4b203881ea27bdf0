package org.dlkit.nn;

import java.util.Arrays;
import org.dlkit.tensor.Blas;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learnable tensor: its value, the gradient of the loss with respect to it, and a name
 * ("hidden1.W"). Layers accumulate into {@code grad} with {@code addi}; the training loop zeroes
 * gradients before each batch. Optimisers see only parameters.
 */
public final class Parameter {
    private final String name;
    private final INDArray value;
    private final INDArray grad;
    private final boolean weights;
    private boolean frozen;

    /** A parameter that is not a weight: a bias, batch norm's γ and β. */
    public Parameter(String name, INDArray value) {
        this(name, value, false);
    }

    private Parameter(String name, INDArray value, boolean weights) {
        this.name = name;
        this.value = value;
        this.grad = value.ulike().assign(0);
        this.weights = weights;
    }

    /** The copy a data-parallel worker uses: the same value tensor, a gradient of its own. */
    private Parameter(Parameter shared) {
        this.name = shared.name;
        this.value = shared.value;
        this.grad = shared.value.ulike().assign(0);
        this.weights = shared.weights;
        this.frozen = shared.frozen;
    }

    /**
     * A parameter for a {@link Layer#replica}: it shares this one's value — the very tensor, so an
     * optimiser's update of this parameter is the replica's too — and has a gradient of its own.
     */
    public Parameter replica() {
        return new Parameter(this);
    }

    /**
     * Weights: what multiplies a layer's input. Weight decay shrinks them (not biases: a smaller
     * bias does not make a network simpler), and the health checks compare their updates with them.
     */
    public static Parameter weights(String name, INDArray value) {
        return new Parameter(name, value, true);
    }

    /** Whether this parameter is weights, made by {@link #weights}. */
    public boolean isWeights() {
        return weights;
    }

    public String name() {
        return name;
    }

    /** The value, updated in place by optimisers. */
    public INDArray value() {
        return value;
    }

    /** ∂loss/∂value, same shape as the value. */
    public INDArray grad() {
        return grad;
    }

    /**
     * Sets the value from v, which must have the same shape (ND4J's own assign does not always
     * check, and a mismatch can corrupt memory).
     */
    public void set(INDArray v) {
        Shapes.require("Parameter[" + name + "].set", "value", v, value.shape(), null);
        value.assign(v);
    }

    public void zeroGrad() {
        Blas.zero(grad);
    }

    /** A frozen parameter keeps its value: optimisers skip it (greedy layer-wise pretraining). */
    public boolean frozen() {
        return frozen;
    }

    public void freeze(boolean frozen) {
        this.frozen = frozen;
    }

    public long size() {
        return value.length();
    }

    @Override
    public String toString() {
        return name + Arrays.toString(value.shape()) + (frozen ? " (frozen)" : "");
    }
}
