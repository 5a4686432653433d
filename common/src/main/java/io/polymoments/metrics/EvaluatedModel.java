package io.polymoments.metrics;

import io.polymoments.linalg.Matrices;
import io.polymoments.model.GaussianMixture;
import io.polymoments.model.LowRankTransform;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.tensor.DenseTensors;

/**
 * What {@link HeldOutEvaluation} needs of a model: its exact mean, covariance and third cumulant in given whitened
 * coordinates, and reproducible samples. Both model families (quadratic with an input law, low-rank network)
 * provide these in closed form.
 */
public interface EvaluatedModel {
    /** Output dimension d. */
    int outputDim();

    /** E y (length d). */
    double[] mean();

    /** Cov(y), d×d column-major. */
    double[] covariance();

    /** κ3 of z = Wᵀ(y − E y) for a d×k whitening W (column-major): dense k³. */
    double[] whitenedThirdCumulant(double[] w, int k);

    /** n rows, row-major n×d, a deterministic function of the seed. */
    double[] sample(int n, long seed);

    /** A quadratic transform driven by the input law {@code law}. */
    static EvaluatedModel quadratic(QuadraticTransform t, RadialLaw law) {
        return new EvaluatedModel() {
            @Override
            public int outputDim() {
                return t.d();
            }

            @Override
            public double[] mean() {
                return t.mean();
            }

            @Override
            public double[] covariance() {
                return t.covariance(law);
            }

            @Override
            public double[] whitenedThirdCumulant(double[] w, int k) {
                return t.whitenedThirdCumulant(w, k, law);
            }

            @Override
            public double[] sample(int n, long seed) {
                return t.sample(n, seed, law);
            }
        };
    }

    /** A low-rank network y = W σ(A x) + c with Gaussian x. */
    static EvaluatedModel lowRank(LowRankTransform t) {
        return new EvaluatedModel() {
            @Override
            public int outputDim() {
                return t.outputDim();
            }

            @Override
            public double[] mean() {
                return t.mean();
            }

            @Override
            public double[] covariance() {
                return t.covariance();
            }

            @Override
            public double[] whitenedThirdCumulant(double[] w, int k) {
                int d = t.outputDim();
                int m = t.hidden();
                if (w.length != d * k) {
                    throw new IllegalArgumentException("whitening must be d x k = " + d + " x " + k);
                }
                // κ3(z) = (WᵀW_out)^{⊗3} E[h⊗h⊗h] (the third cumulant of y is its third central moment)
                double[] b = Matrices.multiply(true, w, false, t.outputWeights(), k, m, d);
                return DenseTensors.transform(t.unitMoments(3), m, 3, b, k);
            }

            @Override
            public double[] sample(int n, long seed) {
                int d = t.outputDim();
                double[][] rows = t.sampleBlock(seed, 0, n);
                double[] out = new double[n * d];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(rows[i], 0, out, i * d, d);
                }
                return out;
            }
        };
    }

    /** A mixture of Gaussians (a single Gaussian for k = 1), the baseline a pushforward is compared with. */
    static EvaluatedModel mixture(GaussianMixture g) {
        return new EvaluatedModel() {
            @Override
            public int outputDim() {
                return g.d();
            }

            @Override
            public double[] mean() {
                return g.mean();
            }

            @Override
            public double[] covariance() {
                return g.covariance();
            }

            @Override
            public double[] whitenedThirdCumulant(double[] w, int k) {
                if (w.length != g.d() * k) {
                    throw new IllegalArgumentException("whitening must be d x k = " + g.d() + " x " + k);
                }
                return g.whitenedThirdCumulant(w, k);
            }

            @Override
            public double[] sample(int n, long seed) {
                return g.sample(n, seed);
            }
        };
    }
}
