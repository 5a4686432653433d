package io.polymoments.learn.quadratic;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiStartRefinementTest {

    /** Whitened truth for d &lt; k: the first d rows of a Haar frame of Sym(r), /√2. */
    static double[] partialFrame(int r, int d, Random rng) {
        int k = Frames.tri(r);
        double[] full = Frames.homogeneousFrame(r, rng);
        return Arrays.copyOf(full, d * k);
    }

    @Test
    void recoversUnderdeterminedFrameAboveTheCountingBound() {
        int r = 3;
        int d = 4;   // k = 6 > d; 34 moment equations vs 21 unknowns (docs/quadratic.md §14.6: reach 1.00)
        Random rng = new Random(41);
        double[] truth = partialFrame(r, d, rng);
        double[] t = Frames.thirdMoment(truth, d, r);
        double[] nu = Frames.traces(truth, d, r);
        MultiStartResult res = new MultiStartRefinement().withNStarts(8).withSeed(3).refineHomogeneous(nu, t, d, r);
        assertTrue(res.countingBoundSatisfied());
        assertEquals(34, res.momentEquations());
        assertEquals(21, res.unknowns());
        assertEquals(8, res.nStarts());
        assertTrue(res.nReachingBest() >= 2, res.diagnostic());
        double err = Frames.procrustesError(truth, res.best().z(), d, r, 10, new Random(1));
        assertTrue(err < 1e-8, "aligned error " + err + "; " + res.diagnostic());
        for (double v : res.finalValues()) {
            assertTrue(v >= res.finalValues()[res.bestStart()]);
        }
    }

    @Test
    void flagsTheCountingBound() {
        int r = 3;
        int d = 2;   // 9 equations vs 9 unknowns: not identified (docs/quadratic.md §14.6: error 0.22 at objective 0)
        Random rng = new Random(42);
        double[] truth = partialFrame(r, d, rng);
        MultiStartResult res = new MultiStartRefinement().withNStarts(3)
                .refineHomogeneous(Frames.traces(truth, d, r), Frames.thirdMoment(truth, d, r), d, r);
        assertFalse(res.countingBoundSatisfied());
        assertTrue(res.diagnostic().contains("counting bound"), res.diagnostic());
    }

    @Test
    void orthonormalStartsAreCovarianceMatchedAndSeedsAreReproducible() {
        int r = 3;
        int d = 5;
        Random rng = new Random(43);
        double[] truth = partialFrame(r, d, rng);
        double[] t = Frames.thirdMoment(truth, d, r);
        double[] nu = Frames.traces(truth, d, r);
        MultiStartRefinement ms = new MultiStartRefinement().withNStarts(3).withSeed(9)
                .withInit(MultiStartRefinement.Init.ORTHONORMAL);
        MultiStartResult a = ms.refineHomogeneous(nu, t, d, r);
        MultiStartResult b = ms.refineHomogeneous(nu, t, d, r);
        assertTrue(Arrays.equals(a.finalValues(), b.finalValues()), "same seed, same runs");
        // the first stage starts from an exactly covariance-matched frame: zero covariance residual
        assertEquals(0.0, a.best().stages().get(0).start().covariance(), 1e-13);
    }

    @Test
    void affineStartsKeepTheCornerFrozenAndRecoverTheFrame() {
        int r = 2;
        int rb = 3;
        int m = Frames.tri(rb) - 1;
        Random rng = new Random(44);
        double[] truth = Frames.affineFrame(r, rng);
        double[] t = Frames.thirdMoment(truth, m, rb);
        for (MultiStartRefinement.Init init : MultiStartRefinement.Init.values()) {
            MultiStartResult res = new MultiStartRefinement().withNStarts(6).withInit(init).refineAffine(t, m, r);
            double err = Frames.alignedError(truth, res.best().z(), m, rb);
            assertTrue(err <= 1e-9, init + ": aligned error " + err + "; " + res.diagnostic());
            if (init == MultiStartRefinement.Init.ORTHONORMAL) {
                assertEquals(0.0, res.best().stages().get(0).start().covariance(), 1e-13);
            }
            assertTrue(res.countingBoundSatisfied(), res.diagnostic());
        }
    }
}
