package io.polymoments.learn.quadratic;

import io.polymoments.InvalidInputException;
import io.polymoments.learn.gof.DirectionalFourthMoments;
import io.polymoments.learn.gof.FitVerdict;
import io.polymoments.metrics.ParameterError;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.DirectionalSums;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.SplitHalfSketch;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The facade on sketches built exactly as the Spark passes build them (block accumulators, split halves,
 * directional sums), without Spark: model-order decisions, accuracy against the figures of docs/quadratic.md §14, the
 * verdicts on data that are not quadratic, and the multi-start regime.
 */
class QuadraticLearnerTest {
    private static final int BLOCK = 1000;

    /** Pass 1 → plan → pass 2 over row-major n×d data. */
    private static SketchBundle passes(double[] y, int d, QuadraticLearner.Plan plan) {
        int n = y.length / d;
        int m = plan.m();
        SketchAccumulator p1 = new SketchAccumulator(2, d, null, BLOCK);
        DirectionalSums dirs = DirectionalSums.empty(m, DirectionalFourthMoments.randomDirections(m, 20, 77), 32);
        SketchAccumulator p2 = new SketchAccumulator(3, d, plan.whitening(), BLOCK, dirs);
        for (int s = 0; s < n; s++) {
            p1.add(y, s * d);
            p2.add(y, s * d);   // rows are copied into the accumulator's block buffer
        }
        return new SketchBundle(p1.finish(), p2.finish(), p2.directional(), 0);
    }

    private static QuadraticLearner.Plan plan(double[] y, int d, QuadraticLearner.Options o) {
        SketchAccumulator p1 = new SketchAccumulator(2, d, null, BLOCK);
        for (int s = 0; s < y.length / d; s++) {
            p1.add(y, s * d);
        }
        SplitHalfSketch sk = p1.finish();
        return QuadraticLearner.plan(sk.total(), o);
    }

    private static QuadraticFit fit(double[] y, int d, QuadraticLearner.Options o) {
        QuadraticLearner.Plan plan = plan(y, d, o);
        return QuadraticLearner.fit(passes(y, d, plan), plan, o);
    }

    @Test
    void homogeneousModelIsDecidedFittedAndCertified() {
        QuadraticTransform truth = QuadraticTransform.random(3, 12, QuadraticTransform.Structure.LOWRANK, 1.0, false, 11);
        int n = 100_000;
        QuadraticFit fit = fit(truth.sample(n, 3, RadialLaw.gaussian()), 12, QuadraticLearner.Options.defaults());
        assertEquals(ModelClass.HOMOGENEOUS, fit.modelClass());
        assertEquals(3, fit.r());
        assertEquals(6, fit.m());
        assertEquals(n, fit.n());
        assertEquals("spectral+refinement", fit.method());
        double err = ParameterError.of(fit.model(), truth).relative();
        // docs/quadratic.md §14.3 (r = 3, d = 12, lowrank, rho = 1): 0.0063 at n = 1e5; allow 3x for one data set
        assertTrue(err < 0.02, "error " + err);
        assertEquals(FitVerdict.FITS, fit.verdict(), fit.goodnessOfFit().summary());
        assertEquals(2, fit.refinement().stages().size());
        for (RefinementStage s : fit.refinement().stages()) {
            assertEquals(s.iterations(), s.trace().size(), "one residual record per iteration");
        }
        assertTrue(fit.timings().keySet().containsAll(java.util.List.of("plan", "spectral", "refinement",
                "goodnessOfFit")), fit.timings().toString());
        assertTrue(fit.goodnessOfFit().kappa4Empirical().length == 20, "the kappa4 check ran");
    }

    @Test
    void affineModelIsDecidedFromTheSpectrum() {
        QuadraticTransform truth = QuadraticTransform.random(2, 8, QuadraticTransform.Structure.RANDOM, 1.0, true, 4);
        QuadraticFit fit = fit(truth.sample(100_000, 5, RadialLaw.gaussian()), 8, QuadraticLearner.Options.defaults());
        assertEquals(ModelClass.AFFINE, fit.modelClass());
        assertEquals(2, fit.r());
        assertEquals(5, fit.m());
        double err = ParameterError.of(fit.model(), truth).relative();
        assertTrue(err < 0.03, "error " + err);
        assertEquals(FitVerdict.FITS, fit.verdict(), fit.goodnessOfFit().summary());
    }

    @Test
    void gaussianDataAreNeverReportedAsFitting() {
        Random rng = new Random(8);
        int d = 6;
        int n = 100_000;
        double[] y = new double[n * d];
        for (int i = 0; i < y.length; i++) {
            y[i] = 2.0 + rng.nextGaussian() * (1 + i % d);
        }
        // d = 6 = tri(3): the full-rank covariance makes the selector pick r = 3 with no gap to check
        QuadraticFit auto = fit(y, d, QuadraticLearner.Options.defaults());
        assertEquals(FitVerdict.NEAR_GAUSSIAN_CANNOT_IDENTIFY, auto.verdict(), auto.goodnessOfFit().summary());
        QuadraticFit forced = fit(y, d, QuadraticLearner.Options.defaults().withRank(2));
        assertEquals(FitVerdict.NEAR_GAUSSIAN_CANNOT_IDENTIFY, forced.verdict(), forced.goodnessOfFit().summary());
    }

    @Test
    void aCubicMapIsNotReportedAsFitting() {
        QuadraticTransform quad = QuadraticTransform.random(3, 12, QuadraticTransform.Structure.RANDOM, 1.0, false, 21);
        int n = 100_000;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(6);
        double[] x = quad.sampleInputs(n, rng, RadialLaw.gaussian());
        double[] y = quad.apply(x, n);
        Random coef = new Random(2);
        double[] a = new double[12];
        for (int i = 0; i < 12; i++) {
            a[i] = coef.nextGaussian();
        }
        for (int s = 0; s < n; s++) {
            double x0 = x[s * 3];
            for (int i = 0; i < 12; i++) {
                y[s * 12 + i] += 0.3 * a[i] * x0 * x0 * x0;
            }
        }
        QuadraticFit fit = fit(y, 12, QuadraticLearner.Options.defaults().withRank(3)
                .withModelClass(ModelClass.HOMOGENEOUS));
        assertNotEquals(FitVerdict.FITS, fit.verdict(), fit.goodnessOfFit().summary());
        assertEquals(FitVerdict.DOES_NOT_FIT, fit.verdict(), fit.goodnessOfFit().summary());
    }

    @Test
    void belowTheSpectralRegimeTheLearnerUsesMultiStart() {
        QuadraticTransform truth = QuadraticTransform.random(3, 5, QuadraticTransform.Structure.RANDOM, 1.0, false, 3);
        QuadraticFit fit = fit(truth.sample(50_000, 1, RadialLaw.gaussian()), 5,
                QuadraticLearner.Options.defaults().withRank(3));
        assertEquals("multi-start", fit.method());
        assertEquals(5, fit.m());
        assertNull(fit.spectral());
        assertTrue(fit.multiStart().nStarts() == 20);
        assertTrue(fit.notes().stream().anyMatch(s -> s.contains("moment equations")), fit.notes().toString());
        assertTrue(fit.decision().reason().contains("no spectral method"), fit.decision().reason());
    }

    @Test
    void aSketchWhitenedAtAnotherRankIsRejectedWithTheRankToUse() {
        QuadraticTransform truth = QuadraticTransform.random(3, 12, QuadraticTransform.Structure.RANDOM, 1.0, false, 1);
        double[] y = truth.sample(5_000, 2, RadialLaw.gaussian());
        QuadraticLearner.Plan r2 = plan(y, 12, QuadraticLearner.Options.defaults().withRank(2));
        SketchBundle whitenedAt3 = passes(y, 12, r2);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> QuadraticLearner.fit(whitenedAt3, QuadraticLearner.Options.defaults()));
        assertTrue(e.getMessage().contains("--rank 6"), e.getMessage());
    }

    @Test
    void fitFromTheSameBundleWithoutAPlanEqualsTheFitWithIt() {
        QuadraticTransform truth = QuadraticTransform.random(2, 6, QuadraticTransform.Structure.EQUAL, 0.5, false, 9);
        double[] y = truth.sample(20_000, 4, RadialLaw.gaussian());
        QuadraticLearner.Options o = QuadraticLearner.Options.defaults();
        QuadraticLearner.Plan plan = plan(y, 6, o);
        SketchBundle bundle = passes(y, 6, plan);
        QuadraticFit a = QuadraticLearner.fit(bundle, plan, o);
        QuadraticFit b = QuadraticLearner.fit(bundle, o);
        assertEquals(0.0, io.polymoments.linalg.Matrices.distance(a.model().q(), b.model().q()));
        assertEquals(0.0, io.polymoments.linalg.Matrices.distance(a.model().c(), b.model().c()));
    }

    @Test
    void rotationInvariantInputIsFittedWithItsRadialMoments() {
        QuadraticTransform truth = QuadraticTransform.random(3, 12, QuadraticTransform.Structure.RANDOM, 1.0, false, 5);
        RadialLaw law = RadialLaw.chi(8);   // s² ~ r·χ²_8/8: lighter tails than the Gaussian radius
        QuadraticFit fit = fit(truth.sample(200_000, 7, law), 12,
                QuadraticLearner.Options.defaults().withInputLaw(InputLaw.ROTATION_INVARIANT));
        assertEquals(ModelClass.ROTATION_INVARIANT, fit.modelClass());
        assertEquals(3, fit.r());
        assertEquals(law.alpha(2, 3), fit.alpha2(), 0.05 * law.alpha(2, 3));
        double err = ParameterError.of(fit.model(), truth).relative();
        assertTrue(err < 0.05, "error " + err);
        assertEquals(FitVerdict.FITS, fit.verdict(), fit.goodnessOfFit().summary());
    }

    @Test
    void optionsAreValidatedWithTheirNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuadraticLearner.Options.defaults().withRank(0));
        assertTrue(e.getMessage().contains("rank"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QuadraticLearner.Options.defaults().withMaxIter(0));
        assertTrue(e.getMessage().contains("maxIter"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QuadraticLearner.Options.defaults()
                .withInputLaw(InputLaw.ROTATION_INVARIANT).withModelClass(ModelClass.AFFINE));
        assertTrue(e.getMessage().contains("homogeneous"), e.getMessage());
        assertEquals(InputLaw.ROTATION_INVARIANT, InputLaw.parse("rotation-invariant"));
    }
}
