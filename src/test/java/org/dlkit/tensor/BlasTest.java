package org.dlkit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

class BlasTest {

    /** The same matrix as a plain one, a row slice, a column slice and a transposed copy's view. */
    private static List<INDArray> layouts(long rows, long cols, long seed, DataType type) {
        INDArray plain = Nd4j.rand(seed, new long[] {rows, cols}).castTo(type);
        INDArray tall = Nd4j.rand(seed + 1, new long[] {rows + 5, cols}).castTo(type);
        tall.get(NDArrayIndex.interval(3, 3 + rows), NDArrayIndex.all()).assign(plain);
        INDArray wide = Nd4j.rand(seed + 2, new long[] {rows, cols + 7}).castTo(type);
        wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 2 + cols)).assign(plain);
        INDArray columnMajor = plain.transpose().dup('c').transpose(); // strides (1, rows)
        INDArray fortran = plain.dup('f');
        var out = new ArrayList<INDArray>();
        out.add(plain);
        out.add(tall.get(NDArrayIndex.interval(3, 3 + rows), NDArrayIndex.all()));
        out.add(wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 2 + cols)));
        out.add(columnMajor);
        out.add(fortran);
        for (INDArray x : out) assertEquals(plain, x, "the same values in every layout");
        return out;
    }

    /**
     * Every combination of layouts and transpose flags gives ND4J's own product, with α and β, for
     * float32 and float64; the first factor's shape is (M, K) or, transposed, (K, M).
     */
    @Test
    void everyLayoutAndFlagGivesNd4jsProduct() {
        assertTrue(Blas.direct(), "the CPU backend's products go to OpenBLAS directly");
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    long m = 6, k = 9, n = 4;
                    var as = layouts(ta ? k : m, ta ? m : k, 10, type);
                    var bs = layouts(tb ? n : k, tb ? k : n, 20, type);
                    INDArray c0 = Nd4j.rand(30, new long[] {m, n}).castTo(type);
                    INDArray expected = c0.dup();
                    Nd4j.gemm(as.get(0), bs.get(0), expected, ta, tb, 0.5, 2.0);
                    for (INDArray a : as) {
                        for (INDArray b : bs) {
                            INDArray c = c0.dup();
                            Blas.gemm(a, b, c, ta, tb, 0.5, 2.0);
                            assertTrue(
                                    expected.equalsWithEps(
                                            c, type == DataType.FLOAT ? 1e-5 : 1e-12),
                                    type
                                            + " ta="
                                            + ta
                                            + " tb="
                                            + tb
                                            + " a "
                                            + a.shapeInfoToString()
                                            + " b "
                                            + b.shapeInfoToString());
                            INDArray fresh = Blas.gemm(a, b, ta, tb);
                            INDArray plain = Nd4j.gemm(as.get(0), bs.get(0), ta, tb);
                            assertTrue(plain.equalsWithEps(fresh, 1e-5));
                        }
                    }
                }
            }
        }
    }

    /**
     * Vectors as factors and results: ND4J gives a (1, M) row the strides (1, 1), which BLAS must
     * not be told (a bias broadcast ones·b and a bias gradient onesᵀ·dOut are such products).
     */
    @Test
    void vectorsOfEitherOrientationMultiplyLikeMatrices() {
        long[][] shapes = {{10, 1, 100}, {1, 10, 100}, {10, 100, 1}, {1, 1, 1}, {1, 7, 1}};
        for (long[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    long m = s[0], k = s[1], n = s[2];
                    INDArray a = Nd4j.rand(DataType.FLOAT, ta ? k : m, ta ? m : k);
                    INDArray b = Nd4j.rand(DataType.FLOAT, tb ? n : k, tb ? k : n);
                    INDArray want = (ta ? a.transpose() : a).mmul(tb ? b.transpose() : b);
                    INDArray got = Blas.gemm(a, b, ta, tb);
                    double diff = Transforms.abs(want.sub(got)).maxNumber().doubleValue();
                    assertTrue(diff < 1e-5, java.util.Arrays.toString(s) + " " + ta + tb);
                }
            }
        }
    }

    /** axpy, scale and zero on whole arrays (BLAS, memset) and on strided views (ND4J) agree. */
    @Test
    void axpyAndZeroOnArraysAndViews() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            INDArray x = Nd4j.rand(type, 4, 6), y = Nd4j.rand(type, 4, 6);
            INDArray want = y.add(x.mul(-0.5));
            Blas.axpy(-0.5, x, y);
            assertTrue(want.equalsWithEps(y, 1e-6), type + " axpy");
            INDArray big = Nd4j.rand(type, 4, 9);
            INDArray view = big.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 8)); // strided
            INDArray viewWant = view.add(x.mul(2));
            Blas.axpy(2, x, view);
            assertTrue(viewWant.equalsWithEps(view, 1e-6), type + " axpy into a view");
            INDArray scaled = x.mul(0.9);
            Blas.scale(0.9, x);
            assertTrue(scaled.equalsWithEps(x, 1e-7), type + " scale");
            INDArray columns = big.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2));
            INDArray columnsWant = columns.mul(-3);
            Blas.scale(-3, columns);
            assertTrue(columnsWant.equalsWithEps(columns, 1e-6), type + " scale of a view");
            Blas.scale(-1. / 3, columns); // back to positive numbers for the check below
            INDArray nan = Nd4j.valueArrayOf(new long[] {3, 5}, Double.NaN, type);
            Blas.zero(nan);
            assertEquals(0.0, nan.sumNumber().doubleValue(), "NaN gradients zeroed too");
            Blas.zero(view);
            assertEquals(0.0, view.sumNumber().doubleValue());
            assertTrue(
                    big.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2))
                                    .minNumber()
                                    .doubleValue()
                            > 0,
                    "the rest of the matrix is left alone");
        }
    }

    /** Small float products go to BLAS; large ones and other types to ND4J's op. */
    @Test
    void smallProductsGoToBlasAndLargeOnesToNd4j() {
        INDArray x10 = Nd4j.rand(DataType.FLOAT, 10, 784), w = Nd4j.rand(DataType.FLOAT, 784, 100);
        INDArray out10 = Nd4j.zeros(DataType.FLOAT, 10, 100);
        assertTrue(Blas.direct(x10, w, out10, false, false), "a batch of 10 through 784 → 100");
        INDArray x64 = Nd4j.rand(DataType.FLOAT, 64, 784),
                out64 = Nd4j.zeros(DataType.FLOAT, 64, 100);
        assertFalse(Blas.direct(x64, w, out64, false, false), "64 × 784 × 100 is over the limit");
        assertTrue(
                Blas.direct(x10, out10, w, true, false),
                "the weight gradient Xᵀ·dOut of the batch of 10");
        INDArray h = x10.castTo(DataType.HALF);
        assertFalse(
                Blas.direct(h, w.castTo(DataType.HALF), out10.castTo(DataType.HALF), false, false),
                "float16 is ND4J's");
    }

    /** A product into a slice of a larger matrix writes the slice and nothing else. */
    @Test
    void aProductIntoAViewLeavesTheRestAlone() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 3, 5), b = Nd4j.rand(DataType.FLOAT, 5, 4);
        INDArray big = Nd4j.zeros(DataType.FLOAT, 7, 4);
        INDArray slice = big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all());
        Blas.gemm(a, b, slice, false, false, 1.0, 0.0);
        assertTrue(a.mmul(b).equalsWithEps(big.get(NDArrayIndex.interval(2, 5)), 1e-5));
        assertEquals(0.0, big.get(NDArrayIndex.interval(0, 2)).sumNumber().doubleValue());
        assertEquals(0.0, big.get(NDArrayIndex.interval(5, 7)).sumNumber().doubleValue());
    }

    /** Shapes that do not agree, and mixed types, are ND4J's to refuse, as before. */
    @Test
    void whatBlasCannotTakeGoesToNd4j() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 3, 5);
        assertThrows(
                RuntimeException.class,
                () -> Blas.gemm(a, Nd4j.rand(DataType.FLOAT, 4, 2), false, false));
        INDArray d = Nd4j.rand(DataType.DOUBLE, 5, 2);
        String nd4j, ours;
        try {
            nd4j = Nd4j.gemm(a, d, false, false).toString();
        } catch (RuntimeException e) {
            nd4j = e.getClass().getName();
        }
        try {
            ours = Blas.gemm(a, d, false, false).toString();
        } catch (RuntimeException e) {
            ours = e.getClass().getName();
        }
        assertEquals(nd4j, ours, "float32 times float64: whatever ND4J does");
    }
}
