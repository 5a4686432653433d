package io.polymoments.learn.quadratic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.AdditiveNoise;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The rank of noisy data from the covariance's trailing eigenvalues: the true rank from population moments and from
 * samples at signal-to-noise 1 (isotropic and diagonal noise), and no rank for data outside the model (a cubic map, a
 * Gaussian with a generic covariance).
 */
class NoisyRankSearchTest {
    private static final int R = 4;
    private static final int D = 20;

    /** Sample covariance (d×d column-major) of row-major rows. */
    private static double[] covariance(double[] y, int n, int d) {
        double[] mean = new double[d];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < d; i++) {
                mean[i] += y[t * d + i] / n;
            }
        }
        double[] c = new double[d * d];
        double[] u = new double[d];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < d; i++) {
                u[i] = y[t * d + i] - mean[i];
            }
            for (int j = 0; j < d; j++) {
                for (int i = 0; i <= j; i++) {
                    c[i + j * d] += u[i] * u[j];
                }
            }
        }
        for (int j = 0; j < d; j++) {
            for (int i = 0; i <= j; i++) {
                c[i + j * d] /= n - 1;
                c[j + i * d] = c[i + j * d];
            }
        }
        return c;
    }

    private static NoisyRankSearch.Result search(double[] c, int d, long n, AdditiveNoise.Kind asked) {
        return NoisyRankSearch.search(c, SymmetricEigen.of(c, d).values(), d, n, null, asked);
    }

    /** Mean signal variance per output: the noise variance at signal-to-noise 1. */
    private static double meanSignalVariance(QuadraticTransform p) {
        double[] c = p.covariance();
        double s = 0;
        for (int i = 0; i < p.d(); i++) {
            s += c[i + i * p.d()];
        }
        return s / p.d();
    }

    /** Rows of p(x) + ε, ε ~ N(0, diag(psi)). */
    private static double[] noisy(QuadraticTransform p, double[] psi, int n, long seed) {
        double[] y = p.sample(n, seed, RadialLaw.gaussian());
        SplittableRandom rng = new SplittableRandom(seed ^ 0x3C6EF372FE94F82BL);
        Random g = new Random(rng.nextLong());
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < p.d(); i++) {
                y[t * p.d() + i] += Math.sqrt(psi[i]) * g.nextGaussian();
            }
        }
        return y;
    }

    @Test
    void populationCovarianceGivesTheTrueRankAndNothingBelowIt() {
        QuadraticTransform p = QuadraticTransform.random(R, D, QuadraticTransform.Structure.LOWRANK, 1.0, false, 3);
        double sigma2 = meanSignalVariance(p);
        double[] c = p.covariance();
        for (int i = 0; i < D; i++) {
            c[i + i * D] += sigma2;
        }
        NoisyRankSearch.Result s = search(c, D, 1_000_000, AdditiveNoise.Kind.ISOTROPIC);
        assertNotNull(s.chosen());
        assertEquals(10, s.chosen().m());
        assertEquals(ModelClass.HOMOGENEOUS, s.chosen().modelClass());
        assertEquals(sigma2, s.chosen().meanNoiseVariance(), 1e-10 * sigma2);
        assertEquals(0, s.chosen().statistic(), 1e-6);
        for (NoisyRankSearch.Candidate k : s.candidates()) {
            if (k.m() < 10) {
                assertTrue(!k.noiseTail(), k.describe());
            }
        }
    }

    @Test
    void samplesAtSignalToNoiseOneGiveTheTrueRankWithIsotropicNoise() {
        for (long seed = 0; seed < 3; seed++) {
            QuadraticTransform p = QuadraticTransform.random(R, D, QuadraticTransform.Structure.LOWRANK, 1.0, false,
                    seed);
            double sigma2 = meanSignalVariance(p);
            double[] psi = new double[D];
            java.util.Arrays.fill(psi, sigma2);
            int n = 200_000;
            NoisyRankSearch.Result s = search(covariance(noisy(p, psi, n, seed), n, D), D, n, null);
            assertNotNull(s.chosen(), "seed " + seed);
            assertEquals(10, s.chosen().m(), "seed " + seed);
            assertEquals(AdditiveNoise.Kind.ISOTROPIC, s.chosen().noise().noise().kind(), "seed " + seed);
            assertEquals(sigma2, s.chosen().meanNoiseVariance(), 0.02 * sigma2, "seed " + seed);
        }
    }

    @Test
    void samplesWithDiagonalNoiseSpreadTenToOneGiveTheTrueRank() {
        QuadraticTransform p = QuadraticTransform.random(R, D, QuadraticTransform.Structure.LOWRANK, 1.0, false, 7);
        double sigma2 = meanSignalVariance(p);
        double[] psi = new double[D];
        double norm = 0;
        for (int i = 0; i < D; i++) {
            double sd = Math.pow(10, (double) i / (D - 1)); // standard deviations from 1 to 10
            psi[i] = sd * sd;
            norm += psi[i] / D;
        }
        for (int i = 0; i < D; i++) {
            psi[i] *= sigma2 / norm;
        }
        int n = 200_000;
        NoisyRankSearch.Result s = search(covariance(noisy(p, psi, n, 11), n, D), D, n, null);
        assertNotNull(s.chosen());
        assertEquals(10, s.chosen().m());
        assertEquals(AdditiveNoise.Kind.DIAGONAL, s.chosen().noise().noise().kind());
        double[] est = s.chosen().noise().noise().variances();
        for (int i = 0; i < D; i++) {
            assertEquals(psi[i], est[i], 0.1 * psi[i], "output " + i);
        }
    }

    @Test
    void aCubicMapLeavesNoNoiseTail() {
        int r = 3;
        int d = 12;
        int n = 200_000;
        Random g = new Random(5);
        double[] q = Matrices.gaussian(d, r * r, g);
        double[] cubic = Matrices.gaussian(d, r * r * r, g);
        double[] y = new double[n * d];
        double[] x = new double[r];
        for (int t = 0; t < n; t++) {
            for (int a = 0; a < r; a++) {
                x[a] = g.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double v = 0;
                for (int a = 0; a < r; a++) {
                    for (int b = 0; b < r; b++) {
                        v += q[i + (a + b * r) * d] * x[a] * x[b];
                        for (int c = 0; c < r; c++) {
                            v += 0.1 * cubic[i + (a + (b + c * r) * r) * d] * x[a] * x[b] * x[c];
                        }
                    }
                }
                y[t * d + i] = v + 0.5 * g.nextGaussian();
            }
        }
        NoisyRankSearch.Result s = search(covariance(y, n, d), d, n, null);
        assertNull(s.chosen(), () -> s.closest().describe());
        assertTrue(s.closest().z() > 50, s.closest().describe());
    }

    @Test
    void aGaussianWithAGenericCovarianceLeavesNoNoiseTail() {
        int d = 12;
        int n = 100_000;
        Random g = new Random(9);
        double[] a = Matrices.gaussian(d, d, g);
        double[] y = new double[n * d];
        double[] x = new double[d];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < d; j++) {
                x[j] = g.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double v = 0;
                for (int j = 0; j < d; j++) {
                    v += a[i + j * d] * x[j];
                }
                y[t * d + i] = v;
            }
        }
        assertNull(search(covariance(y, n, d), d, n, null).chosen());
    }
}
