package io.polymoments.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The mixture's closed-form moments, density and sampler against hand-computed values and large samples. */
class GaussianMixtureTest {
    /** ¼ N(3, 1) + ¾ N(−1, 2): mean 0, variance ¼·10 + ¾·3 = 4.75, κ3 = ¼(27 + 9) + ¾(−1 − 6) = 3.75. */
    private static final GaussianMixture ONE_D = new GaussianMixture(1, new double[] {0.25, 0.75},
            new double[][] {{3}, {-1}}, new double[][] {{1}, {2}});

    @Test
    void oneDimensionalMomentsMatchTheHandComputedOnes() {
        assertEquals(0, ONE_D.mean()[0], 1e-15);
        assertEquals(4.75, ONE_D.covariance()[0], 1e-14);
        assertEquals(3.75, ONE_D.whitenedThirdCumulant(new double[] {1}, 1)[0], 1e-14);
        // whitening by w scales κ3 by w³
        assertEquals(3.75 * 8, ONE_D.whitenedThirdCumulant(new double[] {2}, 1)[0], 1e-13);
        assertEquals(1 + 2 * 2, ONE_D.parameterCount());
    }

    @Test
    void aSingleGaussianHasNoThirdCumulantAndItsOwnDensity() {
        GaussianMixture g = GaussianMixture.gaussian(new double[] {1, -2}, new double[] {2, 0.5, 0.5, 1});
        for (double v : g.whitenedThirdCumulant(new double[] {1, 0, 0, 1}, 2)) {
            assertEquals(0, v, 0);
        }
        // log N(y; μ, Σ) at y = μ + (1, 0): −log 2π − ½ log det Σ − ½ (Σ⁻¹)_11, det = 1.75, (Σ⁻¹)_11 = 1/1.75
        double expected = -Math.log(2 * Math.PI) - 0.5 * Math.log(1.75) - 0.5 / 1.75;
        assertEquals(expected, g.meanLogDensity(new double[] {2, -2}), 1e-12);
        assertEquals(2 + 3, g.parameterCount());
    }

    @Test
    void aSingularComponentHasItsDensityOnItsSupport() {
        // N((0, 5), diag(4, 0)) is N(0, 4) on the line y2 = 5
        GaussianMixture g = GaussianMixture.gaussian(new double[] {0, 5}, new double[] {4, 0, 0, 0});
        double expected = -0.5 * Math.log(2 * Math.PI * 4) - 0.5 * 9 / 4.0;
        assertEquals(expected, g.meanLogDensity(new double[] {3, 5}), 1e-12);
        double[] rows = g.sample(1000, 3);
        for (int i = 0; i < 1000; i++) {
            assertEquals(5, rows[2 * i + 1], 1e-12);
        }
    }

    @Test
    void samplesHaveTheClosedFormMomentsWithinTheirNoise() {
        GaussianMixture g = new GaussianMixture(2, new double[] {0.3, 0.7}, new double[][] {{2, 0}, {-1, 1}},
                new double[][] {{1, 0.3, 0.3, 0.5}, {0.4, -0.1, -0.1, 2}});
        int n = 400_000;
        double[] rows = g.sample(n, 11);
        double[] mu = g.mean();
        double[] c = g.covariance();
        double[] w = {1, 0, 0, 1};
        double[] t = g.whitenedThirdCumulant(w, 2);
        double[] sm = new double[2];
        for (int i = 0; i < n; i++) {
            sm[0] += rows[2 * i] / n;
            sm[1] += rows[2 * i + 1] / n;
        }
        double[] sc = new double[4];
        double[] st = new double[8];
        for (int i = 0; i < n; i++) {
            double[] x = {rows[2 * i] - sm[0], rows[2 * i + 1] - sm[1]};
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    sc[a + 2 * b] += x[a] * x[b] / n;
                    for (int e = 0; e < 2; e++) {
                        st[a + 2 * (b + 2 * e)] += x[a] * x[b] * x[e] / n;
                    }
                }
            }
        }
        // errors of order sd/√n: a few hundredths at most for these magnitudes
        assertArrayEquals(mu, sm, 0.01);
        assertArrayEquals(c, sc, 0.03);
        assertArrayEquals(t, st, 0.1);
        assertTrue(Math.abs(t[0]) > 1, "the mixture is skewed along y1: " + t[0]);
    }

    @Test
    void badComponentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GaussianMixture(1, new double[] {0.5, 0.4},
                new double[][] {{0}, {1}}, new double[][] {{1}, {1}}));
        assertThrows(IllegalArgumentException.class, () -> new GaussianMixture(2, new double[] {1},
                new double[][] {{0}}, new double[][] {{1, 0, 0, 1}}));
    }
}
