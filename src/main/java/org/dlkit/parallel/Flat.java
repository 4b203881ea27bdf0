package org.dlkit.parallel;

import java.util.List;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's parameters (or their gradients) as one flat vector of floats, the parameters one
 * after the other in {@link Network#params()} order, each in row-major order. This is what workers
 * and a parameter server send each other: a plain array, whatever the layers are.
 */
public final class Flat {
    private Flat() {}

    /** How many numbers the network's parameters hold (the length of the flat vector). */
    public static int length(Network net) {
        long n = net.params().stream().mapToLong(Parameter::size).sum();
        if (n > Integer.MAX_VALUE)
            throw new IllegalArgumentException(
                    net.name() + " has " + n + " parameters, more than one Java array holds");
        return (int) n;
    }

    /** The parameters' values, copied into a new array. */
    public static float[] values(Network net) {
        return gather(net, false);
    }

    /** The parameters' gradients (as the last backward pass left them), copied into a new array. */
    public static float[] grads(Network net) {
        return gather(net, true);
    }

    /** Sets every parameter's value from the flat vector v (frozen ones too). */
    public static void setValues(Network net, float[] v) {
        scatter(net, v, false);
    }

    /**
     * Sets every parameter's gradient from the flat vector g, e.g. the average of workers' ones.
     */
    public static void setGrads(Network net, float[] g) {
        scatter(net, g, true);
    }

    private static float[] gather(Network net, boolean grads) {
        float[] out = new float[length(net)];
        int at = 0;
        for (Parameter p : net.params()) {
            INDArray a = grads ? p.grad() : p.value();
            float[] part = a.dup('c').data().asFloat();
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static void scatter(Network net, float[] v, boolean grads) {
        int length = length(net);
        if (v.length != length)
            throw new IllegalArgumentException(
                    "a flat vector of "
                            + v.length
                            + " numbers does not fit "
                            + net.name()
                            + ", which has "
                            + length
                            + " parameters (a vector from another network?)");
        List<Parameter> params = net.params();
        int at = 0;
        for (Parameter p : params) {
            INDArray target = grads ? p.grad() : p.value();
            int n = (int) p.size();
            float[] part = new float[n];
            System.arraycopy(v, at, part, 0, n);
            target.assign(Nd4j.create(part, target.shape(), 'c').castTo(target.dataType()));
            at += n;
        }
    }
}
