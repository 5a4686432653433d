package io.polymoments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.model.StandardNormal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianComparisonTest {
    private static final double SQRT3 = Math.sqrt(3);

    /** Mean and covariance (column-major) of row-major rows: what the moment pass hands over. */
    private static double[][] moments(double[] y, int n, int d) {
        double[] mu = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mu[j] += y[i * d + j] / n;
            }
        }
        double[] c = new double[d * d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    c[a + b * d] += (y[i * d + a] - mu[a]) * (y[i * d + b] - mu[b]) / n;
                }
            }
        }
        return new double[][] {mu, c};
    }

    /** y = A g + b with a fixed well-conditioned A: Gaussian, correlated, shifted. */
    private static double[] gaussian(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[n * d];
        double[] g = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                g[j] = rng.nextGaussian();
            }
            for (int j = 0; j < d; j++) {
                double s = 3.0 - j;
                for (int k = 0; k <= j; k++) {
                    s += (k == j ? 1.0 + j : 0.4) * g[k];
                }
                y[i * d + j] = s;
            }
        }
        return y;
    }

    /** Unit v and rows x + (u − ⟨v,x⟩)v with u ~ U(−√3, √3) (unit variance, mean 0): covariance I, uniform along v. */
    private static double[] uniformAlong(double[] v, int n, long seed) {
        int d = v.length;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[n * d];
        for (int i = 0; i < n; i++) {
            double dot = 0;
            for (int j = 0; j < d; j++) {
                y[i * d + j] = rng.nextGaussian();
                dot += y[i * d + j] * v[j];
            }
            double u = (2 * rng.nextDouble() - 1) * SQRT3;
            for (int j = 0; j < d; j++) {
                y[i * d + j] += (u - dot) * v[j];
            }
        }
        return y;
    }

    /** ∫ |F_U(x) − Φ(x)| dx for U ~ U(−√3, √3), by the midpoint rule on [−9, 9] (an independent number). */
    private static double populationW1UniformVsNormal() {
        int steps = 360_000;
        double lo = -9;
        double h = 18.0 / steps;
        double s = 0;
        for (int k = 0; k < steps; k++) {
            double x = lo + (k + 0.5) * h;
            double fu = x <= -SQRT3 ? 0 : x >= SQRT3 ? 1 : (x + SQRT3) / (2 * SQRT3);
            s += Math.abs(fu - StandardNormal.cdf(x)) * h;
        }
        return s;
    }

    @Test
    void gaussianDataSitAtTheFloorAlongEveryDirection() {
        int n = 40_000;
        int d = 4;
        double[] y = gaussian(n, d, 3);
        double[][] mc = moments(y, n, d);
        double[] someDirection = {1, -2, 0.5, 3};
        GaussianComparison.Result r = GaussianComparison.compare(y, n, d, mc[0], mc[1], n, someDirection,
                GaussianComparison.Options.defaults().withNDirections(100));
        assertEquals(4, r.rank());
        // the mean of 100 directions' W1 under the null: floor mean ± sd/10 (directions are correlated, so wider)
        assertEquals(1.0, r.random().ratio(), 0.15, r.summary());
        // one direction's W1/floor has sd ≈ 0.3-0.4: the largest of 100 sits near 2
        assertTrue(r.randomMaxRatio() < 3.0, r.summary());
        assertEquals(1.0, r.searched().ratio(), 0.6, r.summary());
        assertEquals(1.0, r.alongTruth().ratio(), 0.6, r.summary());
        assertFalse(r.distinguishable(), r.summary());
        // the sixth-moment contrast along a fixed direction is N(0, 1) in z under the null
        assertTrue(Math.abs(r.alongTruth().sixthMomentZ()) < 4, r.summary());
        assertEquals(n / 2, r.searched().rows(), "the search's direction is measured on the other half");
    }

    @Test
    void aUniformDirectionIsSeparatedAtItsPopulationDistanceAndFoundByTheSearch() {
        int d = 6;
        int n = 60_000;
        double[] v = {0.5, -0.5, 0.5, 0.5, 0, 0};
        double[] y = uniformAlong(v, n, 5);
        double[][] mc = moments(y, n, d);
        GaussianComparison.Result r = GaussianComparison.compare(y, n, d, mc[0], mc[1], n, v,
                GaussianComparison.Options.defaults());
        double truth = populationW1UniformVsNormal();   // ≈ 0.07
        GaussianComparison.Slice along = r.alongTruth();
        // the estimate is the population distance plus O(floor) noise
        assertEquals(truth, along.w1(), 2 * along.floor().mean(), r.summary());
        assertTrue(along.ratio() > 5 && along.separated(), r.summary());
        // E u^6 = 27/7 for the uniform: contrast 27/7 − 15 within 4 sd of sampling noise
        assertEquals(27.0 / 7 - 15, along.sixthMomentContrast(), 4 * 34 / Math.sqrt(n), r.summary());
        // the search finds v and the held-out half confirms it
        assertTrue(r.searchTruthAlignment() > 0.95, r.summary());
        assertTrue(r.searched().ratio() > 5 && r.searched().separated(), r.summary());
        double cos = 0;
        for (int j = 0; j < d; j++) {
            cos += r.searchedDirection()[j] * v[j];
        }
        assertTrue(Math.abs(cos) > 0.95, "searched direction in data coordinates is v up to sign: " + cos);
        // a random projection mixes the uniform with d − 1 Gaussian directions: far closer to the floor than v
        assertTrue(r.random().ratio() < 0.3 * along.ratio(), r.summary());
        assertTrue(r.distinguishable());
    }

    @Test
    void theFloorAccountsForStandardisingWithTheRowsOwnMoments() {
        int n = 20_000;
        Wasserstein1D.NoiseFloor plain = Wasserstein1D.gaussianNoiseFloor(n, n, 40, 1);
        Wasserstein1D.NoiseFloor pooledMany = GaussianComparison.standardisedNoiseFloor(n, 1_000_000_000L, 40, 2);
        Wasserstein1D.NoiseFloor own = GaussianComparison.standardisedNoiseFloor(n, n, 40, 3);
        // moments from far more rows: the plain two-sample floor (both means have sd ≈ plain.sd/√40)
        assertEquals(plain.mean(), pooledMany.mean(), 4 * plain.sd() / Math.sqrt(40) * Math.sqrt(2), plain + " " + pooledMany);
        // moments from the compared rows themselves: location and scale error removed, clearly lower
        assertTrue(own.mean() < 0.92 * plain.mean(), plain + " " + own);
    }

    @Test
    void aSubsampleStandardisedWithAllRowsMomentsSitsAtTheFloorToo() {
        int n = 60_000;
        int d = 3;
        double[] y = gaussian(n, d, 21);
        double[][] mc = moments(y, n, d);
        int sub = 15_000;
        GaussianComparison.Result r = GaussianComparison.compare(java.util.Arrays.copyOf(y, sub * d), sub, d, mc[0],
                mc[1], n, null, GaussianComparison.Options.defaults().withNDirections(100));
        assertEquals(1.0, r.random().ratio(), 0.15, r.summary());
        assertFalse(r.distinguishable(), r.summary());
    }

    @Test
    void aDegenerateCovarianceIsComparedOnItsSupport() {
        int n = 5_000;
        double[] base = gaussian(n, 3, 8);
        double[] y = new double[n * 4];
        for (int i = 0; i < n; i++) {
            System.arraycopy(base, i * 3, y, i * 4, 3);
            y[i * 4 + 3] = 2 * base[i * 3];   // an exact copy of coordinate 0
        }
        double[][] mc = moments(y, n, 4);
        GaussianComparison.Result r = GaussianComparison.compare(y, n, 4, mc[0], mc[1], n, null,
                GaussianComparison.Options.defaults().withNDirections(20));
        assertEquals(3, r.rank());
        assertNull(r.alongTruth());
        assertTrue(r.notes().get(0).contains("rank 3"), r.notes().toString());
        assertTrue(Double.isFinite(r.random().w1()) && Double.isFinite(r.searched().w1()));
    }

    @Test
    void badInputsNameWhatIsWrong() {
        double[] y = gaussian(100, 2, 1);
        double[][] mc = moments(y, 100, 2);
        GaussianComparison.Options o = GaussianComparison.Options.defaults();
        assertThrows(IllegalArgumentException.class, () -> GaussianComparison.compare(y, 100, 2, mc[0], mc[1], 100,
                new double[3], o));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> GaussianComparison.compare(y, 100, 2, mc[0], mc[1], 100, new double[2], o));
        assertTrue(zero.getMessage().contains("zero"));
        assertThrows(IllegalArgumentException.class, () -> GaussianComparison.compare(y, 100, 2, mc[0],
                new double[4], 100, null, o));
        assertThrows(IllegalArgumentException.class, () -> GaussianComparison.compare(y, 100, 2, mc[0], mc[1], 99,
                null, o));
        assertThrows(IllegalArgumentException.class, () -> o.withNDirections(0));
    }
}
