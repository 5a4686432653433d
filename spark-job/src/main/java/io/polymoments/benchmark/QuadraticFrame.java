package io.polymoments.benchmark;

import io.polymoments.learn.quadratic.JordanFrame;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.learn.quadratic.QuadraticLearner;
import io.polymoments.learn.quadratic.QuadraticRefinement;
import io.polymoments.learn.quadratic.SpectralFit;
import io.polymoments.learn.quadratic.SpectralLearner;
import io.polymoments.linalg.Blas;
import io.polymoments.linalg.Matrices;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.moments.Whitening;
import io.polymoments.tensor.Svec;

/**
 * The whitened statistics of a sketch as the quadratic learner sees them (homogeneous Gaussian model), to run the
 * learner's own refinement from other starts (the truth, random frames) and map any whitened frame back with the
 * learner's own {@link SpectralFit#mapBack}. Nothing here re-implements the learner: the benchmark compares starts.
 *
 * @param w    the sketch's whitening basis (d×m, column-major)
 * @param b    C·W, the map back from whitened frames to outputs
 * @param nu   Wᵀ·mean
 * @param t    the whitened third cumulant
 */
record QuadraticFrame(int d, int m, int r, double[] mean, double[] w, double[] b, double[] nu, double[] t) {

    static QuadraticFrame of(SketchBundle bundle) {
        MomentSketch raw = bundle.raw().total();
        MomentSketch white = bundle.whitened().total();
        int d = raw.dim();
        int m = white.dim();
        double[] w = white.basis().matrix();
        double[] b = Matrices.multiply(false, raw.covariance(), false, w, d, m, d);
        double[] mean = raw.mean();
        double[] nu = Matrices.multiply(true, w, false, mean, m, 1, d);
        return new QuadraticFrame(d, m, Svec.rFromK(m), mean, w, b, nu, white.thirdCumulant());
    }

    /** The learner's refinement (same schedule, solver and stopping rule). */
    static QuadraticRefinement refinement(QuadraticLearner.Options o) {
        return new QuadraticRefinement().withLimits(o.maxIter(), o.tol());
    }

    /** svec rows of Z_a = Σ_i W_ia Q_i: the truth in the sketch's whitened coordinates (row-major m×k). */
    double[] whitenedFrame(QuadraticTransform truth) {
        int k = Svec.tri(r);
        double[] f = truth.svecRows(); // row-major d×k = column-major k×d
        double[] z = new double[k * m]; // column-major k×m = row-major m×k
        Blas.gemm(false, false, k, m, d, 1.0, f, 0, k, w, 0, d, 0.0, z, 0, k);
        return z;
    }

    QuadraticTransform refineFrom(double[] z, QuadraticLearner.Options o) {
        return mapBack(refinement(o).refineHomogeneous(nu, t, z, m, r).z());
    }

    QuadraticTransform mapBack(double[] z) {
        return SpectralFit.mapBack(ModelClass.HOMOGENEOUS, r, m, z, b, mean);
    }

    /** Plan, spectral step and refinement as the learner runs them, without its per-iteration residual trace. */
    void spectralAndRefinement(SketchBundle bundle, QuadraticLearner.Options options) {
        MomentSketch raw = bundle.raw().total();
        QuadraticLearner.Plan plan = QuadraticLearner.plan(raw, options);
        WhitenedMoments wm = WhitenedMoments.third(Whitening.recorded(mean, raw.covariance(), plan.eigenvalues(), w, b),
                t);
        SpectralFit sf = SpectralLearner.fit(wm, plan.decision(), JordanFrame.Options.defaults().withSeed(options.seed()));
        refinement(options).refineHomogeneous(sf.targetMean(), sf.targetThird(), sf.whitenedFrame(), m, r);
    }
}
