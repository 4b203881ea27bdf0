package org.dlkit.nn;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One forward and backward pass recorded signal by signal (see {@link Network#trace}): what a
 * lesson prints to show backpropagation at work.
 *
 * @param loss the loss of the batch
 * @param steps one per layer, first to last
 */
public record Trace(double loss, List<Step> steps) {

    /**
     * @param layer the layer, as its toString
     * @param input what entered the layer in the forward pass
     * @param output what it gave
     * @param dOut ∂L/∂output, arriving from the layer above in the backward pass
     * @param dX ∂L/∂input, sent down to the layer below
     * @param grads ∂L/∂parameter for each of its parameters, by name
     */
    public record Step(
            String layer,
            INDArray input,
            INDArray output,
            INDArray dOut,
            INDArray dX,
            Map<String, INDArray> grads) {}

    /** A table with one row per layer: shapes and the size (mean |value|) of every signal. */
    public tech.tablesaw.api.Table table() {
        var layer = tech.tablesaw.api.StringColumn.create("layer");
        var in = tech.tablesaw.api.StringColumn.create("input");
        var out = tech.tablesaw.api.StringColumn.create("output");
        var mOut = tech.tablesaw.api.DoubleColumn.create("mean |output|");
        var mDOut = tech.tablesaw.api.DoubleColumn.create("mean |∂L/∂output|");
        var mDX = tech.tablesaw.api.DoubleColumn.create("mean |∂L/∂input|");
        var mGrad = tech.tablesaw.api.StringColumn.create("mean |∂L/∂parameter|");
        for (Step s : steps) {
            layer.append(s.layer());
            in.append(Network.dims(s.input().shape()));
            out.append(Network.dims(s.output().shape()));
            mOut.append(meanAbs(s.output()));
            mDOut.append(meanAbs(s.dOut()));
            mDX.append(meanAbs(s.dX()));
            var g = new StringBuilder();
            s.grads()
                    .forEach(
                            (k, v) ->
                                    g.append(g.length() == 0 ? "" : ", ")
                                            .append(k)
                                            .append(String.format(": %.3g", meanAbs(v))));
            mGrad.append(g.toString());
        }
        return tech.tablesaw.api.Table.create(
                String.format("Backprop trace (loss %.4f)", loss),
                layer,
                in,
                out,
                mOut,
                mDOut,
                mDX,
                mGrad);
    }

    static double meanAbs(INDArray a) {
        return a.length() == 0 ? 0 : a.norm1Number().doubleValue() / a.length();
    }
}
