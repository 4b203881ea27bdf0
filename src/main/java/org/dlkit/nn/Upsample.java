package org.dlkit.nn;

import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Nearest-neighbour upsampling, the decoder's answer to pooling: every cell of each feature map
 * becomes a K×K block of copies, so (N, C, H, W) becomes (N, C, K·H, K·W). A convolutional
 * autoencoder's decoder alternates it with convolutions to grow a small code back into an image. No
 * parameters.
 *
 * <p>Backward: each input cell was copied into K² output cells and influenced nothing else, so
 * ∂L/∂x is the sum of dOut over its block.
 */
public final class Upsample implements Layer {
    private final String name;
    private final int factor;
    private long[] inShape;

    public Upsample(String name, int factor) {
        if (factor < 1)
            throw new IllegalArgumentException(
                    "Upsample[" + name + "]: the factor must be at least 1, got " + factor);
        this.name = name;
        this.factor = factor;
    }

    @Override
    public String name() {
        return name;
    }

    public int factor() {
        return factor;
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        Shapes.require(
                Require.where(this, "forward"),
                "x",
                x,
                new long[] {Shapes.ANY, Shapes.ANY, Shapes.ANY, Shapes.ANY},
                "images (N, C, H, W)");
        this.inShape = x.shape();
        return x.repeat(2, factor).repeat(3, factor); // each row K times, then each column
    }

    @Override
    public INDArray backward(INDArray dOut) {
        long[] s = Require.cached(inShape, this);
        long n = s[0], c = s[1], h = s[2], w = s[3];
        Shapes.require(
                Require.where(this, "backward"),
                "dOut",
                dOut,
                new long[] {n, c, h * factor, w * factor},
                "backward takes a gradient shaped like forward's output");
        // (N, C, H·K, W·K) seen as (N, C, H, K, W, K): sum each K×K block
        return dOut.dup('c').reshape('c', n, c, h, factor, w, factor).sum(3, 5);
    }

    @Override
    public long[] outputShape(long[] in) {
        if (in.length != 3) {
            throw Shapes.mismatch(
                    Require.where(this, "forward"),
                    "x",
                    "[N, C, H, W]",
                    Shapes.perExample(in),
                    null);
        }
        return new long[] {in[0], in[1] * factor, in[2] * factor};
    }

    @Override
    public String toString() {
        return "Upsample[" + name + "](×" + factor + ")";
    }
}
