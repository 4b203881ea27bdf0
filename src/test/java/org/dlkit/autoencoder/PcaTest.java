package org.dlkit.autoencoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PcaTest {

    /** Points on the line y = 2x, a little spread across it: the first direction is (1, 2)/√5. */
    @Test
    void theFirstComponentOfPointsAlongALineIsTheLine() {
        double[][] p = new double[200][];
        var r = new java.util.Random(1);
        for (int i = 0; i < 200; i++) {
            double t = r.nextGaussian() * 3, s = r.nextGaussian() * 0.1;
            p[i] = new double[] {1 + t - 2 * s / Math.sqrt(5), 2 + 2 * t + s / Math.sqrt(5)};
        }
        Pca pca = Pca.fit(Nd4j.createFromArray(p));
        INDArray first = pca.components(1);
        double cos = Math.abs(first.getDouble(0) + 2 * first.getDouble(1)) / Math.sqrt(5);
        assertEquals(1, cos, 1e-4, "along (1, 2): " + first);
        assertTrue(pca.explained(1) > 0.99, "one direction explains almost everything");
        assertEquals(1, pca.mean().getDouble(0), 0.6);
    }

    /**
     * On the data it was fitted to, the squared error of a k-component reconstruction is exactly
     * the variance left in the other directions: the sum of their eigenvalues.
     */
    @Test
    void theErrorIsTheSumOfTheDiscardedVariances() {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 300, 12);
        x.getColumn(3).muli(5); // some directions matter more
        Pca pca = Pca.fit(x);
        for (int k : new int[] {1, 4, 11}) {
            double discarded =
                    pca.variances()
                            .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(k, 12))
                            .sumNumber()
                            .doubleValue();
            assertEquals(discarded, pca.error(x, k), 1e-9, "k = " + k);
        }
        assertEquals(0, pca.error(x, 12), 1e-12, "all directions: exact");
        INDArray c = pca.components(12);
        assertTrue(
                c.transpose().mmul(c).equalsWithEps(Nd4j.eye(12).castTo(DataType.DOUBLE), 1e-10),
                "orthonormal");
        for (int i = 1; i < 12; i++)
            assertTrue(pca.variances().getDouble(i) <= pca.variances().getDouble(i - 1));
        assertEquals(DataType.FLOAT, pca.reconstruct(x.castTo(DataType.FLOAT), 3).dataType());
    }

    @Test
    void badArgumentsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Pca.fit(Nd4j.zeros(1, 5)));
        assertTrue(e.getMessage().contains("[N, D] with N ≥ 2 but got [1, 5]"), e.getMessage());
        Pca pca = Pca.fit(Nd4j.rand(10, 4));
        var k = assertThrows(IllegalArgumentException.class, () -> pca.components(5));
        assertEquals("Pca: k must be between 1 and 4, got 5", k.getMessage());
    }
}
