package io.polymoments.model;

import io.polymoments.linalg.SymmetricEigen;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A mixture of k Gaussians in R^d, Σ_j π_j N(μ_j, Σ_j): what a Spark user fits to "the distribution of y" (MLlib's
 * {@code GaussianMixture}), here as the baseline the pushforward is compared with. Its moments are closed forms
 * (docs/evaluation.md §3): with δ_j = μ_j − μ,
 * mean μ = Σ π_j μ_j, covariance Σ π_j (Σ_j + δ_j δ_jᵀ), third cumulant Σ π_j (δ_j⊗δ_j⊗δ_j + δ_j⊗Σ_j + its two
 * other placements) — a single Gaussian (k = 1) has none.
 *
 * <p>A component's covariance may be singular (data on a subspace, as noise-free polynomial data are); its density is
 * then taken on its support, with the pseudo-inverse and the pseudo-determinant over the eigenvalues above
 * {@link #SUPPORT_TOLERANCE} of the largest — the convention of MLlib's {@code MultivariateGaussian}.
 *
 * @param d           dimension
 * @param weights     π_j, positive, summing to 1
 * @param means       μ_j, k × d
 * @param covariances Σ_j, k × (d×d column-major), symmetric positive semi-definite
 */
public record GaussianMixture(int d, double[] weights, double[][] means, double[][] covariances) {
    /** Relative eigenvalue below which a direction is off a component's support. */
    public static final double SUPPORT_TOLERANCE = 1e-12;

    public GaussianMixture {
        int k = weights.length;
        if (d < 1 || k < 1 || means.length != k || covariances.length != k) {
            throw new IllegalArgumentException("a mixture needs d >= 1 and k >= 1 weights, means and covariances; got d = "
                    + d + ", " + k + " weights, " + means.length + " means, " + covariances.length + " covariances");
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            if (!(weights[j] > 0) || means[j].length != d || covariances[j].length != d * d) {
                throw new IllegalArgumentException("component " + j + ": weight " + weights[j] + " (must be > 0), mean"
                        + " of length " + means[j].length + " and covariance of length " + covariances[j].length
                        + " (must be " + d + " and " + d * d + ")");
            }
            sum += weights[j];
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("the weights must sum to 1, got " + sum);
        }
        weights = weights.clone();
        means = deepCopy(means);
        covariances = deepCopy(covariances);
    }

    /** The single Gaussian N(mean, covariance). */
    public static GaussianMixture gaussian(double[] mean, double[] covariance) {
        return new GaussianMixture(mean.length, new double[] {1.0}, new double[][] {mean}, new double[][] {covariance});
    }

    public int components() {
        return weights.length;
    }

    /** Free parameters: k − 1 weights, k means, k symmetric covariances. */
    public long parameterCount() {
        long k = weights.length;
        return k - 1 + k * (d + (long) d * (d + 1) / 2);
    }

    public double[] mean() {
        double[] mu = new double[d];
        for (int j = 0; j < weights.length; j++) {
            for (int i = 0; i < d; i++) {
                mu[i] += weights[j] * means[j][i];
            }
        }
        return mu;
    }

    /** Σ π_j (Σ_j + δ_j δ_jᵀ), d×d column-major. */
    public double[] covariance() {
        double[] mu = mean();
        double[] c = new double[d * d];
        for (int j = 0; j < weights.length; j++) {
            double p = weights[j];
            double[] delta = minus(means[j], mu);
            for (int b = 0; b < d; b++) {
                for (int a = 0; a < d; a++) {
                    c[a + b * d] += p * (covariances[j][a + b * d] + delta[a] * delta[b]);
                }
            }
        }
        return c;
    }

    /** κ3 of z = Wᵀ(y − μ) for a d×m W (column-major): dense m³, index a + m·b + m²·c. */
    public double[] whitenedThirdCumulant(double[] w, int m) {
        double[] mu = mean();
        double[] t = new double[m * m * m];
        for (int j = 0; j < weights.length; j++) {
            double p = weights[j];
            double[] delta = project(w, m, minus(means[j], mu));
            double[] s = congruence(w, m, covariances[j]);
            for (int c = 0; c < m; c++) {
                for (int b = 0; b < m; b++) {
                    for (int a = 0; a < m; a++) {
                        t[a + m * (b + m * c)] += p * (delta[a] * delta[b] * delta[c] + delta[a] * s[b + c * m]
                                + delta[b] * s[a + c * m] + delta[c] * s[a + b * m]);
                    }
                }
            }
        }
        return t;
    }

    /** n rows, row-major n×d: a component by its weight, then μ_j + L_j g with Σ_j = L_j L_jᵀ; fixed by the seed. */
    public double[] sample(int n, long seed) {
        int k = weights.length;
        double[][] roots = new double[k][];
        for (int j = 0; j < k; j++) {
            roots[j] = squareRoot(covariances[j], d);
        }
        double[] cumulative = new double[k];
        double acc = 0;
        for (int j = 0; j < k; j++) {
            acc += weights[j];
            cumulative[j] = acc;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] out = new double[n * d];
        double[] g = new double[d];
        for (int row = 0; row < n; row++) {
            double u = rng.nextDouble() * acc;
            int j = 0;
            while (j < k - 1 && u >= cumulative[j]) {
                j++;
            }
            for (int i = 0; i < d; i++) {
                g[i] = rng.nextGaussian();
            }
            double[] root = roots[j];
            for (int i = 0; i < d; i++) {
                double v = means[j][i];
                for (int l = 0; l < d; l++) {
                    v += root[i + l * d] * g[l];
                }
                out[row * d + i] = v;
            }
        }
        return out;
    }

    /** Mean log density of the rows (row-major, {@code rows.length / d} of them), each component on its support. */
    public double meanLogDensity(double[] rows) {
        int n = rows.length / d;
        int k = weights.length;
        Density[] dens = new Density[k];
        for (int j = 0; j < k; j++) {
            dens[j] = Density.of(means[j], covariances[j], d);
        }
        double total = 0;
        double[] logs = new double[k];
        for (int row = 0; row < n; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                logs[j] = Math.log(weights[j]) + dens[j].log(rows, row * d);
                max = Math.max(max, logs[j]);
            }
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += Math.exp(logs[j] - max);
            }
            total += max + Math.log(s);
        }
        return total / n;
    }

    /** One component's log density on its support: −½(r log 2π + log pdet Σ + ‖Λ^{-1/2} Vᵀ(y − μ)‖²). */
    private record Density(double[] mean, double[] scaledBasis, int rank, int d, double constant) {
        static Density of(double[] mean, double[] cov, int d) {
            SymmetricEigen e = SymmetricEigen.of(cov, d);
            double[] lam = e.values();
            double cut = SUPPORT_TOLERANCE * Math.max(lam[0], Double.MIN_NORMAL);
            int rank = 0;
            double logDet = 0;
            while (rank < d && lam[rank] > cut) {
                logDet += Math.log(lam[rank]);
                rank++;
            }
            double[] basis = new double[d * rank];
            for (int c = 0; c < rank; c++) {
                double s = 1 / Math.sqrt(lam[c]);
                for (int i = 0; i < d; i++) {
                    basis[i + c * d] = e.vectors()[i + c * d] * s;
                }
            }
            return new Density(mean, basis, rank, d, -0.5 * (rank * Math.log(2 * Math.PI) + logDet));
        }

        double log(double[] rows, int off) {
            double q = 0;
            for (int c = 0; c < rank; c++) {
                double v = 0;
                for (int i = 0; i < d; i++) {
                    v += scaledBasis[i + c * d] * (rows[off + i] - mean[i]);
                }
                q += v * v;
            }
            return constant - 0.5 * q;
        }
    }

    /** V Λ^{1/2} (d×d): a square root of a positive semi-definite matrix, negative rounding clipped to 0. */
    private static double[] squareRoot(double[] cov, int d) {
        SymmetricEigen e = SymmetricEigen.of(cov, d);
        double[] root = new double[d * d];
        for (int c = 0; c < d; c++) {
            double s = Math.sqrt(Math.max(e.values()[c], 0));
            for (int i = 0; i < d; i++) {
                root[i + c * d] = e.vectors()[i + c * d] * s;
            }
        }
        return root;
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    /** Wᵀv for a d×m W. */
    private double[] project(double[] w, int m, double[] v) {
        double[] out = new double[m];
        for (int a = 0; a < m; a++) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += w[i + a * d] * v[i];
            }
            out[a] = s;
        }
        return out;
    }

    /** Wᵀ C W (m×m). */
    private double[] congruence(double[] w, int m, double[] c) {
        double[] out = new double[m * m];
        double[] cw = new double[d];
        for (int b = 0; b < m; b++) {
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int l = 0; l < d; l++) {
                    s += c[i + l * d] * w[l + b * d];
                }
                cw[i] = s;
            }
            double[] wb = project(w, m, cw);
            System.arraycopy(wb, 0, out, b * m, m);
        }
        return out;
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianMixture g && d == g.d && Arrays.equals(weights, g.weights)
                && Arrays.deepEquals(means, g.means) && Arrays.deepEquals(covariances, g.covariances);
    }

    @Override
    public int hashCode() {
        return 31 * d + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "GaussianMixture[d=" + d + ", k=" + weights.length + "]";
    }
}
