package org.dlkit.nn;

import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Flatten: images (N, C, H, W) become rows (N, C·H·W), in C-then-H-then-W order, so that a dense
 * layer can follow a convolutional one. Backward reshapes the gradient back.
 */
public final class Flatten implements Layer {
    private final String name;
    private long[] inShape;

    public Flatten(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (x.rank() < 2)
            throw Shapes.mismatch(Require.where(this, "forward"), "x", "[N, …]", x, null);
        this.inShape = x.shape();
        return x.reshape('c', x.size(0), x.length() / x.size(0));
    }

    @Override
    public INDArray backward(INDArray dOut) {
        long[] shape = Require.cached(inShape, this);
        org.dlkit.tensor.Shapes.require(
                Require.where(this, "backward"),
                "dOut",
                dOut,
                new long[] {
                    shape[0], outputShape(java.util.Arrays.copyOfRange(shape, 1, shape.length))[0]
                },
                "backward takes a gradient shaped like forward's output");
        return dOut.reshape('c', shape);
    }

    @Override
    public long[] outputShape(long[] in) {
        long n = 1;
        for (long d : in) n *= d;
        return new long[] {n};
    }

    @Override
    public String toString() {
        return "Flatten[" + name + "]";
    }

    @Override
    public Layer replica() {
        return new Flatten(name);
    }
}
