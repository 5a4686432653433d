package io.polymoments.datasets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.metrics.ProjectionSearch;
import io.polymoments.metrics.SlicedWasserstein;
import io.polymoments.metrics.Wasserstein1D;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What `evaluate` must show on hard data against the Gaussian with the same mean and covariance (here N(0, I)):
 * along v the projection separates from a Gaussian sample by many noise floors, along a random direction it does
 * not, and a cheap sixth-moment search finds v in low dimension.
 */
class HardProjectionCheckTest {

    private static double[] rows(RowSampler s, int n, long seed) {
        SampleStream st = new SampleStream(seed, n);
        double[] out = new double[n * s.dim()];
        int pos = 0;
        for (long b = 0; b < st.blocks(); b++) {
            double[] r = st.block(s, b);
            System.arraycopy(r, 0, out, pos, r.length);
            pos += r.length;
        }
        return out;
    }

    private static double[] gaussian(int n, long seed) {
        SplittableRandom g = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = g.nextGaussian();
        }
        return x;
    }

    /**
     * bounded_k4 at n = 10⁶: W1(⟨v,y⟩, Gaussian sample) ≈ 0.048 (= E|f(z) − z|) against a floor ≈ 0.0018, about
     * 27 floors (measured); assert more than 5. A random direction stays within a few floors.
     */
    @Test
    void alongVHardDataSeparateFromGaussianAtAMillionRows() {
        int d = 4;
        int n = 1_000_000;
        HardInstanceSampler s = HardInstanceSampler.withSeed(HardInstanceCatalog.load("bounded_k4"), d, 5);
        double[] y = rows(s, n, 77);
        double[] reference = gaussian(n, 3);
        Wasserstein1D.Separation alongV = Wasserstein1D.separation(Wasserstein1D.project(y, n, d, s.direction()),
                reference, 5, 9);
        assertTrue(alongV.ratio() > 5, alongV.toString());
        assertTrue(Math.abs(alongV.distance() - 0.0481) < 0.005, alongV.toString()); // E|f(z) − z| by quadrature
        double[] u = HardInstanceSampler.randomDirection(d, 1234);
        Wasserstein1D.Separation random = Wasserstein1D.separation(Wasserstein1D.project(y, n, d, u), reference, 5, 9);
        assertTrue(random.ratio() < 3, random.toString());
    }

    /**
     * Random slices (what a cheap sliced-W1 evaluation sees) stay near the two-sample floor on hard data, d = 8,
     * n = 2·10⁵, while the slice along v is many floors away.
     */
    @Test
    void randomSlicesSitNearTheFloorButVDoesNot() {
        int d = 8;
        int n = 200_000;
        HardInstanceSampler s = HardInstanceSampler.withSeed(HardInstanceCatalog.load("bounded_k4"), d, 6);
        double[] y = rows(s, n, 79);
        double[] g = rows(GaussianSampler.standard(d), n, 80);
        double sliced = SlicedWasserstein.w1(y, n, g, n, d, null, d, 16, 2);
        Wasserstein1D.NoiseFloor floor = Wasserstein1D.gaussianNoiseFloor(n, n, 5, 3);
        assertTrue(sliced < 2 * floor.mean(), "sliced mean " + sliced + " vs " + floor);
        double alongV = Wasserstein1D.distance(Wasserstein1D.project(y, n, d, s.direction()),
                Wasserstein1D.project(g, n, d, s.direction()));
        assertTrue(alongV > 5 * floor.mean(), "along v " + alongV + " vs " + floor);
        assertTrue(alongV > 5 * sliced, "along v " + alongV + " vs mean random slice " + sliced);
    }

    /** v unknown, d = 4: search on one half (2·10⁵ rows), evaluate on the other half. */
    @Test
    void sixthMomentSearchFindsVAndTheHeldOutHalfSeparates() {
        int d = 4;
        int n = 400_000;
        HardInstanceSampler s = HardInstanceSampler.withSeed(HardInstanceCatalog.load("bounded_k4"), d, 8);
        double[] y = rows(s, n, 78);
        ProjectionSearch.Result found = ProjectionSearch.sixthMomentDirection(y, n / 2, d, 200_000, 2 * d, 100, 1);
        double cos = 0;
        for (int c = 0; c < d; c++) {
            cos += found.direction()[c] * s.direction()[c];
        }
        assertTrue(Math.abs(cos) > 0.99, "cos(found, v) = " + cos + ", " + found);
        assertTrue(found.contrast() < -1.5, "E(θᵀz)⁶ − 15 should be near −2.41, got " + found.contrast());
        double[] heldOut = Arrays.copyOfRange(y, (n / 2) * d, n * d);
        Wasserstein1D.Separation sep = Wasserstein1D.separation(
                Wasserstein1D.project(heldOut, n / 2, d, found.direction()), gaussian(n / 2, 4), 5, 10);
        assertTrue(sep.ratio() > 5, sep.toString());
    }
}
