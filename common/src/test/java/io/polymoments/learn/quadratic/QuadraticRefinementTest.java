package io.polymoments.learn.quadratic;

import io.polymoments.learn.optim.LevenbergMarquardt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuadraticRefinementTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void homogeneousRecoversExactFrameFromPerturbedStart(int r) {
        Random rng = new Random(100 + r);
        int m = Frames.tri(r);
        double[] truth = Frames.homogeneousFrame(r, rng);
        double[] t = Frames.thirdMoment(truth, m, r);
        double[] nu = Frames.traces(truth, m, r);
        double[] start = Frames.perturb(truth, 0.03, rng);
        assertTrue(Frames.alignedError(truth, start, m, r) > 1e-2, "start must be genuinely perturbed");

        RefinementResult res = new QuadraticRefinement().refineHomogeneous(nu, t, start, m, r);

        double err = Frames.alignedError(truth, res.z(), m, r);
        assertTrue(err <= 1e-9, "aligned error " + err);
        assertEquals(2, res.stages().size());
        assertEquals(MomentWeights.UNIFORM, res.stages().get(0).weights());
        assertEquals(MomentWeights.COVARIANCE_ENFORCED, res.stages().get(1).weights());
        for (RefinementStage s : res.stages()) {
            double[] h = s.optimization().history();
            assertEquals(s.iterations() + 1, h.length);
            assertEquals(s.start().value(), h[0], 1e-12 * h[0]);
            assertTrue(s.end().value() <= s.start().value());
        }
        assertTrue(res.finalResiduals().thirdMoment() < 1e-9, "residual " + res.finalResiduals());
    }

    @Test
    void homogeneousRecoveryIsInvariantToARotatedTruth() {
        // the truth rotated by a random O ∈ O(r) has the same moments, so the fit must land in the same orbit
        int r = 3;
        int m = 6;
        Random rng = new Random(5);
        double[] truth = Frames.homogeneousFrame(r, rng);
        double[] t = Frames.thirdMoment(truth, m, r);
        double[] nu = Frames.traces(truth, m, r);
        double[] start = Frames.perturb(truth, 0.03, rng);
        RefinementResult res = new QuadraticRefinement().refineHomogeneous(nu, t, start, m, r);
        assertTrue(Frames.alignedError(truth, res.z(), m, r) <= 1e-9);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void affineRecoversExactBorderedFrame(int r) {
        Random rng = new Random(200 + r);
        int rb = r + 1;
        int m = Frames.tri(rb) - 1;
        double[] truth = Frames.affineFrame(r, rng);
        double[] t = Frames.thirdMoment(truth, m, rb);
        double[] start = Frames.perturb(truth, 0.03, rng);
        RefinementResult res = new QuadraticRefinement().refineAffine(t, start, m, r);
        double err = Frames.alignedError(truth, res.z(), m, rb);
        assertTrue(err <= 1e-9, "aligned error " + err);
        assertTrue(res.affine());
        // quadratic / linear parts reassemble to the bordered frame
        double[] again = BorderedFrames.bordered(res.quadraticPart(), res.linearPart(), m, r);
        for (int i = 0; i < again.length; i++) {
            assertEquals(res.z()[i], again[i], 1e-15);
        }
    }

    @Test
    void levenbergMarquardtReachesTheSameOptimum() {
        int r = 3;
        int m = 6;
        Random rng = new Random(31);
        double[] truth = Frames.homogeneousFrame(r, rng);
        double[] t = Frames.thirdMoment(truth, m, r);
        double[] nu = Frames.traces(truth, m, r);
        // a noisy third moment: the optimum has a non-zero residual, both solvers must agree on it
        double[] noisy = t.clone();
        double[] noise = MomentMatchingObjectiveTest.randomSymmetricTensor(m, rng);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += 0.01 * noise[i];
        }
        double[] start = Frames.perturb(truth, 0.03, rng);
        RefinementResult viaLbfgs = new QuadraticRefinement().refineHomogeneous(nu, noisy, start, m, r);
        RefinementResult viaLm = new QuadraticRefinement()
                .withSolver(QuadraticRefinement.Solver.LEVENBERG_MARQUARDT)
                .refineHomogeneous(nu, noisy, start, m, r);
        double fA = viaLbfgs.finalResiduals().value();
        double fB = viaLm.finalResiduals().value();
        assertTrue(fA > 1e-6, "non-zero residual problem");
        assertEquals(fA, fB, 1e-9 * fA);
        // same point up to O(r): compare the O(r)-invariant model moments (traces, Gram, 8 tr3)
        assertClose(Frames.traces(viaLbfgs.z(), m, r), Frames.traces(viaLm.z(), m, r), 1e-7);
        assertClose(Frames.thirdMoment(viaLbfgs.z(), m, r), Frames.thirdMoment(viaLm.z(), m, r), 1e-7);
        assertClose(gram(viaLbfgs.z(), m, Frames.tri(r)), gram(viaLm.z(), m, Frames.tri(r)), 1e-7);
        for (RefinementStage s : viaLm.stages()) {
            double[] h = s.optimization().history();
            for (int i = 1; i < h.length; i++) {
                assertTrue(h[i] <= h[i - 1], "LM cost increased");
            }
        }
    }

    /**
     * The default matrix-free Gauss–Newton and L-BFGS (with its polish) end at the same optimum of noisy moments, in
     * the homogeneous model and in the affine one with its frozen corners.
     */
    @Test
    void gaussNewtonReachesTheLbfgsOptimumOnNoisyMoments() {
        Random rng = new Random(36);
        for (boolean affine : new boolean[] {false, true}) {
            int r = affine ? 2 : 3;
            int rr = affine ? r + 1 : r;
            int m = affine ? Frames.tri(rr) - 1 : Frames.tri(r);
            double[] truth = affine ? Frames.affineFrame(r, rng) : Frames.homogeneousFrame(r, rng);
            double[] t = Frames.thirdMoment(truth, m, rr);
            double[] noise = MomentMatchingObjectiveTest.randomSymmetricTensor(m, rng);
            for (int i = 0; i < t.length; i++) {
                t[i] += 0.01 * noise[i];
            }
            double[] nu = Frames.traces(truth, m, rr);
            double[] start = Frames.perturb(truth, 0.03, rng);
            QuadraticRefinement gn = new QuadraticRefinement();
            QuadraticRefinement lbfgs = gn.withSolver(QuadraticRefinement.Solver.LBFGS);
            RefinementResult a = affine ? gn.refineAffine(t, start, m, r) : gn.refineHomogeneous(nu, t, start, m, r);
            RefinementResult b = affine ? lbfgs.refineAffine(t, start, m, r)
                    : lbfgs.refineHomogeneous(nu, t, start, m, r);
            double fA = a.finalResiduals().value();
            assertTrue(fA > 1e-6, "non-zero residual problem");
            assertEquals(b.finalResiduals().value(), fA, 1e-12 * fA, "affine=" + affine);
            assertClose(Frames.thirdMoment(a.z(), m, rr), Frames.thirdMoment(b.z(), m, rr), 1e-9);
            assertClose(gram(a.z(), m, Frames.tri(rr)), gram(b.z(), m, Frames.tri(rr)), 1e-9);
            for (RefinementStage s : a.stages()) {
                assertTrue(s.optimization().stopReason().converged(), s.optimization().stopReason().toString());
            }
        }
    }

    @Test
    void levenbergMarquardtExactRecovery() {
        int r = 3;
        int m = 6;
        Random rng = new Random(32);
        double[] truth = Frames.homogeneousFrame(r, rng);
        double[] start = Frames.perturb(truth, 0.03, rng);
        RefinementResult res = new QuadraticRefinement()
                .withSolver(QuadraticRefinement.Solver.LEVENBERG_MARQUARDT)
                .withLevenbergMarquardt(new LevenbergMarquardt().withNIterMax(100))
                .refineHomogeneous(Frames.traces(truth, m, r), Frames.thirdMoment(truth, m, r), start, m, r);
        assertTrue(Frames.alignedError(truth, res.z(), m, r) <= 1e-9);
    }

    @Test
    void residualTraceFollowsTheObjectiveHistory() {
        int r = 3;
        int m = 6;
        Random rng = new Random(34);
        double[] truth = Frames.homogeneousFrame(r, rng);
        for (QuadraticRefinement.Solver solver : QuadraticRefinement.Solver.values()) {
            RefinementResult res = new QuadraticRefinement().withSolver(solver).withResidualTrace(true)
                    .refineHomogeneous(Frames.traces(truth, m, r), Frames.thirdMoment(truth, m, r),
                            Frames.perturb(truth, 0.05, rng), m, r);
            for (RefinementStage s : res.stages()) {
                assertEquals(s.iterations(), s.trace().size(), solver.toString());
                double[] h = s.optimization().history();
                for (int i = 0; i < s.trace().size(); i++) {
                    assertEquals(h[i + 1], s.trace().get(i).value(), 1e-12 * h[0] + 1e-300, "iteration " + i);
                }
            }
        }
        RefinementResult plain = new QuadraticRefinement().refineHomogeneous(Frames.traces(truth, m, r),
                Frames.thirdMoment(truth, m, r), Frames.perturb(truth, 0.05, rng), m, r);
        assertTrue(plain.stages().get(0).trace().isEmpty());
    }

    @Test
    void scheduleMaySwitchTheMeanTermOn() {
        int r = 3;
        int m = 6;
        Random rng = new Random(35);
        double[] truth = Frames.homogeneousFrame(r, rng);
        double[] nu = Frames.traces(truth, m, r);
        double[] t = Frames.thirdMoment(truth, m, r);
        RefinementResult res = new QuadraticRefinement()
                .withSchedule(List.of(new MomentWeights(0, 1, 1), MomentWeights.COVARIANCE_ENFORCED))
                .refineHomogeneous(nu, t, Frames.perturb(truth, 0.03, rng), m, r);
        assertTrue(Frames.alignedError(truth, res.z(), m, r) <= 1e-9);
        MomentMatchingObjective noMean = MomentMatchingObjective.homogeneous(null, t, m, r, new MomentWeights(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> noMean.withWeights(MomentWeights.UNIFORM));
    }

    @Test
    void singleStageScheduleIsHonoured() {
        int r = 2;
        int m = 3;
        Random rng = new Random(33);
        double[] truth = Frames.homogeneousFrame(r, rng);
        RefinementResult res = new QuadraticRefinement().withSchedule(List.of(MomentWeights.COVARIANCE_ENFORCED))
                .refineHomogeneous(Frames.traces(truth, m, r), Frames.thirdMoment(truth, m, r),
                        Frames.perturb(truth, 0.01, rng), m, r);
        assertEquals(1, res.stages().size());
        assertTrue(Frames.alignedError(truth, res.z(), m, r) <= 1e-9);
    }

    static double[] gram(double[] z, int m, int k) {
        double[] g = new double[m * m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                for (int p = 0; p < k; p++) {
                    g[a + m * b] += 2 * z[a * k + p] * z[b * k + p];
                }
            }
        }
        return g;
    }

    static void assertClose(double[] x, double[] y, double tol) {
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(x[i] - y[i]));
        }
        assertTrue(worst < tol, "max difference " + worst);
    }
}
