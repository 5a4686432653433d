package io.polymoments.metrics;

import io.polymoments.linalg.Matrices;
import io.polymoments.model.GaussianMixture;
import io.polymoments.model.LowRankTransform;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.tensor.DenseTensors;
import java.util.SplittableRandom;

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

    /**
     * y + ε with ε ~ N(0, Ψ) independent of y (docs/noise.md §1): the same mean and third cumulant, the covariance
     * plus Ψ, and samples plus noise drawn from a stream of their own; {@code model} itself when there is no noise.
     */
    static EvaluatedModel withNoise(EvaluatedModel model, AdditiveNoise noise) {
        if (noise.kind() == AdditiveNoise.Kind.NONE) {
            return model;
        }
        int d = model.outputDim();
        double[] psi = noise.variances();
        if (psi.length != d) {
            throw new IllegalArgumentException("the noise has " + psi.length + " variances for d = " + d + " outputs");
        }
        return new EvaluatedModel() {
            @Override
            public int outputDim() {
                return d;
            }

            @Override
            public double[] mean() {
                return model.mean();
            }

            @Override
            public double[] covariance() {
                double[] c = model.covariance();
                for (int i = 0; i < d; i++) {
                    c[i + i * d] += psi[i];
                }
                return c;
            }

            @Override
            public double[] whitenedThirdCumulant(double[] w, int k) {
                return model.whitenedThirdCumulant(w, k);
            }

            @Override
            public double[] sample(int n, long seed) {
                double[] y = model.sample(n, seed);
                SplittableRandom rng = new SplittableRandom(seed).split();   // a stream apart from the signal's
                for (int k = 0; k < y.length; k++) {
                    y[k] += Math.sqrt(psi[k % d]) * rng.nextGaussian();
                }
                return y;
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
