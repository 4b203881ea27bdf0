package org.dlkit.tensor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layers' matrix products, C = α·op(A)·op(B) + β·C, where op(M) is M or Mᵀ.
 *
 * <p>{@code Nd4j.gemm} runs a product through an op of ND4J's own (oneDNN's matmul in the kit's
 * native build): very fast on large products — about 250 GFLOP/s for a batch of 20 through a
 * 1000-wide layer on the 2-core test machine — but with 25–150 µs of bookkeeping a call, more than
 * the whole product of a small layer (a batch of 10 through 784 → 100 is 1.6 MFLOP: 50 µs in BLAS,
 * 110–210 µs through ND4J; 100 → 10 is 1 µs against 30). So small products — at most {@value
 * #SMALL} multiply-adds — of float32 or float64 matrices laid out row by row (or column by column)
 * go straight to the OpenBLAS that ND4J itself loads, on one thread ({@code cblas_sgemm}/{@code
 * cblas_dgemm}); everything else — large products, other data types, the GPU backend, layouts BLAS
 * cannot be told about — goes to {@code Nd4j.gemm}. The results agree to rounding (tested); only
 * the time depends on the path.
 *
 * <p>OpenBLAS runs on one thread because its own thread pool and ND4J's OpenMP threads would spin
 * against each other on the same cores (measured: a 784 × 10 × 100 product took 60 µs with OpenBLAS
 * on 2 threads, 22 µs on one). {@code -Ddlkit.nd4jGemm=true} turns the direct path off.
 */
public final class Blas {
    private Blas() {}

    /** The largest product, in multiply-adds (M·N·K), that goes to BLAS directly. */
    static final long SMALL = 2_000_000;

    /** Whether the direct path is open: the CPU backend with its OpenBLAS. */
    private static final boolean DIRECT = directPathOpen();

    /** Whether products go straight to OpenBLAS here (true on the CPU backend). */
    static boolean direct() {
        return DIRECT;
    }

    /** Whether this product goes straight to BLAS. */
    static boolean direct(
            INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
        return DIRECT && blasCanTake(a, b, c) && fits(a, b, c, transposeA, transposeB);
    }

    /** op(A)·op(B) into a new matrix. */
    public static INDArray gemm(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        long m = transposeA ? a.size(1) : a.size(0);
        long n = transposeB ? b.size(0) : b.size(1);
        INDArray c = Nd4j.createUninitialized(a.dataType(), m, n);
        // BLAS does not read C when β = 0; ND4J's own product makes its result itself
        if (!direct(a, b, c, transposeA, transposeB))
            return Nd4j.gemm(a, b, transposeA, transposeB);
        gemm(a, b, c, transposeA, transposeB, 1.0, 0.0);
        return c;
    }

    /**
     * n rows, each the row vector v (1, M): a layer's bias for a batch, made as the product of a
     * column of ones (n, 1) and v — a few µs where ND4J's broadcast costs over 100.
     */
    public static INDArray rowsOf(INDArray v, long n) {
        return gemm(ones(v.dataType(), n), v, false, false);
    }

    /** sums (1, M) += the column sums of x (N, M), as onesᵀ·x: a bias gradient. */
    public static void addColumnSums(INDArray x, INDArray sums) {
        gemm(ones(x.dataType(), x.size(0)), x, sums, true, false, 1.0, 1.0);
    }

    /**
     * Columns of ones by type and length, kept outside any step's memory and shared: making one
     * costs ~20 µs, and so does a view of a longer one. A training run needs two or three lengths
     * (the batch, the last batch, the evaluation batch); the cache is emptied if it grows past 64.
     */
    private static final Map<String, INDArray> ONES = new ConcurrentHashMap<>();

    private static INDArray ones(DataType type, long n) {
        String key = type + ":" + n;
        INDArray kept = ONES.get(key);
        if (kept == null) {
            if (ONES.size() >= 64) ONES.clear();
            kept = StepMemory.outside(() -> Nd4j.ones(type, n, 1));
            ONES.put(key, kept);
        }
        return kept;
    }

    /**
     * y ← y + α·x, in place: an optimiser's update. Contiguous float32/float64 arrays of one type
     * and length go to BLAS's axpy; others to ND4J's Axpy op (~30–100 µs a call).
     */
    public static void axpy(double alpha, INDArray x, INDArray y) {
        DataType t = y.dataType();
        if (DIRECT
                && (t == DataType.FLOAT || t == DataType.DOUBLE)
                && x.dataType() == t
                && x.length() == y.length()
                && contiguous(x)
                && contiguous(y)) {
            int n = (int) y.length();
            if (t == DataType.FLOAT)
                openblas.cblas_saxpy(n, (float) alpha, floats(x), 1, floats(y), 1);
            else openblas.cblas_daxpy(n, alpha, doubles(x), 1, doubles(y), 1);
        } else {
            Nd4j.exec(new Axpy(x, y, y, alpha));
        }
    }

    /**
     * x ← α·x, in place: BLAS's scal for a contiguous float32/float64 array, ND4J's muli otherwise.
     */
    public static void scale(double alpha, INDArray x) {
        DataType t = x.dataType();
        if (DIRECT && (t == DataType.FLOAT || t == DataType.DOUBLE) && contiguous(x)) {
            int n = (int) x.length();
            if (t == DataType.FLOAT) openblas.cblas_sscal(n, (float) alpha, floats(x), 1);
            else openblas.cblas_dscal(n, alpha, doubles(x), 1);
        } else {
            x.muli(alpha);
        }
    }

    /** x ← 0, in place: memset for a contiguous array on the CPU, ND4J's assign otherwise. */
    public static void zero(INDArray x) {
        if (DIRECT && contiguous(x) && x.length() > 0) {
            Pointer.memset(x.data().addressPointer(), 0, x.length() * x.dataType().width());
        } else {
            x.assign(0);
        }
    }

    /** The elements one after another in memory, in row-major order. */
    static boolean contiguous(INDArray x) {
        long expected = 1;
        for (int d = x.rank() - 1; d >= 0; d--) {
            if (x.size(d) != 1 && x.stride(d) != expected) return false;
            expected *= x.size(d);
        }
        return x.length() < Integer.MAX_VALUE;
    }

    /** C ← α·op(A)·op(B) + β·C, in place. */
    public static void gemm(
            INDArray a,
            INDArray b,
            INDArray c,
            boolean transposeA,
            boolean transposeB,
            double alpha,
            double beta) {
        if (!direct(a, b, c, transposeA, transposeB)) {
            Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
            return;
        }
        int m = (int) c.size(0), n = (int) c.size(1);
        int k = (int) (transposeA ? a.size(0) : a.size(1));
        // BLAS reads each matrix row by row, ld elements apart. A row-major A is read as A; a
        // column-major one (a transposed view) is read as Aᵀ, so it needs the opposite flag.
        boolean rowsA = rowMajor(a), rowsB = rowMajor(b);
        int opA = (transposeA != rowsA) ? openblas.CblasNoTrans : openblas.CblasTrans;
        int opB = (transposeB != rowsB) ? openblas.CblasNoTrans : openblas.CblasTrans;
        int lda = leading(a, rowsA), ldb = leading(b, rowsB), ldc = leading(c, true);
        if (c.dataType() == DataType.FLOAT) {
            openblas.cblas_sgemm(
                    openblas.CblasRowMajor,
                    opA,
                    opB,
                    m,
                    n,
                    k,
                    (float) alpha,
                    floats(a),
                    lda,
                    floats(b),
                    ldb,
                    (float) beta,
                    floats(c),
                    ldc);
        } else {
            openblas.cblas_dgemm(
                    openblas.CblasRowMajor,
                    opA,
                    opB,
                    m,
                    n,
                    k,
                    alpha,
                    doubles(a),
                    lda,
                    doubles(b),
                    ldb,
                    beta,
                    doubles(c),
                    ldc);
        }
    }

    private static boolean blasCanTake(INDArray a, INDArray b, INDArray c) {
        DataType t = c.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE)
                && a.dataType() == t
                && b.dataType() == t
                && a.rank() == 2
                && b.rank() == 2
                && c.rank() == 2
                && a.length() > 0
                && b.length() > 0
                && (rowMajor(a) || columnMajor(a))
                && (rowMajor(b) || columnMajor(b))
                && rowMajor(c);
    }

    /**
     * Rows one after another, each contiguous. A dimension of size 1 has no meaningful stride (ND4J
     * gives a row vector (1, M) the strides (1, 1)), so it is not looked at.
     */
    private static boolean rowMajor(INDArray x) {
        long rows = x.size(0), cols = x.size(1);
        return (cols == 1 || x.stride(1) == 1) && (rows == 1 || x.stride(0) >= cols);
    }

    /** Columns one after another, each contiguous: a transposed view of a row-major matrix. */
    private static boolean columnMajor(INDArray x) {
        long rows = x.size(0), cols = x.size(1);
        return (rows == 1 || x.stride(0) == 1) && (cols == 1 || x.stride(1) >= rows);
    }

    /** How far apart BLAS finds the rows (row-major) or the columns (column-major). */
    private static int leading(INDArray x, boolean rowMajor) {
        if (rowMajor) return (int) (x.size(0) == 1 ? Math.max(1, x.size(1)) : x.stride(0));
        return (int) (x.size(1) == 1 ? Math.max(1, x.size(0)) : x.stride(1));
    }

    /** Small products whose shapes agree; a mismatch goes to Nd4j.gemm, which names it. */
    private static boolean fits(
            INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
        long m = transposeA ? a.size(1) : a.size(0);
        long k = transposeA ? a.size(0) : a.size(1);
        long kb = transposeB ? b.size(1) : b.size(0);
        long n = transposeB ? b.size(0) : b.size(1);
        return k == kb && m == c.size(0) && n == c.size(1) && m * n * k <= SMALL;
    }

    // A view's data() is a buffer that starts at the view's first element (ND4J 1.0.0-M2.1
    // makes one for every view with an offset), so its address is where BLAS must start.
    private static FloatPointer floats(INDArray x) {
        return new FloatPointer(x.data().addressPointer());
    }

    private static DoublePointer doubles(INDArray x) {
        return new DoublePointer(x.data().addressPointer());
    }

    private static boolean directPathOpen() {
        try {
            boolean open =
                    Nd4j.getBackend().getClass().getSimpleName().equals("CpuBackend")
                            && Class.forName("org.bytedeco.openblas.global.openblas") != null
                            && !Boolean.getBoolean("dlkit.nd4jGemm");
            if (open) Nd4j.factory().blas().setMaxThreads(1);
            return open;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
