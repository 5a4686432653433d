package io.polymoments.learn.quadratic;

import io.polymoments.learn.LearnerContract;
import io.polymoments.metrics.ParameterError;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.Basis;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;

/** The learner contract for homogeneous quadratics y_i = xᵀQ_i x, r = 3, d = 8 (spectral regime: m = 6 < d). */
class QuadraticLearnerContractTest extends LearnerContract<QuadraticTransform> {
    private static final int R = 3;
    private static final int D = 8;

    QuadraticLearnerContractTest() {
        super(1e-10, 1e-10, 1e-10, 20_000);
    }

    private static QuadraticLearner.Options options(long seed) {
        return QuadraticLearner.Options.defaults().withRank(R).withModelClass(ModelClass.HOMOGENEOUS).withSeed(seed);
    }

    @Override
    protected int dim() {
        return D;
    }

    @Override
    protected QuadraticTransform plant(long seed) {
        return QuadraticTransform.random(R, D, QuadraticTransform.Structure.LOWRANK, 1.0, false, seed);
    }

    @Override
    protected double[] mean(QuadraticTransform truth) {
        return truth.mean();
    }

    @Override
    protected double[] centralMoment(QuadraticTransform truth, int q) {
        return q == 2 ? truth.covariance() : truth.thirdCumulant();
    }

    @Override
    protected double[] sample(QuadraticTransform truth, int n, long seed) {
        return truth.sample(n, seed, RadialLaw.gaussian());
    }

    @Override
    protected int whitenedOrder() {
        return 3;
    }

    @Override
    protected Basis whitening(MomentSketch pass1) {
        return QuadraticLearner.plan(pass1, options(0)).whitening();
    }

    @Override
    protected QuadraticTransform fit(SketchBundle sketch, long seed) {
        return QuadraticLearner.fit(sketch, options(seed)).model();
    }

    @Override
    protected double error(QuadraticTransform estimate, QuadraticTransform reference) {
        return ParameterError.of(estimate, reference).relative();
    }

    @Override
    protected double[] parameters(QuadraticTransform model) {
        return concat(model.q(), model.b(), model.c());
    }
}
