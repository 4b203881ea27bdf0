package org.dlkit.autoencoder;

import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Principal component analysis, the linear yardstick for autoencoders: the k directions along which
 * the data vary most (the eigenvectors of their covariance matrix with the k largest eigenvalues).
 * Projecting centred data onto them and back is the best reconstruction any linear map through k
 * numbers can give, in squared error; a linear autoencoder trained with squared error learns the
 * same subspace (Baldi and Hornik, 1989).
 *
 * <p>Computed in float64 from the D × D covariance matrix (784 × 784 for MNIST: half a second).
 */
public final class Pca {
    private final INDArray mean; // (1, D)
    private final INDArray components; // (D, D), column j = the j-th direction, largest first
    private final INDArray variances; // (D), the variance along each, largest first

    private Pca(INDArray mean, INDArray components, INDArray variances) {
        this.mean = mean;
        this.components = components;
        this.variances = variances;
    }

    /** The principal components of the rows of x (N, D). */
    public static Pca fit(INDArray x) {
        if (x.rank() != 2 || x.size(0) < 2) {
            throw Shapes.mismatch("Pca.fit", "x", "[N, D] with N ≥ 2", x, null);
        }
        INDArray x64 = x.castTo(DataType.DOUBLE);
        INDArray mean = x64.mean(true, 0);
        INDArray centred = x64.subRowVector(mean);
        INDArray cov = centred.transpose().mmul(centred).divi(x.size(0)).dup('f');
        INDArray ascending = Eigen.symmetricGeneralizedEigenvalues(cov, true); // cov ← vectors
        long d = x.size(1);
        int[] largestFirst = new int[(int) d];
        for (int i = 0; i < d; i++) largestFirst[i] = (int) (d - 1 - i);
        INDArray components = cov.getColumns(largestFirst);
        INDArray variances = ascending.reshape(d).get(NDArrayIndex.indices(toLong(largestFirst)));
        return new Pca(mean, components, clipNegative(variances));
    }

    /** The mean row, (1, D). */
    public INDArray mean() {
        return mean;
    }

    /** The first k directions as columns, (D, k), orthonormal. */
    public INDArray components(int k) {
        checkK(k);
        return components.get(NDArrayIndex.all(), NDArrayIndex.interval(0, k));
    }

    /** The variance of the data along each direction, largest first, (D). */
    public INDArray variances() {
        return variances;
    }

    /** The share of the total variance that the first k directions keep. */
    public double explained(int k) {
        checkK(k);
        return variances.get(NDArrayIndex.interval(0, k)).sumNumber().doubleValue()
                / variances.sumNumber().doubleValue();
    }

    /** The codes of x: its coordinates along the first k directions, (N, k), float64. */
    public INDArray encode(INDArray x, int k) {
        return x.castTo(DataType.DOUBLE).subRowVector(mean).mmul(components(k));
    }

    /** Codes back to rows: mean + codes · componentsᵀ, (N, D), float64. */
    public INDArray decode(INDArray codes) {
        INDArray c = components((int) codes.size(1));
        return codes.castTo(DataType.DOUBLE).mmul(c.transpose()).addiRowVector(mean);
    }

    /** x projected onto the first k directions and back, in x's data type. */
    public INDArray reconstruct(INDArray x, int k) {
        return decode(encode(x, k)).castTo(x.dataType());
    }

    /** The mean over rows of ‖x̂ − x‖², as {@link Autoencoder#error} measures it. */
    public double error(INDArray x, int k) {
        INDArray d = reconstruct(x, k).castTo(DataType.DOUBLE).subi(x.castTo(DataType.DOUBLE));
        return d.muli(d).sum(1).meanNumber().doubleValue();
    }

    private void checkK(int k) {
        if (k < 1 || k > components.size(1)) {
            throw new IllegalArgumentException(
                    "Pca: k must be between 1 and " + components.size(1) + ", got " + k);
        }
    }

    private static long[] toLong(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) l[i] = a[i];
        return l;
    }

    /** Rounding leaves tiny negative eigenvalues where the variance is 0 (blank pixels). */
    private static INDArray clipNegative(INDArray v) {
        return org.nd4j.linalg.ops.transforms.Transforms.max(v, 0.0, true);
    }

    @Override
    public String toString() {
        return "Pca(" + components.size(0) + " dimensions)";
    }
}
