package io.polymoments.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LowRankTransformTest {

    /** Central moments of y by tensor Gauss–Hermite quadrature of {@link LowRankTransform#apply}. */
    private static double[][] quadrature(LowRankTransform t, int nodes) {
        Hermite.Quadrature gh = Hermite.gaussHermite(nodes);
        int r = t.latentDim();
        int d = t.outputDim();
        int total = (int) Math.pow(nodes, r);
        double[] mean = new double[d];
        double[][] ys = new double[total][];
        double[] ws = new double[total];
        for (int p = 0; p < total; p++) {
            int rem = p;
            double weight = 1;
            double[] x = new double[r];
            for (int k = 0; k < r; k++) {
                x[k] = gh.nodes()[rem % nodes];
                weight *= gh.weights()[rem % nodes];
                rem /= nodes;
            }
            ys[p] = t.apply(x);
            ws[p] = weight;
            for (int i = 0; i < d; i++) {
                mean[i] += weight * ys[p][i];
            }
        }
        double[] m2 = new double[d * d];
        double[] m3 = new double[d * d * d];
        for (int p = 0; p < total; p++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double yij = ws[p] * (ys[p][i] - mean[i]) * (ys[p][j] - mean[j]);
                    m2[i + d * j] += yij;
                    for (int k = 0; k < d; k++) {
                        m3[i + d * j + d * d * k] += yij * (ys[p][k] - mean[k]);
                    }
                }
            }
        }
        return new double[][] {mean, m2, m3};
    }

    @Test
    void populationMomentsMatchQuadratureForNonUnitNormsAndConstants() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN_UNKNOWN_NORMS,
                new double[] {0.7, 0.5, 1.0, 0.4}, 3, 4, 5, 11L);
        double[][] quad = quadrature(t, 12);
        assertArrayClose(quad[0], t.mean(), 1e-12);
        assertArrayClose(quad[1], t.covariance(), 1e-12);
        assertArrayClose(quad[2], t.centralMoment(3), 1e-12);
        for (double a : t.norms()) {
            assertTrue(a >= 0.7 && a <= 1.4);
        }
    }

    private static void assertArrayClose(double[] expected, double[] actual, double rel) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rel * scale, "entry " + i);
        }
    }

    @Test
    void sampleMomentsConvergeToPopulationMoments() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0.5, 1.0}, 3, 3, 4, 5L);
        double[] cov = t.covariance();
        double prevErr = Double.POSITIVE_INFINITY;
        for (int n : new int[] {2_000, 200_000}) {
            double[][] rows = t.sampleBlock(9L, 0, n);
            double[] mean = new double[4];
            for (double[] y : rows) {
                for (int i = 0; i < 4; i++) {
                    mean[i] += y[i] / n;
                }
            }
            double err = 0;
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    double s = 0;
                    for (double[] y : rows) {
                        s += (y[i] - mean[i]) * (y[j] - mean[j]);
                    }
                    err = Math.max(err, Math.abs(s / n - cov[i + 4 * j]));
                }
            }
            assertTrue(err < prevErr / 3, "error should shrink ~ n^-1/2: " + err + " vs " + prevErr);
            prevErr = err;
        }
        // blocks are reproducible and distinct
        assertArrayEquals(t.sampleBlock(9L, 3, 5)[4], t.sampleBlock(9L, 3, 5)[4]);
        assertTrue(t.sampleBlock(9L, 3, 1)[0][0] != t.sampleBlock(9L, 4, 1)[0][0]);
    }

    @Test
    void rejectsBadShapesWithClearMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LowRankTransform.of(
                ActivationMode.KNOWN, new double[6], new double[] {2, 0}, new double[3], new double[][] {{0, 0, 1}}, 3, 2, 1));
        assertTrue(e.getMessage().contains("unit-norm"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LowRankTransform.of(
                ActivationMode.FREE, new double[5], new double[2], new double[3], new double[][] {{0, 1}}, 3, 2, 1));
        assertTrue(e.getMessage().contains("W must be 3x2"), e.getMessage());
    }
}
