package io.polymoments.learn.quadratic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.metrics.ParameterError;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.QuadraticTransform.Structure;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.PopulationMoments;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.tensor.Svec;
import org.junit.jupiter.api.Test;

/**
 * The benchmark sizes (r = 10, d = 200, k = 55; r = 12, k = 78): exact recovery from exact moments, by the spectral
 * step alone for every model class and through the learner's refinement.
 */
class DriverScaleTest {

    @Test
    void homogeneousAndAffineAtBenchmarkSize() {
        int r = 10;
        int d = 200;
        for (ModelClass cls : new ModelClass[] {ModelClass.HOMOGENEOUS, ModelClass.AFFINE, ModelClass.ROTATION_INVARIANT}) {
            RadialLaw law = cls == ModelClass.ROTATION_INVARIANT ? RadialLaw.chi(4) : RadialLaw.gaussian();
            QuadraticTransform truth = QuadraticTransform.random(r, d, Structure.LOWRANK, 1.0, cls == ModelClass.AFFINE,
                    2024);
            int m = cls.rank(r);
            WhitenedMoments exact = PopulationMoments.quadratic(truth, law, m);
            SymmetricEigen eig = SymmetricEigen.of(exact.covariance(), d);
            RankDecision dec = RankSelector.decide(eig.values(), null,
                    cls == ModelClass.ROTATION_INVARIANT ? ModelClass.ROTATION_INVARIANT : null);
            WhitenedMoments mom = WhitenedMoments.whiten(exact.mean(), exact.covariance(), d, eig, dec.m())
                    .withThirdMoment(exact.z3());
            SpectralFit fit = SpectralLearner.fit(mom, dec.modelClass(), dec.r(), JordanFrame.Options.defaults());
            double err = ParameterError.of(fit.model(), truth).relative();
            assertTrue(dec.modelClass() == cls && dec.r() == r, dec.toString());
            assertTrue(err < 1e-9, "error " + err);
        }
        int k = Svec.tri(r);
        assertTrue(k == 55);
    }

    /**
     * r = 12 (k = 78, 6084 parameters): the spectral step, then the learner's refinement from the spectral frame and
     * from that frame perturbed by 1e-3 (the refinement's own convergence at this size), each recovering the truth to
     * 1e-9; the same seed gives the same fit bit for bit.
     */
    @Test
    void homogeneousAtR12RecoversExactlyThroughTheRefinement() {
        int r = 12;
        int d = 160;
        QuadraticTransform truth = QuadraticTransform.random(r, d, Structure.LOWRANK, 1.0, false, 12);
        int m = Svec.tri(r);
        WhitenedMoments exact = PopulationMoments.quadratic(truth, RadialLaw.gaussian(), m);
        SymmetricEigen eig = SymmetricEigen.of(exact.covariance(), d);
        RankDecision dec = RankSelector.decide(eig.values(), null, null);
        assertTrue(dec.modelClass() == ModelClass.HOMOGENEOUS && dec.r() == r, dec.toString());
        WhitenedMoments mom = WhitenedMoments.whiten(exact.mean(), exact.covariance(), d, eig, m)
                .withThirdMoment(exact.z3());
        SpectralFit spectral = SpectralLearner.fit(mom, dec, JordanFrame.Options.defaults().withSeed(7));
        QuadraticRefinement refinement = new QuadraticRefinement();
        double[] start = spectral.whitenedFrame();
        double[] perturbed = Frames.perturb(start, 1e-3, new java.util.Random(12));
        for (double[] z0 : new double[][] {start, perturbed}) {
            RefinementResult a = refinement.refineHomogeneous(spectral.targetMean(), spectral.targetThird(), z0, m, r);
            double err = ParameterError.of(spectral.toModel(a.z()), truth).relative();
            assertTrue(err < 1e-9, "error " + err + " after " + a.totalIterations() + " iterations");
            RefinementResult again = refinement.refineHomogeneous(spectral.targetMean(), spectral.targetThird(), z0,
                    m, r);
            assertArrayEquals(a.z(), again.z(), 0.0);
        }
        assertTrue(ParameterError.of(spectral.toModel(perturbed), truth).relative() > 1e-4, "a genuine perturbation");
    }
}
