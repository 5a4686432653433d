package io.polymoments.learn.quadratic;

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
 * The lead's benchmark size (r = 10, d = 200, k = 55): exact recovery of every model class from exact moments.
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
}
