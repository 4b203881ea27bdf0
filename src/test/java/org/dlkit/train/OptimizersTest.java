package org.dlkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dlkit.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every optimiser against two steps worked out by hand, from w = (1, −2) with the gradient g =
 * (0.5, −1) both times. The expected numbers are in the comments' arithmetic.
 */
class OptimizersTest {

    private static double[] twoSteps(Optimizer opt, int step) {
        var p = new Parameter("a.W", Nd4j.createFromArray(1.0, -2.0));
        var frozen = new Parameter("b.W", Nd4j.createFromArray(3.0));
        frozen.freeze(true);
        double[] out = null;
        for (int i = 0; i < step; i++) {
            p.grad().assign(Nd4j.createFromArray(0.5, -1.0));
            frozen.grad().assign(1.0);
            opt.step(List.of(p, frozen));
            out = p.value().toDoubleVector();
        }
        assertEquals(3.0, frozen.value().getDouble(0), "a frozen parameter keeps its value");
        return out;
    }

    private static void expect(Optimizer opt, double[] first, double[] second) {
        assertArrayEquals(first, twoSteps(opt, 1), 1e-6, opt + ", step 1");
        assertArrayEquals(second, twoSteps(opt, 2), 1e-6, opt + ", step 2");
    }

    @Test
    void sgd() {
        // w − 0.1 g = (1 − 0.05, −2 + 0.1), twice
        expect(new Sgd(0.1), new double[] {0.95, -1.9}, new double[] {0.9, -1.8});
    }

    @Test
    void momentum() {
        // v1 = −0.1 g = (−0.05, 0.1); v2 = 0.9 v1 − 0.1 g = (−0.095, 0.19); w2 = w1 + v2
        expect(new Momentum(0.1, 0.9), new double[] {0.95, -1.9}, new double[] {0.855, -1.71});
    }

    @Test
    void nesterov() {
        // w1 = w + 1.9 v1 = (0.905, −1.81); w2 = w1 − 0.9 v1 + 1.9 v2 = (0.905 + 0.045 − 0.1805,
        // −1.81 − 0.09 + 0.361)
        expect(new Nesterov(0.1, 0.9), new double[] {0.905, -1.81}, new double[] {0.7695, -1.539});
    }

    @Test
    void adaGrad() {
        // G1 = (0.25, 1): w1 = w − 0.1 g/√G1 = (0.9, −1.9); G2 = (0.5, 2): w2 = w1 − 0.1 (0.5/√0.5,
        // −1/√2)
        expect(
                new AdaGrad(0.1, 1e-8),
                new double[] {0.9, -1.9},
                new double[] {0.8292893, -1.8292893});
    }

    @Test
    void rmsProp() {
        // S1 = 0.1 g² = (0.025, 0.1): step 0.01 g/√S1 = ±0.0316228; S2 = 0.9 S1 + 0.1 g² = (0.0475,
        // 0.19): step ±0.0229416
        expect(
                new RmsProp(0.01, 0.9, 1e-8),
                new double[] {0.9683772, -1.9683772},
                new double[] {0.9454356, -1.9454356});
    }

    @Test
    void adam() {
        // with a constant gradient the corrected averages are m̂ = g and v̂ = g², so each step is
        // η·sign(g)
        expect(new Adam(0.1), new double[] {0.9, -1.9}, new double[] {0.8, -1.8});
    }

    /**
     * Adam runs as ND4J's fused updater; five steps with changing gradients must match the formula
     * of its Javadoc, written out here in plain doubles.
     */
    @Test
    void adamMatchesItsFormulaWithChangingGradients() {
        double eta = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double[] w = {0.3, -1.2, 2.0};
        double[] m = new double[3], v = new double[3];
        var p = new Parameter("w", Nd4j.createFromArray(w.clone()));
        var adam = new Adam(eta, b1, b2, eps);
        var rng = new java.util.Random(3);
        for (int t = 1; t <= 5; t++) {
            double[] g = {rng.nextGaussian(), 10 * rng.nextGaussian(), 0.01 * rng.nextGaussian()};
            for (int i = 0; i < 3; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(b1, t)), vHat = v[i] / (1 - Math.pow(b2, t));
                w[i] -= eta * mHat / (Math.sqrt(vHat) + eps);
            }
            p.grad().assign(Nd4j.createFromArray(g));
            var before = p.grad().dup();
            adam.step(List.of(p));
            // 1e-6: the fused op's ε sits beside √v, not √v̂ (see Adam); a formula off by a bias
            // correction or a β misses by 1e-3 or more
            assertArrayEquals(w, p.value().toDoubleVector(), 1e-6, "step " + t);
            assertEquals(before, p.grad(), "the gradient is left as it was");
        }
    }

    @Test
    void weightDecayAddsToWeightsOnly() {
        var w = Parameter.weights("a.w", Nd4j.createFromArray(1.0, -2.0));
        // marked, not named: a bias called ".W" is still a bias
        var b = new Parameter("a.W", Nd4j.createFromArray(1.0, -2.0));
        new WeightDecay(0.5, 0.1).addTo(List.of(w, b));
        // λ₂w + λ₁ sign(w) = (0.1 + 0.5, −0.2 − 0.5)
        assertArrayEquals(new double[] {0.6, -0.7}, w.grad().toDoubleVector(), 1e-12);
        assertArrayEquals(
                new double[] {0, 0}, b.grad().toDoubleVector(), 0, "biases are not decayed");
        // λ₂/2 Σw² + λ₁ Σ|w| = 0.05·5 + 0.5·3
        assertEquals(1.75, new WeightDecay(0.5, 0.1).penalty(List.of(w, b)), 1e-12);
    }

    @Test
    void badSettingsNameTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Sgd(-1));
        assertTrue(e.getMessage().contains("Sgd.eta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Momentum(0.1, 1.0));
        assertTrue(e.getMessage().contains("mu"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WeightDecay(0, -0.1));
        assertTrue(e.getMessage().contains("l2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainConfig(0, 10, 1, true, 0));
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
    }

    @Test
    void momentumFollowsItsScheduleUpdateByUpdate() {
        // η0 = 0.1, η1 = 0.05: v1 = −0.1 g = (−0.05, 0.1); v2 = 0.9 v1 − 0.05 g = (−0.07, 0.14)
        Schedule halving = t -> 0.1 / (1 << t);
        var momentum = new Momentum(halving, 0.9);
        assertEquals(0.1, momentum.eta(), 1e-12, "η of the first update");
        assertArrayEquals(new double[] {0.88, -1.76}, twoSteps(momentum, 2), 1e-6);
        assertEquals(2, momentum.updates());
        assertEquals(0.025, momentum.eta(), 1e-12, "η of the third update");
    }

    @Test
    void aConstantScheduleIsPlainMomentum() {
        expect(
                new Momentum(Schedule.constant(0.1), 0.9),
                new double[] {0.95, -1.9},
                new double[] {0.855, -1.71});
    }

    @Test
    void cosineFallsFromStartToEndAndStaysThere() {
        var cosine = Schedule.cosine(0.03, 0.0003, 101);
        assertEquals(0.03, cosine.eta(0), 1e-12);
        assertEquals((0.03 + 0.0003) / 2, cosine.eta(50), 1e-12, "half-way: the mean");
        assertEquals(0.0003 + 0.5 * 0.0297 * (1 + Math.cos(Math.PI / 4)), cosine.eta(25), 1e-12);
        assertEquals(0.0003, cosine.eta(100), 1e-12);
        assertEquals(0.0003, cosine.eta(500), 1e-12, "after the last update η stays at the end");
        for (int t = 1; t <= 100; t++)
            assertTrue(cosine.eta(t) < cosine.eta(t - 1), "strictly falling at update " + t);
        assertTrue(cosine.toString().contains("0.03"), cosine.toString());
    }

    @Test
    void badSchedulesAreRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Schedule.cosine(0.01, 0.1, 10));
        assertTrue(e.getMessage().contains("must not exceed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedule.cosine(0.1, 0.0, 10));
        assertThrows(IllegalArgumentException.class, () -> Schedule.cosine(0.1, 0.01, 1));
        assertThrows(IllegalArgumentException.class, () -> Schedule.constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Momentum((Schedule) null, 0.9));
        var negative = new Momentum(t -> -0.1, 0.9);
        var p = new Parameter("a.W", Nd4j.createFromArray(1.0));
        var bad = assertThrows(IllegalArgumentException.class, () -> negative.step(List.of(p)));
        assertTrue(bad.getMessage().contains("update 0"), bad.getMessage());
    }
}
