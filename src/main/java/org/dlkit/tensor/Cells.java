package org.dlkit.tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A tensor's elements copied out to Java and back, a stretch at a time, by their index in row-major
 * order: for loops that are simple in Java and slow through ND4J. Only float32 and float64 arrays
 * on the CPU backend, laid out row by row, have cells; {@link #of} says null for every other array,
 * and the caller takes ND4J's path (the GPU backend always does). Values come out as doubles, which
 * hold every float exactly; going back into a float32 array they round to the nearest float.
 */
public abstract sealed class Cells {
    private Cells() {}

    /** into[0 … n) ← the n elements from index from. */
    public abstract void read(int from, double[] into, int n);

    /** The n elements from index from ← values[0 … n). */
    public abstract void write(int from, double[] values, int n);

    /**
     * The cells of x, or null when Java cannot reach them: another backend than the CPU's, another
     * type than float32 or float64, elements not one after another in row-major order, or more than
     * 2³¹ − 1 of them. The caller keeps x reachable while it uses them.
     */
    public static Cells of(INDArray x) {
        if (!Blas.direct() || !Blas.contiguous(x) || x.length() == 0) return null;
        // as in Blas: a view's data() starts at the view's first element
        if (x.dataType() == DataType.FLOAT)
            return new Floats(
                    new FloatPointer(x.data().addressPointer()).capacity(x.length()).asBuffer());
        if (x.dataType() == DataType.DOUBLE)
            return new Doubles(
                    new DoublePointer(x.data().addressPointer()).capacity(x.length()).asBuffer());
        return null;
    }

    /** A float32 array: each stretch goes through a float[] (one bulk copy) and is widened. */
    private static final class Floats extends Cells {
        private final FloatBuffer b;
        private float[] stretch = new float[0];

        Floats(FloatBuffer b) {
            this.b = b;
        }

        @Override
        public void read(int from, double[] into, int n) {
            if (stretch.length < n) stretch = new float[n];
            b.get(from, stretch, 0, n);
            for (int i = 0; i < n; i++) into[i] = stretch[i];
        }

        @Override
        public void write(int from, double[] values, int n) {
            if (stretch.length < n) stretch = new float[n];
            for (int i = 0; i < n; i++) stretch[i] = (float) values[i];
            b.put(from, stretch, 0, n);
        }
    }

    private static final class Doubles extends Cells {
        private final DoubleBuffer b;

        Doubles(DoubleBuffer b) {
            this.b = b;
        }

        @Override
        public void read(int from, double[] into, int n) {
            b.get(from, into, 0, n);
        }

        @Override
        public void write(int from, double[] values, int n) {
            b.put(from, values, 0, n);
        }
    }
}
