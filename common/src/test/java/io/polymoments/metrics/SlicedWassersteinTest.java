package io.polymoments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlicedWassersteinTest {

    /** A translated copy: W1 along θ is exactly |θᵀc|, so the sliced mean is the mean of |θᵀc| over the slices. */
    @Test
    void translationGivesTheMeanProjectedShift() {
        int d = 3;
        int n = 2000;
        SplittableRandom rng = new SplittableRandom(4);
        double[] a = new double[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        double[] c = {0.5, -0.2, 0.1};
        double[] b = a.clone();
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < d; k++) {
                b[r * d + k] += c[k];
            }
        }
        SlicedWasserstein.Result res = SlicedWasserstein.distance(a, n, b, n, d, 25, 8);
        double expected = 0;
        double max = 0;
        for (int s = 0; s < 25; s++) {
            double dot = 0;
            double norm = 0;
            for (int k = 0; k < d; k++) {
                dot += res.directions()[s * d + k] * c[k];
                norm += res.directions()[s * d + k] * res.directions()[s * d + k];
            }
            assertEquals(1, norm, 1e-14);
            expected += Math.abs(dot) / 25;
            max = Math.max(max, Math.abs(dot));
        }
        assertEquals(expected, res.mean(), 1e-10);
        assertEquals(max, res.max(), 1e-10);
    }

    @Test
    void twoGaussianSamplesSitAtTheFloor() {
        int d = 4;
        int n = 20_000;
        SplittableRandom rng = new SplittableRandom(5);
        double[] a = new double[n * d];
        double[] b = new double[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
            b[i] = rng.nextGaussian();
        }
        SlicedWasserstein.Result res = SlicedWasserstein.distance(a, n, b, n, d, 20, 1);
        Wasserstein1D.NoiseFloor floor = Wasserstein1D.gaussianNoiseFloor(n, n, 10, 2);
        assertTrue(res.mean() < 2 * floor.mean() && res.mean() > 0.4 * floor.mean(), res.mean() + " vs " + floor);
    }
}
