package io.polymoments.learn.quadratic;

import io.polymoments.learn.LearnerContract;
import io.polymoments.metrics.ParameterError;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.moments.Basis;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import java.util.SplittableRandom;

/**
 * The learner contract for homogeneous quadratics observed through diagonal Gaussian noise, y = xᵀQx + ε with the
 * noise's standard deviations spread 4:1 (r = 3, d = 12: m = 6, so the 21 equations of docs/noise.md §2 determine the
 * 12 variances). The noise is estimated from the data's covariance alone; the model is judged against the noise-free Q.
 */
class NoisyQuadraticLearnerContractTest extends LearnerContract<QuadraticTransform> {
    private static final int R = 3;
    private static final int D = 12;

    NoisyQuadraticLearnerContractTest() {
        super(1e-9, 1e-10, 1e-9, 20_000);
    }

    /** Noise variance of output i: from 0.25 to 0.25/16 of the mean signal variance (which is about 2r = 6). */
    private static double noiseVariance(int i) {
        double sd = Math.sqrt(1.5) * Math.pow(4, -i / (double) (D - 1));
        return sd * sd;
    }

    private static QuadraticLearner.Options options(long seed) {
        return QuadraticLearner.Options.defaults().withRank(R).withModelClass(ModelClass.HOMOGENEOUS).withSeed(seed)
                .withNoise(AdditiveNoise.Kind.DIAGONAL);
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

    /** C_s + Ψ; the third cumulant is the signal's (Gaussian noise has none). */
    @Override
    protected double[] centralMoment(QuadraticTransform truth, int q) {
        if (q == 3) {
            return truth.thirdCumulant();
        }
        double[] c = truth.covariance();
        for (int i = 0; i < D; i++) {
            c[i + i * D] += noiseVariance(i);
        }
        return c;
    }

    @Override
    protected double[] sample(QuadraticTransform truth, int n, long seed) {
        double[] y = truth.sample(n, seed, RadialLaw.gaussian());
        SplittableRandom rng = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < D; i++) {
                y[r * D + i] += Math.sqrt(noiseVariance(i)) * rng.nextGaussian();
            }
        }
        return y;
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
