package io.polymoments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.learn.quadratic.JordanFrame;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.QuadraticTransform.Structure;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.PopulationMoments;
import io.polymoments.moments.WhitenedMoments;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {

    static double[] haar(int r, long seed, boolean reflection) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] g = new double[r * r];
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.nextGaussian();
        }
        double[] o = JordanFrame.polar(g, r);
        if (reflection) {
            for (int i = 0; i < r; i++) {
                o[i] = -o[i]; // flip the first column: det changes sign
            }
        }
        return o;
    }

    static double[] transpose(double[] o, int r) {
        double[] t = new double[r * r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                t[j + i * r] = o[i + j * r];
            }
        }
        return t;
    }

    @Test
    void alignFindsAKnownRotation() {
        for (boolean affine : new boolean[] {false, true}) {
            for (boolean refl : new boolean[] {false, true}) {
                int r = 5;
                QuadraticTransform truth = QuadraticTransform.random(r, 12, Structure.RANDOM, 1.0, affine, 3);
                double[] o = haar(r, 11, refl);
                // estimate = Oᵀ·truth·O, so truth = O·estimate·Oᵀ
                QuadraticTransform est = truth.rotated(transpose(o, r));
                RotationAlignment.Alignment al = RotationAlignment.align(est, truth);
                assertTrue(al.loss() < 1e-20, "loss " + al.loss());
                double dist = 0;
                for (int i = 0; i < r * r; i++) {
                    dist = Math.max(dist, Math.abs(al.rotation()[i] - o[i]));
                }
                if (affine) {
                    assertTrue(dist < 1e-10, "rotation off by " + dist);
                } else {
                    // without a linear part ±O are equivalent
                    double distNeg = 0;
                    for (int i = 0; i < r * r; i++) {
                        distNeg = Math.max(distNeg, Math.abs(al.rotation()[i] + o[i]));
                    }
                    assertTrue(Math.min(dist, distNeg) < 1e-10);
                }
                assertTrue(ParameterError.of(est, truth).relative() < 1e-12);
            }
        }
    }

    @Test
    void parameterErrorMeasuresAPerturbation() {
        QuadraticTransform truth = QuadraticTransform.random(3, 8, Structure.EQUAL, 1.0, false, 5);
        double[] q = truth.q();
        double eps = 1e-3;
        SplittableRandom rng = new SplittableRandom(1);
        double[] pert = q.clone();
        for (int i = 0; i < 8; i++) {
            for (int a = 0; a < 3; a++) {
                for (int b = a; b < 3; b++) {
                    double e = eps * rng.nextGaussian();
                    pert[i * 9 + a + 3 * b] += e;
                    if (a != b) {
                        pert[i * 9 + b + 3 * a] += e;
                    }
                }
            }
        }
        double raw = io.polymoments.linalg.Matrices.distance(pert, q) / io.polymoments.linalg.Matrices.frobeniusNorm(q);
        QuadraticTransform est = QuadraticTransform.homogeneous(3, 8, pert).rotated(haar(3, 4, false));
        double err = ParameterError.of(est, truth).relative();
        // the aligned error can only be smaller than the unrotated distance, and not by much for a small perturbation
        assertTrue(err <= raw * (1 + 1e-9) && err > 0.5 * raw, err + " vs " + raw);
    }

    @Test
    void couplingBoundIsZeroAtTheTruthAndExactOtherwise() {
        QuadraticTransform truth = QuadraticTransform.random(3, 4, Structure.LOWRANK, 1.0, true, 8);
        QuadraticTransform same = truth.rotated(haar(3, 2, true));
        assertEquals(0.0, CouplingBound.w2(truth, same), 1e-12);
        // a different model: the formula must equal E|p(x) − p̂(Oᵀx)|² computed by exact quadrature
        QuadraticTransform other = QuadraticTransform.random(3, 4, Structure.LOWRANK, 1.0, true, 9);
        double[] o = haar(3, 6, false);
        double bound = CouplingBound.w2(truth, other, o);
        double[][] gh = gaussHermite(5);
        double s = 0;
        double[] x = new double[3];
        double[] xo = new double[3];
        for (int p = 0; p < 125; p++) {
            int rem = p;
            double w = 1;
            for (int a = 0; a < 3; a++) {
                x[a] = gh[0][rem % 5];
                w *= gh[1][rem % 5];
                rem /= 5;
            }
            for (int a = 0; a < 3; a++) { // Oᵀx
                xo[a] = 0;
                for (int b = 0; b < 3; b++) {
                    xo[a] += o[b + 3 * a] * x[b];
                }
            }
            double[] y1 = truth.apply(x, 1);
            double[] y2 = other.apply(xo, 1);
            for (int i = 0; i < 4; i++) {
                s += w * (y1[i] - y2[i]) * (y1[i] - y2[i]);
            }
        }
        assertEquals(Math.sqrt(s), bound, 1e-10 * bound);
    }

    static double[][] gaussHermite(int n) {
        double[] j = new double[n * n];
        for (int i = 0; i + 1 < n; i++) {
            j[i + (i + 1) * n] = j[i + 1 + i * n] = Math.sqrt(i + 1.0);
        }
        SymmetricEigen e = SymmetricEigen.of(j, n);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = e.vectors()[i * n] * e.vectors()[i * n];
        }
        return new double[][] {e.values(), w};
    }

    @Test
    void slicedWassersteinSeparatesModelsAndVanishesOnIdenticalSamples() {
        QuadraticTransform truth = QuadraticTransform.random(3, 10, Structure.LOWRANK, 1.0, false, 4);
        int n = 20_000;
        double[] a = truth.sample(n, 1L, RadialLaw.gaussian());
        double[] b = truth.sample(n, 2L, RadialLaw.gaussian());
        WhitenedMoments mom = PopulationMoments.quadratic(truth, RadialLaw.gaussian(), 6);
        assertEquals(0.0, SlicedWasserstein.w1(a, n, a, n, 10, mom.w(), 6, 50, 3L), 1e-15);
        double floor = SlicedWasserstein.w1(a, n, b, n, 10, mom.w(), 6, 50, 3L);
        // same mean and covariance, but Gaussian: sliced W1 must be far above the two-sample floor
        double[] g = gaussianWithMoments(truth.mean(), truth.covariance(), 10, n, 5L);
        double far = SlicedWasserstein.w1(a, n, g, n, 10, mom.w(), 6, 50, 3L);
        assertTrue(floor < 0.03, "floor " + floor);
        assertTrue(far > 5 * floor, far + " vs floor " + floor);
        // 1-D check with unequal sizes: W1({0}, {1, 3}) = 0.5·1 + 0.5·3 = 2
        assertEquals(2.0, Wasserstein1D.distanceSorted(new double[] {0}, new double[] {1, 3}), 1e-15);
    }

    private static double[] gaussianWithMoments(double[] mean, double[] cov, int d, int n, long seed) {
        SymmetricEigen e = SymmetricEigen.of(cov, d);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[n * d];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                y[s * d + i] = mean[i];
            }
            for (int j = 0; j < d; j++) {
                double g = rng.nextGaussian() * Math.sqrt(Math.max(e.values()[j], 0));
                for (int i = 0; i < d; i++) {
                    y[s * d + i] += e.vectors()[i + j * d] * g;
                }
            }
        }
        return y;
    }

    @Test
    void momentResidualsVanishAtTheTruthOnly() {
        QuadraticTransform truth = QuadraticTransform.random(3, 9, Structure.EQUAL, 1.0, true, 12);
        WhitenedMoments mom = PopulationMoments.quadratic(truth, RadialLaw.gaussian(), 9);
        MomentMismatch atTruth = MomentMismatch.of(truth.rotated(haar(3, 1, false)), RadialLaw.gaussian(), mom);
        assertTrue(atTruth.mean() < 1e-13 && atTruth.covariance() < 1e-13 && atTruth.third() < 1e-11,
                atTruth.toString());
        MomentMismatch wrongLaw = MomentMismatch.of(truth, RadialLaw.chi(2), mom);
        assertTrue(wrongLaw.covariance() > 1e-3 && wrongLaw.third() > 1e-2, wrongLaw.toString());
    }
}
