package org.dlkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The preconditions of the layers' methods, each failing with a message that names the layer and
 * the method: a backward pass before any forward, a gradient of the wrong shape, an input of the
 * wrong data type. Shapes in general are checked by {@link org.dlkit.tensor.Shapes}.
 */
final class Require {
    private Require() {}

    /** The cached value, or IllegalStateException naming the layer when backward comes first. */
    static <T> T cached(T cached, Object layerOrLoss) {
        if (cached == null) {
            String who = layerOrLoss == null ? "the loss" : String.valueOf(layerOrLoss);
            throw new IllegalStateException(
                    who + ".backward called before forward: run forward on a batch first");
        }
        return cached;
    }

    /** A layer's input must be there: "Dense[hidden1].forward: x is null" otherwise. */
    static void input(Layer layer, INDArray x) {
        if (x == null) throw new IllegalArgumentException(where(layer, "forward") + ": x is null");
    }

    /** "Dense[hidden1].forward" */
    static String where(Layer layer, String method) {
        return layer.getClass().getSimpleName() + "[" + layer.name() + "]." + method;
    }

    /**
     * dOut must have the shape forward gives for the cached images x (N, C, H, W): N rows of {@link
     * Layer#outputShape} of one image. Returns that output shape, [F, H', W'].
     */
    static long[] outputOf(Layer layer, INDArray dOut, INDArray x) {
        long[] out = layer.outputShape(new long[] {x.size(1), x.size(2), x.size(3)});
        long[] expected = {x.size(0), out[0], out[1], out[2]};
        org.dlkit.tensor.Shapes.require(where(layer, "backward"), "dOut", dOut, expected, null);
        return out;
    }

    /** dOut must have the shape of the output that forward returned. */
    static void like(Layer layer, String tensor, INDArray got, INDArray like) {
        org.dlkit.tensor.Shapes.require(
                where(layer, "backward"),
                tensor,
                got,
                like.shape(),
                "backward takes a gradient shaped like forward's output");
    }

    /**
     * x must have the data type of the layer's parameters: ND4J's own error for a float64 or an
     * integer x in a float32 layer is "Op [matmul] execution failed".
     */
    static void type(Layer layer, INDArray x, Parameter p) {
        if (x.dataType() == p.value().dataType()) return;
        String wanted = p.value().dataType().name();
        throw new IllegalArgumentException(
                where(layer, "forward")
                        + ": x holds "
                        + x.dataType()
                        + " numbers but the layer's parameters are "
                        + wanted
                        + "; convert the input with x.castTo(DataType."
                        + wanted
                        + ") (or make the layer after Nd4j.setDefaultDataTypes("
                        + "DataType."
                        + x.dataType()
                        + ", …) if "
                        + x.dataType()
                        + " is what you want)");
    }
}
