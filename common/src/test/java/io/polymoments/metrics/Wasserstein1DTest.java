package io.polymoments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Wasserstein1DTest {

    private static double[] gaussian(int n, SplittableRandom rng, double shift) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian() + shift;
        }
        return x;
    }

    @Test
    void equalSizesIsTheMeanGapOfOrderStatistics() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] a = gaussian(1000, rng, 0);
        double[] b = gaussian(1000, rng, 0.3);
        double[] sa = a.clone();
        double[] sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        double expected = 0;
        for (int i = 0; i < sa.length; i++) {
            expected += Math.abs(sa[i] - sb[i]);
        }
        expected /= sa.length;
        assertEquals(expected, Wasserstein1D.distance(a, b), 1e-12);
    }

    /** Unequal sizes: ∫₀¹ |Q_a(u) − Q_b(u)| du with the step quantile functions, merged over u = i/na and j/nb. */
    @Test
    void unequalSizesMatchTheQuantileFormula() {
        SplittableRandom rng = new SplittableRandom(2);
        double[] a = gaussian(300, rng, 0);
        double[] b = gaussian(777, rng, 0.1);
        double[] sa = a.clone();
        double[] sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        double expected = 0;
        int i = 0;
        int j = 0;
        double u = 0;
        while (i < sa.length && j < sb.length) {
            double ua = (double) (i + 1) / sa.length;
            double ub = (double) (j + 1) / sb.length;
            double next = Math.min(ua, ub);
            expected += (next - u) * Math.abs(sa[i] - sb[j]);
            u = next;
            if (ua <= ub) {
                i++;
            }
            if (ub <= ua) {
                j++;
            }
        }
        assertEquals(expected, Wasserstein1D.distance(a, b), 1e-12);
        assertEquals(Wasserstein1D.distance(b, a), Wasserstein1D.distance(a, b), 1e-14);
    }

    @Test
    void shiftGivesItsSize() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] a = gaussian(500, rng, 0);
        double[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] += 0.7;
        }
        assertEquals(0.7, Wasserstein1D.distance(a, b), 1e-12);
        assertEquals(0, Wasserstein1D.distance(a, a), 0);
        assertEquals(2.5, Wasserstein1D.distance(new double[] {0}, new double[] {2, 3}), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Wasserstein1D.distance(new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Wasserstein1D.distanceSorted(new double[] {2, 1}, new double[] {1}));
    }

    /** The two-sample floor shrinks like 1/√n: quadrupling both sizes halves it. */
    @Test
    void noiseFloorShrinksLikeInverseRootN() {
        Wasserstein1D.NoiseFloor small = Wasserstein1D.gaussianNoiseFloor(4000, 4000, 20, 5);
        Wasserstein1D.NoiseFloor large = Wasserstein1D.gaussianNoiseFloor(16000, 16000, 20, 6);
        double ratio = small.mean() / large.mean();
        assertTrue(ratio > 1.6 && ratio < 2.5, "ratio " + ratio + " (" + small + ", " + large + ")");
        // a real shift of 0.1 sits far above the floor at n = 4000
        SplittableRandom rng = new SplittableRandom(9);
        Wasserstein1D.Separation sep = Wasserstein1D.separation(gaussian(4000, rng, 0), gaussian(4000, rng, 0.1), 5, 10);
        assertTrue(sep.ratio() > 3, sep.toString());
    }
}
