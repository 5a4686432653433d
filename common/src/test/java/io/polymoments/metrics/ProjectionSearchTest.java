package io.polymoments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProjectionSearchTest {

    /** Whitened data that are Gaussian except along a hidden unit vector, where they are uniform (E u⁶ = 27/7). */
    @Test
    void findsTheUniformDirection() {
        int d = 5;
        int n = 60_000;
        SplittableRandom rng = new SplittableRandom(12);
        double[] v = {0.3, -0.5, 0.1, 0.7, 0.4};
        double norm = 0;
        for (double c : v) {
            norm += c * c;
        }
        for (int c = 0; c < d; c++) {
            v[c] /= Math.sqrt(norm);
        }
        double[] z = new double[n * d];
        for (int r = 0; r < n; r++) {
            double t = 0;
            for (int c = 0; c < d; c++) {
                z[r * d + c] = rng.nextGaussian();
                t += z[r * d + c] * v[c];
            }
            double u = (2 * rng.nextDouble() - 1) * Math.sqrt(3);
            for (int c = 0; c < d; c++) {
                z[r * d + c] += (u - t) * v[c];
            }
        }
        ProjectionSearch.Result res = ProjectionSearch.sixthMomentDirection(z, n, d, 30_000, 2 * d, 100, 4);
        double cos = 0;
        for (int c = 0; c < d; c++) {
            cos += res.direction()[c] * v[c];
        }
        assertTrue(Math.abs(cos) > 0.99, "cos " + cos);
        assertEquals(27.0 / 7 - 15, res.contrast(), 0.3);
        assertEquals(30_000, res.rowsSearched());
    }
}
