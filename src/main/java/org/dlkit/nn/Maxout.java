package org.dlkit.nn;

import java.util.List;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A maxout layer with k pieces: y_m = max_j (x·W_j + b_j)_m, so each output is the largest of k
 * linear functions of the input (ReLU is the case max(x·w, 0)). X (N, D), W (D, k·M) with piece j
 * in columns j·M … (j+1)·M − 1, b (1, k·M), Y (N, M).
 *
 * <p>Backward sends each output's gradient to the piece that won the max, then on as a dense layer
 * does.
 */
public final class Maxout implements Layer {
    private final String name;
    private final int pieces;
    private final Dense linear;
    private INDArray winners; // (N, k·M): 1 where a piece won its output's max

    public Maxout(String name, int in, int out, int pieces, Init init, long seed) {
        this.name = name;
        this.pieces = Shapes.positive("pieces", pieces);
        this.linear =
                new Dense(
                        name,
                        init.sample(in, out, in, pieces * Shapes.positive("out", out), seed),
                        Nd4j.zeros(Nd4j.defaultFloatingPointType(), 1, (long) pieces * out));
    }

    @Override
    public String name() {
        return name;
    }

    private long out() {
        return linear.out() / pieces;
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        INDArray z = linear.forward(x, mode);
        long n = z.size(0);
        INDArray z3 = z.reshape('c', n, pieces, out());
        INDArray y = z3.max(1);
        INDArray ties =
                z3.eq(y.reshape(n, 1, out()).broadcast(n, pieces, out())).castTo(z.dataType());
        // on a tie the first piece wins alone, as in MaxoutLoops: the gradient of a max goes to
        // one of the equal pieces, never to all of them (that would multiply it)
        winners =
                ties.mul(ties.cumsum(1).eq(1).castTo(z.dataType()))
                        .reshape('c', n, (long) pieces * out());
        return y;
    }

    @Override
    public INDArray backward(INDArray dOut) {
        INDArray winners = Require.cached(this.winners, this);
        long n = winners.size(0);
        Shapes.require(Require.where(this, "backward"), "dOut", dOut, new long[] {n, out()}, null);
        // (N, k·M): each piece sees its output's gradient
        INDArray spread = Nd4j.tile(dOut, 1, pieces);
        return linear.backward(spread.muli(winners));
    }

    @Override
    public List<Parameter> params() {
        return linear.params();
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        linear.outputShape(inputShape);
        return new long[] {out()};
    }

    @Override
    public String toString() {
        return "Maxout[" + name + "](" + linear.in() + " → " + out() + ", " + pieces + " pieces)";
    }
}
