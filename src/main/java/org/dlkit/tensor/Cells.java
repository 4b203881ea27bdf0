package org.dlkit.tensor;

import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
     * A copy of a (A, B, …) array with its first two axes swapped, (B, A, …), laid out row by row:
     * what {@code a.permute(1, 0, …).dup('c')} gives, copied a block of the last axes at a time
     * (ND4J's permuted copy goes element by element: 1 ms for a convolution's 1.5 MB of taps).
     */
    public static INDArray swapFirstTwoAxes(INDArray a) {
        int[] order = new int[a.rank()];
        for (int d = 0; d < order.length; d++) order[d] = d;
        order[0] = 1;
        order[1] = 0;
        Cells from = of(a);
        long[] shape = a.shape().clone();
        shape[0] = a.size(1);
        shape[1] = a.size(0);
        INDArray out = Nd4j.createUninitialized(a.dataType(), shape);
        Cells to = of(out);
        if (from == null || to == null || !from.isFloat()) return out.assign(a.permute(order));
        int rows = (int) a.size(0), cols = (int) a.size(1);
        int block = (int) (a.length() / ((long) rows * cols));
        float[] buffer = new float[block];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                from.readFloats((i * cols + j) * block, buffer, block);
                to.writeFloats((j * rows + i) * block, buffer, block);
            }
        }
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(out);
        return out;
    }

    /**
     * Whether the elements are float32, which {@link #readFloats} and {@link #writeFloats} take.
     */
    public boolean isFloat() {
        return this instanceof Floats;
    }

    /** into[0 … n) ← the n float32 elements from index from, as they are (float32 cells only). */
    public void readFloats(int from, float[] into, int n) {
        throw new UnsupportedOperationException("readFloats: these cells are not float32");
    }

    /** The n float32 elements from index from ← values[0 … n) (float32 cells only). */
    public void writeFloats(int from, float[] values, int n) {
        throw new UnsupportedOperationException("writeFloats: these cells are not float32");
    }

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
        public void readFloats(int from, float[] into, int n) {
            b.get(from, into, 0, n);
        }

        @Override
        public void writeFloats(int from, float[] values, int n) {
            b.put(from, values, 0, n);
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
