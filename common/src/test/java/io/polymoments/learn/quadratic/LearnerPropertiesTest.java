package io.polymoments.learn.quadratic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.linalg.Blas;
import io.polymoments.metrics.ParameterError;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.QuadraticTransform.Structure;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.PopulationMoments;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.tensor.Svec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LearnerPropertiesTest {

    static double[] haar(int r, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] g = new double[r * r];
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.nextGaussian();
        }
        return JordanFrame.polar(g, r);
    }

    @ParameterizedTest(name = "r={0} law={1}")
    @CsvSource({"3, chi:1", "3, 'mix:0.3,1.7:0.5,0.5'", "5, chi:1", "5, 'mix:0.3,1.7:0.5,0.5'", "5, chi:20",
            "4, gaussian"})
    void rotationInvariantRecoveryFromExactMoments(int r, String lawSpec) {
        RadialLaw law = RadialLaw.parse(lawSpec);
        int k = Svec.tri(r);
        QuadraticTransform truth = QuadraticTransform.random(r, 2 * k, Structure.LOWRANK, 1.0, false, 7L * r);
        WhitenedMoments mom = PopulationMoments.quadratic(truth, law, k);
        SpectralFit fit = SpectralLearner.rotationInvariant(mom, r, JordanFrame.Options.defaults());
        double err = ParameterError.of(fit.model(), truth).relative();
        assertTrue(err < 1e-9, "rotation-invariant error " + err);
        assertEquals(law.alpha(2, r), fit.alpha2(), 1e-9 * law.alpha(2, r));
        assertEquals(law.alpha(3, r), fit.alpha3(), 1e-8 * law.alpha(3, r));
        assertEquals(r, fit.diagnostics().identityNorm2(), 1e-8);
        // the frame/map-back handed to the refinement reproduce the same model
        assertTrue(ParameterError.of(fit.toModel(fit.whitenedFrame()), truth).relative() < 1e-9);
        if (!law.isGaussian()) {
            double gaussErr = ParameterError.of(
                    SpectralLearner.homogeneous(mom, r, JordanFrame.Options.defaults()).model(), truth).relative();
            assertTrue(gaussErr > 0.05, "the Gaussian algorithm should be biased here, got " + gaussErr);
        }
    }

    @Test
    void smallestLatentDimensions() {
        for (ModelClass cls : ModelClass.values()) {
            for (int r = 1; r <= 2; r++) {
                if (cls == ModelClass.ROTATION_INVARIANT && r == 1) {
                    continue;
                }
                RadialLaw law = cls == ModelClass.ROTATION_INVARIANT ? RadialLaw.chi(1) : RadialLaw.gaussian();
                QuadraticTransform truth = QuadraticTransform.random(r, 6, Structure.RANDOM, 1.0, cls == ModelClass.AFFINE,
                        3);
                WhitenedMoments mom = PopulationMoments.quadratic(truth, law, cls.rank(r));
                RankDecision dec = RankSelector.decide(mom.eigenvalues(), null,
                        cls == ModelClass.ROTATION_INVARIANT ? cls : null);
                assertEquals(cls, dec.modelClass());
                assertEquals(r, dec.r());
                SpectralFit fit = SpectralLearner.fit(mom, cls, r, JordanFrame.Options.defaults());
                assertTrue(ParameterError.of(fit.model(), truth).relative() < 1e-12, cls + " r=" + r);
                if (cls == ModelClass.ROTATION_INVARIANT) {
                    assertEquals(law.alpha(2, r), fit.alpha2(), 1e-12);
                    assertTrue(Double.isNaN(fit.alpha3()), "alpha3 is not identifiable at r = 2");
                }
            }
        }
    }

    @Test
    void whitenedFrameReproducesTheTargetMoments() {
        for (ModelClass cls : new ModelClass[] {ModelClass.HOMOGENEOUS, ModelClass.AFFINE}) {
            int r = 4;
            boolean affine = cls == ModelClass.AFFINE;
            QuadraticTransform truth = QuadraticTransform.random(r, 30, Structure.EQUAL, 1.0, affine, 5);
            WhitenedMoments mom = PopulationMoments.quadratic(truth, RadialLaw.gaussian(), cls.rank(r));
            SpectralFit fit = SpectralLearner.fit(mom, cls, r, JordanFrame.Options.defaults());
            int rr = fit.frameSize();
            int m = fit.m();
            double[] mats = Svec.smatRows(fit.whitenedFrame(), m, rr);
            double[] t3 = io.polymoments.tensor.TraceProducts.tr3(mats, m, rr);
            double maxT = 0;
            for (int i = 0; i < t3.length; i++) {
                maxT = Math.max(maxT, Math.abs(8 * t3[i] - fit.targetThird()[i]));
            }
            assertTrue(maxT < 1e-10, "8 tr3(Z) vs target: " + maxT);
            // 2<Z_a, Z_b> = δ_ab
            int kR = Svec.tri(rr);
            double[] z = fit.whitenedFrame();
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    double dot = 0;
                    for (int j = 0; j < kR; j++) {
                        dot += z[a * kR + j] * z[b * kR + j];
                    }
                    assertEquals(a == b ? 1.0 : 0.0, 2 * dot, 1e-10);
                }
                if (affine) {
                    assertEquals(0.0, z[a * kR + r], 1e-15, "bordered corner must be 0");
                }
            }
            if (!affine) {
                assertTrue(fit.diagnostics().meanResidual() < 1e-10);
            } else {
                double[] kev = fit.diagnostics().unfoldingGramEigenvalues();
                assertEquals(2 * r + 2, kev[0], 1e-8);
                assertEquals(2 * r + 2, kev[r - 1], 1e-8);
                assertEquals(2 * r + 6, kev[r], 1e-8);
                assertEquals(4 * r + 6, kev[kev.length - 1], 1e-8);
                assertEquals(2 * r, fit.diagnostics().intertwinerEigenvalues()[1], 1e-8);
            }
        }
    }

    @Test
    void rotatingTheInputChangesNothing() {
        for (boolean affine : new boolean[] {false, true}) {
            int r = 4;
            QuadraticTransform truth = QuadraticTransform.random(r, 24, Structure.LOWRANK, 1.0, affine, 13);
            QuadraticTransform rotated = truth.rotated(haar(r, 99));
            int m = affine ? Svec.tri(r) + r : Svec.tri(r);
            ModelClass cls = affine ? ModelClass.AFFINE : ModelClass.HOMOGENEOUS;
            WhitenedMoments m1 = PopulationMoments.quadratic(truth, RadialLaw.gaussian(), m);
            WhitenedMoments m2 = PopulationMoments.quadratic(rotated, RadialLaw.gaussian(), m);
            assertTrue(io.polymoments.linalg.Matrices.distance(m1.covariance(), m2.covariance())
                    < 1e-12 * io.polymoments.linalg.Matrices.frobeniusNorm(m1.covariance()));
            QuadraticTransform f1 = SpectralLearner.fit(m1, cls, r, JordanFrame.Options.defaults()).model();
            QuadraticTransform f2 = SpectralLearner.fit(m2, cls, r, JordanFrame.Options.defaults()).model();
            assertTrue(ParameterError.of(f2, f1).relative() < 1e-10);
            assertTrue(ParameterError.of(f2, truth).relative() < 1e-10);
        }
    }

    @Test
    void permutingOutputsPermutesTheFit() {
        for (boolean affine : new boolean[] {false, true}) {
            int r = 3;
            int d = 14;
            QuadraticTransform truth = QuadraticTransform.random(r, d, Structure.EQUAL, 1.0, affine, 17);
            int[] perm = new int[d];
            for (int i = 0; i < d; i++) {
                perm[i] = (5 * i + 3) % d;
            }
            ModelClass cls = affine ? ModelClass.AFFINE : ModelClass.HOMOGENEOUS;
            QuadraticTransform fit = SpectralLearner.fit(PopulationMoments.quadratic(truth, RadialLaw.gaussian(), cls.rank(r)),
                    cls, r, JordanFrame.Options.defaults()).model();
            QuadraticTransform fitPerm = SpectralLearner.fit(
                    PopulationMoments.quadratic(truth.permuted(perm), RadialLaw.gaussian(), cls.rank(r)), cls, r,
                    JordanFrame.Options.defaults()).model();
            assertTrue(ParameterError.of(fitPerm, fit.permuted(perm)).relative() < 1e-10);
        }
    }

    @Test
    void rankDecisionOnCleanSpectra() {
        double[] lh = PopulationMoments.quadratic(QuadraticTransform.random(4, 20, Structure.LOWRANK, 1.0, false, 1),
                RadialLaw.gaussian(), 10).eigenvalues();
        RankDecision dh = RankSelector.decide(lh, null, null);
        assertEquals(ModelClass.HOMOGENEOUS, dh.modelClass());
        assertEquals(4, dh.r());
        assertEquals(10, dh.m());
        assertTrue(dh.gapRatio() > 1e10);

        double[] la = PopulationMoments.quadratic(QuadraticTransform.random(3, 20, Structure.EQUAL, 1.0, true, 2),
                RadialLaw.gaussian(), 9).eigenvalues();
        RankDecision da = RankSelector.decide(la, null, null);
        assertEquals(ModelClass.AFFINE, da.modelClass());
        assertEquals(3, da.r());
        assertEquals(9, da.m());

        // full rank with d admissible: d = 14 = tri(4) + 4 (affine, r = 4)
        double[] lf = PopulationMoments.quadratic(QuadraticTransform.random(4, 14, Structure.RANDOM, 1.0, true, 3),
                RadialLaw.gaussian(), 14).eigenvalues();
        RankDecision df = RankSelector.decide(lf, null, null);
        assertEquals(ModelClass.AFFINE, df.modelClass());
        assertEquals(4, df.r());

        // noisy spectrum: rank-6 signal over a flat noise floor 100x below
        double[] ln = {9, 7, 5, 4, 3, 2, 0.02, 0.019, 0.018, 0.017, 0.016, 0.015};
        RankDecision dn = RankSelector.decide(ln, null, null);
        assertEquals(ModelClass.HOMOGENEOUS, dn.modelClass());
        assertEquals(3, dn.r());

        // rank 7 fits neither class
        double[] l7 = {9, 7, 5, 4, 3, 2, 1, 1e-13, 1e-14, 1e-14, 1e-15, 1e-15};
        IllegalArgumentException e7 = assertThrows(IllegalArgumentException.class,
                () -> RankSelector.decide(l7, null, null));
        assertTrue(e7.getMessage().contains("neither"), e7.getMessage());

        // d < r(r+1)/2 with an override
        IllegalArgumentException es = assertThrows(IllegalArgumentException.class,
                () -> RankSelector.decide(ln, 5, ModelClass.HOMOGENEOUS));
        assertTrue(es.getMessage().contains("docs/quadratic.md section 8"), es.getMessage());

        // override honoured; class chosen by the larger gap
        RankDecision dover = RankSelector.decide(la, 3, null);
        assertEquals(ModelClass.AFFINE, dover.modelClass());
        // no structure at all: a diagnostic, not a guess
        double[] flat = {1.0, 0.9, 0.8, 0.7, 0.6, 0.55, 0.5, 0.45};
        assertThrows(IllegalArgumentException.class, () -> RankSelector.decide(flat, null, null));
    }

    @Test
    void clearErrorsOnBadInput() {
        QuadraticTransform truth = QuadraticTransform.random(3, 12, Structure.EQUAL, 1.0, false, 3);
        WhitenedMoments mom = PopulationMoments.quadratic(truth, RadialLaw.gaussian(), 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpectralLearner.affine(mom, 3, JordanFrame.Options.defaults()));
        assertTrue(e.getMessage().contains("m = 9"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> SpectralLearner.homogeneous(WhitenedMoments.whiten(mom.mean(), mom.covariance(), 12, 6), 3,
                        JordanFrame.Options.defaults()));
        assertTrue(e2.getMessage().contains("pass 2"), e2.getMessage());
        // rank 6 covariance whitened at rank 7
        assertThrows(IllegalArgumentException.class, () -> WhitenedMoments.whiten(mom.mean(), mom.covariance(), 12, 7));
    }

    /** Moments accumulated from samples, as the two Spark passes would (test-side reference, plain loops). */
    static WhitenedMoments sampleMoments(double[] y, int n, int d, int m) {
        double[] mean = new double[d];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                mean[i] += y[s * d + i];
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= n;
        }
        double[] yc = new double[n * d];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                yc[s * d + i] = y[s * d + i] - mean[i];
            }
        }
        double[] cov = new double[d * d];
        Blas.gemm(false, true, d, d, n, 1.0 / n, yc, 0, d, yc, 0, d, 0.0, cov, 0, d);
        io.polymoments.linalg.Matrices.symmetrizeInPlace(cov, d);
        WhitenedMoments wm = WhitenedMoments.whiten(mean, cov, d, m);
        double[] z = new double[m * n];
        Blas.gemm(true, false, m, n, d, 1.0, wm.w(), 0, d, yc, 0, d, 0.0, z, 0, m);
        double[] t = new double[m * m * m];
        for (int s = 0; s < n; s++) {
            int o = s * m;
            for (int c = 0; c < m; c++) {
                for (int b = 0; b < m; b++) {
                    double zbc = z[o + b] * z[o + c];
                    for (int a = 0; a < m; a++) {
                        t[a + m * b + m * m * c] += z[o + a] * zbc;
                    }
                }
            }
        }
        for (int i = 0; i < t.length; i++) {
            t[i] /= n;
        }
        return wm.withThirdMoment(t);
    }

    @Test
    void errorShrinksWithSampleSize() {
        int r = 3;
        int d = 12;
        QuadraticTransform truth = QuadraticTransform.random(r, d, Structure.LOWRANK, 1.0, false, 21);
        double prev = Double.POSITIVE_INFINITY;
        double[] errs = new double[3];
        int[] ns = {3_000, 30_000, 300_000};
        for (int t = 0; t < ns.length; t++) {
            double[] y = truth.sample(ns[t], 1000L + t, RadialLaw.gaussian());
            WhitenedMoments mom = sampleMoments(y, ns[t], d, Svec.tri(r));
            RankDecision dec = RankSelector.decide(mom.eigenvalues(), null, null);
            assertEquals(ModelClass.HOMOGENEOUS, dec.modelClass());
            assertEquals(r, dec.r());
            errs[t] = ParameterError.of(SpectralLearner.homogeneous(mom, r, JordanFrame.Options.defaults()).model(),
                    truth).relative();
        }
        // ~ c/√n: a factor 10 in n should give about √10 ≈ 3.2 less error; allow wide slack
        assertTrue(errs[2] < errs[0] / 3, java.util.Arrays.toString(errs));
        assertTrue(errs[2] < 0.03, java.util.Arrays.toString(errs));
    }
}
