package org.dlkit.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.dlkit.tensor.StepMemory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A sequence of layers, itself a layer: forward runs them first to last, backward last to first,
 * each layer's input gradient becoming the previous layer's output gradient. A network can sit
 * inside another (an autoencoder's encoder inside a classifier).
 */
public final class Network implements Layer {
    private final String name;
    private final List<Layer> layers;

    public Network(String name, Layer... layers) {
        this(name, List.of(layers));
    }

    public Network(String name, List<Layer> layers) {
        if (layers.isEmpty())
            throw new IllegalArgumentException("Network[" + name + "] needs at least one layer");
        var names = new HashSet<String>();
        for (Layer l : layers) {
            if (!names.add(l.name())) {
                throw new IllegalArgumentException(
                        "Network["
                                + name
                                + "]: two layers are named '"
                                + l.name()
                                + "'; parameter names must be unique");
            }
        }
        this.name = name;
        this.layers = List.copyOf(layers);
    }

    @Override
    public String name() {
        return name;
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        requireInput(x, "forward");
        INDArray a = x;
        for (Layer l : layers) a = l.forward(a, mode);
        return a;
    }

    /** How many examples {@link #predict} sends through the layers at a time. */
    static final int PREDICT_BATCH = 1000;

    /**
     * The outputs in evaluation mode (no dropout), e.g. class scores. A large input goes through
     * {@value #PREDICT_BATCH} examples at a time, each piece's activations in one reused block of
     * memory: the whole MNIST test set through lesson 08's CNN in one piece held about 3.7 GB of
     * activations at once (the kernel's peak went from 2.3 to 6 GB in that cell). The answer is
     * made once and each piece copied into it (joining the pieces at the end held the answer
     * twice).
     */
    public INDArray predict(INDArray x) {
        requireInput(x, "predict");
        long n = x.size(0);
        if (n <= PREDICT_BATCH) return forward(x, Mode.EVAL);
        INDArray out = null;
        var index = new INDArrayIndex[x.rank()];
        Arrays.fill(index, NDArrayIndex.all());
        for (long from = 0; from < n; from += PREDICT_BATCH) {
            index[0] = NDArrayIndex.interval(from, Math.min(n, from + PREDICT_BATCH));
            INDArray piece = x.get(index);
            try (var memory = StepMemory.open("predict")) {
                INDArray y = forward(piece, Mode.EVAL);
                if (out == null) { // the whole answer made once, outside the block; each piece
                    // copied in
                    long[] shape = y.shape().clone();
                    shape[0] = n;
                    var type = y.dataType();
                    out = StepMemory.outside(() -> Nd4j.create(type, shape, 'c'));
                }
                var rows = new INDArrayIndex[y.rank()];
                Arrays.fill(rows, NDArrayIndex.all());
                rows[0] = NDArrayIndex.interval(from, from + y.size(0));
                out.get(rows).assign(y);
            }
        }
        // the layers' caches point into the block: one example again outside it, then give the
        // block back (a CNN's block for 1 000 examples is hundreds of MB)
        index[0] = NDArrayIndex.interval(0, 1);
        forward(x.get(index), Mode.EVAL);
        StepMemory.release("predict");
        return out;
    }

    @Override
    public INDArray backward(INDArray dOut) {
        INDArray d = dOut;
        for (int i = layers.size() - 1; i >= 0; i--) d = layers.get(i).backward(d);
        return d;
    }

    /**
     * Backward down to the first layer, which computes only its parameters' gradients (training
     * needs no ∂loss/∂x).
     */
    @Override
    public void backwardParams(INDArray dOut) {
        INDArray d = dOut;
        for (int i = layers.size() - 1; i > 0; i--) d = layers.get(i).backward(d);
        layers.get(0).backwardParams(d);
    }

    @Override
    public List<Parameter> params() {
        var ps = new ArrayList<Parameter>();
        for (Layer l : layers) ps.addAll(l.params());
        return ps;
    }

    /** The sum of every layer's {@link Layer#penalty} from the last forward pass. */
    @Override
    public double penalty() {
        double sum = 0;
        for (Layer l : layers) sum += l.penalty();
        return sum;
    }

    public void zeroGrad() {
        for (Parameter p : params()) p.zeroGrad();
    }

    public long parameterCount() {
        return params().stream().mapToLong(Parameter::size).sum();
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        long[] s = inputShape;
        for (Layer l : layers) s = l.outputShape(s);
        return s;
    }

    /**
     * The Keras-style table for one example of the given shape (no batch dimension): each layer's
     * output shape and parameter count, with the total in the last row.
     */
    public tech.tablesaw.api.Table summary(long... inputShape) {
        return Summary.of(this, inputShape);
    }

    /**
     * One training step's signals, layer by layer: runs forward and backward once on (x, targets)
     * with the loss and records each layer's input, output, the gradient arriving from above and
     * the one it sends below, and its parameters' gradients. Parameters are not changed; their
     * gradients are zeroed first and hold this batch's gradients after.
     */
    public Trace trace(INDArray x, INDArray targets, Loss loss) {
        zeroGrad();
        var inputs = new ArrayList<INDArray>();
        var outputs = new ArrayList<INDArray>();
        INDArray a = x;
        for (Layer l : layers) {
            inputs.add(a.dup());
            a = l.forward(a, Mode.TRAIN);
            outputs.add(a.dup());
        }
        double value = loss.forward(a, targets);
        INDArray d = loss.backward();
        var steps = new ArrayList<Trace.Step>(java.util.Collections.nCopies(layers.size(), null));
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer l = layers.get(i);
            INDArray dOut = d.dup();
            d = l.backward(d);
            var grads = new java.util.LinkedHashMap<String, INDArray>();
            for (Parameter p : l.params()) grads.put(p.name(), p.grad().dup());
            steps.set(
                    i,
                    new Trace.Step(
                            l.toString(), inputs.get(i), outputs.get(i), dOut, d.dup(), grads));
        }
        return new Trace(value, steps);
    }

    @Override
    public String toString() {
        return "Network["
                + name
                + "]("
                + layers.size()
                + " layers, "
                + parameterCount()
                + " parameters)";
    }

    static String dims(long[] s) {
        return Arrays.toString(s).replace("[", "").replace("]", "").replace(", ", "×");
    }

    private void requireInput(INDArray x, String method) {
        if (x == null)
            throw new IllegalArgumentException(
                    "Network["
                            + name()
                            + "]."
                            + method
                            + ": x is null (it needs a batch of examples)");
    }

    /** Replicas of every layer (see {@link Layer#replica}), or null if one of them has none. */
    @Override
    public Network replica() {
        var copies = new java.util.ArrayList<Layer>();
        for (Layer l : layers) {
            Layer copy = l.replica();
            if (copy == null) return null;
            copies.add(copy);
        }
        return new Network(name, copies);
    }
}
