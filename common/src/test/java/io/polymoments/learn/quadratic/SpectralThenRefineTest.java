package io.polymoments.learn.quadratic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.metrics.ParameterError;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.QuadraticTransform.Structure;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.WhitenedMoments;
import org.junit.jupiter.api.Test;

/**
 * Finite samples, end to end in common/: sample → moments → rank decision → spectral step → refinement (branch optim)
 * → map back. The spectral output is consumed by {@link QuadraticRefinement} as is.
 */
class SpectralThenRefineTest {

    private static double[] run(QuadraticTransform truth, RadialLaw law, ModelClass forced, int n, long seed) {
        int d = truth.d();
        double[] y = truth.sample(n, seed, law);
        // rank decision on the sample covariance (the Gaussian classes are told apart by the rank alone)
        WhitenedMoments full = LearnerPropertiesTest.sampleMoments(y, n, d, 1);
        RankDecision dec = RankSelector.decide(full.eigenvalues(), null, forced);
        WhitenedMoments mom = LearnerPropertiesTest.sampleMoments(y, n, d, dec.m());
        SpectralFit fit = SpectralLearner.fit(mom, dec.modelClass(), dec.r(), JordanFrame.Options.defaults());
        QuadraticRefinement refinement = new QuadraticRefinement();
        RefinementResult ref = dec.modelClass() == ModelClass.AFFINE
                ? refinement.refineAffine(fit.targetThird(), fit.whitenedFrame(), fit.m(), fit.r())
                : refinement.refineHomogeneous(fit.targetMean(), fit.targetThird(), fit.whitenedFrame(), fit.m(),
                        fit.r());
        QuadraticTransform refined = fit.toModel(ref.z());
        assertEquals(forced == null ? (truth.hasLinearPart() ? ModelClass.AFFINE : ModelClass.HOMOGENEOUS) : forced,
                dec.modelClass());
        assertEquals(truth.r(), dec.r());
        return new double[] {ParameterError.of(fit.model(), truth).relative(),
                ParameterError.of(refined, truth).relative()};
    }

    @Test
    void homogeneousGaussian() {
        QuadraticTransform truth = QuadraticTransform.random(4, 20, Structure.LOWRANK, 1.0, false, 31);
        double[] e = run(truth, RadialLaw.gaussian(), null, 100_000, 1L);
        assertTrue(e[0] < 0.05 && e[1] < 0.03 && e[1] < e[0], java.util.Arrays.toString(e));
    }

    @Test
    void affineGaussian() {
        QuadraticTransform truth = QuadraticTransform.random(3, 12, Structure.LOWRANK, 1.0, true, 32);
        double[] e = run(truth, RadialLaw.gaussian(), null, 100_000, 2L);
        assertTrue(e[0] < 0.15 && e[1] < 0.04 && e[1] < e[0], java.util.Arrays.toString(e));
    }

    @Test
    void rotationInvariantInput() {
        QuadraticTransform truth = QuadraticTransform.random(3, 12, Structure.LOWRANK, 1.0, false, 33);
        RadialLaw law = RadialLaw.parse("mix:0.3,1.7:0.5,0.5");
        double[] e = run(truth, law, ModelClass.ROTATION_INVARIANT, 100_000, 3L);
        assertTrue(e[0] < 0.08 && e[1] < 0.08, java.util.Arrays.toString(e));
    }
}
