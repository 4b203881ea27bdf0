package org.dlkit.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A step of a network that does its own backward pass by hand; there is no autodiff.
 *
 * <ul>
 *   <li>{@link #forward} returns the output and keeps what backward needs (a private record is a
 *       good cache);
 *   <li>{@link #backward} takes ∂loss/∂output, returns ∂loss/∂input, and adds the gradients of its
 *       parameters into {@link Parameter#grad()}; it never changes dOut in place; called before
 *       forward it throws {@code IllegalStateException} naming the layer;
 *   <li>{@link #params} lists the learnable tensors (none for activations and pooling).
 * </ul>
 *
 * Shapes: (N, D) for dense data, (N, C, H, W) for images. Every public entry checks its input's
 * shape through {@link org.dlkit.tensor.Shapes#require}.
 */
public interface Layer {

    /** A short name unique in its network, e.g. "hidden1"; used in messages and parameter names. */
    String name();

    INDArray forward(INDArray x, Mode mode);

    INDArray backward(INDArray dOut);

    /**
     * Backward for the first layer of a network, whose input is the data: only the gradients of the
     * parameters are needed, not ∂loss/∂input. By default {@link #backward} with its result
     * dropped; {@link Conv2D} skips the input gradient, which for images costs as much as the
     * weight gradient.
     */
    default void backwardParams(INDArray dOut) {
        backward(dOut);
    }

    /**
     * A copy of this layer for a worker that computes the gradients of one shard of a mini-batch
     * while other workers do the other shards, on other cores (see {@link
     * org.dlkit.train.Trainer#step}): it shares this layer's parameter values ({@link
     * Parameter#replica}) and has its own gradients and its own memory of its last forward pass.
     * Null, the default, when a layer cannot be split that way: it draws random numbers ({@link
     * Dropout}: the masks would depend on how the batch is cut), or one example's output depends on
     * the others in the batch ({@link BatchNorm}). A network with such a layer trains on one
     * worker.
     */
    default Layer replica() {
        return null;
    }

    default List<Parameter> params() {
        return List.of();
    }

    /**
     * The term this layer added to the objective in its last forward pass, 0 for almost every
     * layer. A layer that penalises its own activations ({@link SparsityPenalty}) reports the
     * penalty here and adds its gradient in backward; training minimises loss + Σ penalties, and
     * gradient checks differentiate that sum.
     */
    default double penalty() {
        return 0;
    }

    /**
     * The output shape for one example of the given shape (no batch dimension), e.g. [784] → [100]
     * for Dense(784 → 100); throws IllegalArgumentException when the input cannot fit.
     */
    long[] outputShape(long[] inputShape);
}
