package io.polymoments.learn.gof;

import io.polymoments.learn.quadratic.JordanFrame;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.learn.quadratic.QuadraticRefinement;
import io.polymoments.learn.quadratic.RefinementResult;
import io.polymoments.learn.quadratic.SpectralFit;
import io.polymoments.learn.quadratic.SpectralLearner;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.WhitenedMoments;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/quadratic.md §14.7 in miniature, end to end in common/: sample in blocks → two passes (mean/covariance, then T̃
 * halves and directional fourth moments) → spectral step → two-stage refinement → goodness of fit. A correct Gaussian
 * model must fit; the same quadratic driven by a heavy-tailed rotation-invariant input (s² ~ r·χ²_1), fitted as
 * Gaussian, must not.
 */
class GoodnessOfFitPipelineTest {
    private static final int BLOCKS = 40;
    private static final int BLOCK_SIZE = 2500;   // n = 1e5
    private static final int DIRECTIONS = 20;

    private static GoodnessOfFit fitAndCheck(QuadraticTransform truth, RadialLaw law, long seed) {
        int d = truth.d();
        int r = truth.r();
        int m = r * (r + 1) / 2;
        int n = BLOCKS * BLOCK_SIZE;
        double[][] blocks = new double[BLOCKS][];
        // pass 1: mean and covariance
        double[] mean = new double[d];
        for (int b = 0; b < BLOCKS; b++) {
            blocks[b] = truth.sampleBlock(seed, b, BLOCK_SIZE, law);
            for (int s = 0; s < BLOCK_SIZE; s++) {
                for (int i = 0; i < d; i++) {
                    mean[i] += blocks[b][s * d + i] / n;
                }
            }
        }
        double[] cov = new double[d * d];
        for (double[] y : blocks) {
            for (int s = 0; s < BLOCK_SIZE; s++) {
                for (int j = 0; j < d; j++) {
                    double yj = y[s * d + j] - mean[j];
                    for (int i = 0; i < d; i++) {
                        cov[i + j * d] += (y[s * d + i] - mean[i]) * yj / n;
                    }
                }
            }
        }
        WhitenedMoments wm = WhitenedMoments.whiten(mean, cov, d, m);
        double rankGap = wm.eigenvalues()[m - 1] / wm.eigenvalues()[m];
        // pass 2: T̃ halves by block parity, per-block directional fourth powers
        double[] dirs = DirectionalFourthMoments.randomDirections(m, DIRECTIONS, 99);
        double[][] half = new double[2][m * m * m];
        long[] counts = new long[BLOCKS];
        double[] sums = new double[BLOCKS * DIRECTIONS];
        double[] z = new double[m];
        for (int b = 0; b < BLOCKS; b++) {
            double[] y = blocks[b];
            for (int s = 0; s < BLOCK_SIZE; s++) {
                for (int a = 0; a < m; a++) {
                    double v = 0;
                    for (int i = 0; i < d; i++) {
                        v += wm.w()[i + a * d] * (y[s * d + i] - mean[i]);
                    }
                    z[a] = v;
                }
                for (int c = 0; c < m; c++) {
                    for (int bb = 0; bb < m; bb++) {
                        double zbc = z[bb] * z[c];
                        for (int a = 0; a < m; a++) {
                            half[b % 2][a + m * bb + m * m * c] += z[a] * zbc;
                        }
                    }
                }
                for (int l = 0; l < DIRECTIONS; l++) {
                    double p = 0;
                    for (int a = 0; a < m; a++) {
                        p += dirs[a + l * m] * z[a];
                    }
                    sums[b * DIRECTIONS + l] += p * p * p * p;
                }
            }
            counts[b] = BLOCK_SIZE;
        }
        double[] t = new double[m * m * m];
        double[] even = new double[t.length];
        double[] odd = new double[t.length];
        int nHalf = n / 2;
        for (int i = 0; i < t.length; i++) {
            t[i] = (half[0][i] + half[1][i]) / n;
            even[i] = half[0][i] / nHalf;
            odd[i] = half[1][i] / nHalf;
        }
        SpectralFit fit = SpectralLearner.fit(wm.withThirdMoment(t), ModelClass.HOMOGENEOUS, r,
                JordanFrame.Options.defaults());
        RefinementResult ref = new QuadraticRefinement().refineHomogeneous(fit.targetMean(), fit.targetThird(),
                fit.whitenedFrame(), m, r);
        return new GoodnessOfFitCheck().homogeneous(ref.z(), r, new SplitHalfThirdMoments(m, t, even, odd, n),
                fit.targetMean(), new DirectionalFourthMoments(m, dirs, counts, sums), rankGap);
    }

    @Test
    void correctGaussianModelFits() {
        QuadraticTransform truth = QuadraticTransform.random(3, 12, QuadraticTransform.Structure.LOWRANK, 1.0, false, 71);
        GoodnessOfFit gof = fitAndCheck(truth, RadialLaw.gaussian(), 5);
        assertEquals(FitVerdict.FITS, gof.verdict(), gof.summary());
        assertTrue(gof.rankGap() > 1e6, gof.summary());
    }

    @Test
    void heavyTailedRotationInvariantInputFittedAsGaussianDoesNotFit() {
        QuadraticTransform truth = QuadraticTransform.random(3, 12, QuadraticTransform.Structure.LOWRANK, 1.0, false, 71);
        GoodnessOfFit gof = fitAndCheck(truth, RadialLaw.chi(1), 5);
        assertEquals(FitVerdict.DOES_NOT_FIT, gof.verdict(), gof.summary());
        // the rank gap cannot see it (still an exact quadratic of a rotation-invariant x); the moment checks must
        assertTrue(gof.rankGap() > 1e6, gof.summary());
    }
}
