package io.polymoments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PiecewiseLinearLinkTest {

    @Test
    void identityOnAWideIntervalHasTheGaussianMoments() {
        PiecewiseLinearLink id = new PiecewiseLinearLink(new double[] {-40, 0, 40}, new double[] {-40, 0, 40});
        double[] m = id.gaussianMoments(12);
        for (int p = 0; p <= 12; p++) {
            assertEquals(HardInstance.gaussianMoment(p), m[p], 1e-13 * Math.max(1, HardInstance.gaussianMoment(p)), "p=" + p);
        }
    }

    /** clip(z) to [−1, 1]: E clip² = 1 − 2φ(1), E clip⁴ = 3 − 4Φ̄(1) − 8φ(1) (truncated-moment closed forms). */
    @Test
    void clipHasTheClosedFormMoments() {
        PiecewiseLinearLink clip = new PiecewiseLinearLink(new double[] {-1, 1}, new double[] {-1, 1});
        double phi1 = Math.exp(-0.5) / Math.sqrt(2 * Math.PI);
        assertEquals(1 - 2 * phi1, clip.gaussianMoment(2), 1e-15);
        assertEquals(3 - 4 * 0.15865525393145705 - 8 * phi1, clip.gaussianMoment(4), 1e-15);
        assertEquals(0, clip.gaussianMoment(3), 1e-16);
    }

    /** Random continuous piecewise-linear maps (not odd, not monotone) against composite Simpson quadrature. */
    @Test
    void momentsMatchIndependentQuadratureOnRandomMaps() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 5; trial++) {
            int m = 2 + rng.nextInt(6);
            double[] t = new double[m + 1];
            double[] v = new double[m + 1];
            t[0] = -2.5 + rng.nextDouble();
            for (int i = 1; i <= m; i++) {
                t[i] = t[i - 1] + 0.2 + rng.nextDouble();
            }
            for (int i = 0; i <= m; i++) {
                v[i] = 2 * rng.nextGaussian();
            }
            PiecewiseLinearLink f = new PiecewiseLinearLink(t, v);
            double[] exact = f.gaussianMoments(8);
            for (int p = 0; p <= 8; p++) {
                double quad = simpsonMoment(f, p);
                assertEquals(quad, exact[p], 1e-11 * Math.max(1, Math.abs(quad)), "trial " + trial + " p=" + p);
            }
        }
    }

    private static double simpsonMoment(PiecewiseLinearLink f, int p) {
        double[] t = f.knots();
        int m = t.length - 1;
        double total = StandardNormal.cdf(t[0]) * Math.pow(f.apply(t[0]), p)
                + StandardNormal.sf(t[m]) * Math.pow(f.apply(t[m]), p);
        int steps = 4000; // per piece, even
        for (int i = 0; i < m; i++) {
            double a = t[i];
            double h = (t[i + 1] - a) / steps;
            double s = 0;
            for (int j = 0; j <= steps; j++) {
                double x = a + j * h;
                double w = (j == 0 || j == steps) ? 1 : (j % 2 == 1 ? 4 : 2);
                s += w * Math.pow(f.apply(x), p) * StandardNormal.pdf(x);
            }
            total += s * h / 3;
        }
        return total;
    }

    @Test
    void reluFormReproducesTheMapEverywhere() {
        PiecewiseLinearLink f = PiecewiseLinearLink.oddExtension(new double[] {0, 0.5, 1, 1.5, 2},
                new double[] {0, 0.46, 0.95, 1.50, 2.33});
        PiecewiseLinearLink.ReluForm relu = f.reluForm();
        assertEquals(8, relu.units(), "one unit per knot where the slope changes (none at 0: slopes equal there)");
        for (int i = -500; i <= 500; i++) {
            double x = i / 100.0;
            assertEquals(f.apply(x), relu.apply(x), 1e-13, "t=" + x);
        }
        assertEquals(2.33, f.apply(100), 0);
        assertEquals(-2.33, f.apply(-100), 0);
        assertTrue(f.isOdd());
        assertTrue(f.isMonotone());
    }

    @Test
    void applyInterpolatesAndDetectsShape() {
        PiecewiseLinearLink tent = new PiecewiseLinearLink(new double[] {0, 1, 2}, new double[] {0, 3, 0});
        assertEquals(1.5, tent.apply(0.5), 1e-15);
        assertEquals(3, tent.apply(1), 0);
        assertEquals(0.75, tent.apply(1.75), 1e-15);
        assertFalse(tent.isMonotone());
        assertFalse(tent.isOdd());
        assertEquals(3, tent.maxAbsSlope(), 0);
    }

    @Test
    void rejectsBadKnots() {
        assertThrows(IllegalArgumentException.class, () -> new PiecewiseLinearLink(new double[] {0, 0}, new double[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new PiecewiseLinearLink(new double[] {0, 1}, new double[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> new PiecewiseLinearLink(new double[] {0, Double.NaN}, new double[] {0, 1}));
    }
}
