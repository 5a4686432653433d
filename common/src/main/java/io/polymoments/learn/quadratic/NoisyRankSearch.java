package io.polymoments.learn.quadratic;

import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.moments.AdditiveNoise;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The number of latent variables of data with additive Gaussian noise, read from the covariance when the spectrum
 * shows no gap (docs/noise.md §6). For each admissible whitening rank m (tri(r) homogeneous, tri(r) + r affine) the
 * noise is estimated under m, and the d − m trailing eigenvalues of Ψ^{-1/2} C Ψ^{-1/2} are tested against the value
 * 1 that pure noise gives them: off the signal's subspace y is the noise alone, Gaussian whatever p is, so the
 * likelihood-ratio statistic n Σ_{j&gt;m} (μ_j − 1 − log μ_j) of the factor model follows χ² with
 * q(q+1)/2 − 1 (isotropic) or q(q+1)/2 − d (diagonal) degrees of freedom, q = d − m (Anderson 1963; Lawley and
 * Maxwell 1971). The smallest m whose tail passes is taken: a smaller m leaves a signal eigenvalue in the tail, a
 * larger one passes too. The m-th eigenvalue must also stand above the largest that noise alone reaches, else a flat
 * covariance would pass as one direction of signal. When none passes, the covariance itself is outside the model —
 * the candidates say by how much, in units of the statistic's noise.
 */
public final class NoisyRankSearch {
    /**
     * Largest z = (statistic − dof)/√(2 dof) of a tail taken for noise: far in the χ² tail (p ≈ 10⁻⁹), since the
     * statistic carries the O(1/n) tilt of an estimated subspace besides its χ² law; a missed signal eigenvalue at
     * n = 10⁵ and signal-to-noise 0.1 still gives
     * z in the hundreds.
     */
    public static final double MAX_TAIL_Z = 6.0;

    private NoisyRankSearch() {}

    /**
     * One admissible rank tried.
     *
     * @param modelClass class the rank belongs to
     * @param r          latent variables
     * @param m          whitening rank
     * @param noise      the noise estimated under m
     * @param statistic  n Σ_{j&gt;m} (μ_j − 1 − log μ_j) (+∞ when an estimated variance is 0)
     * @param dof        its degrees of freedom
     * @param z          (statistic − dof)/√(2 dof): the tail's distance from noise in units of the statistic's noise
     */
    public record Candidate(ModelClass modelClass, int r, int m, AdditiveNoise.Estimate noise, double statistic,
                            int dof, double z, double weakestSignal, double noiseEdge) {
        public boolean noiseTail() {
            return z <= MAX_TAIL_Z;
        }

        /**
         * Whether the m-th eigenvalue of Ψ^{-1/2}CΨ^{-1/2} stands above what noise alone reaches: without this, data
         * whose covariance is flat (a Gaussian with identity covariance, a standardised hard instance) would "explain"
         * themselves as one signal direction in noise.
         */
        public boolean signalAboveNoise() {
            return weakestSignal > noiseEdge;
        }

        /** The rank explains the covariance: signal above the noise, noise beyond it. */
        public boolean explains() {
            return noiseTail() && signalAboveNoise();
        }

        /** The mean estimated noise variance. */
        public double meanNoiseVariance() {
            double s = 0;
            for (double v : noise.noise().variances()) {
                s += v;
            }
            return s / noise.noise().dim();
        }

        public String describe() {
            return String.format(Locale.ROOT, "m = %d (%s, r = %d), %s noise of mean variance %.4g: tail z = %.3g,"
                    + " weakest signal %.4g against the noise's edge %.4g", m,
                    modelClass.toString().toLowerCase(Locale.ROOT), r, noise.noise().kind().label(),
                    meanNoiseVariance(), z, weakestSignal, noiseEdge);
        }
    }

    /**
     * @param candidates the admissible ranks below d tried, in increasing m up to the chosen one (RankSelector lists
     *                   them so)
     * @param chosen     the smallest m whose tail is noise, or null when none is
     */
    public record Result(List<Candidate> candidates, Candidate chosen) {
        public Result {
            candidates = List.copyOf(candidates);
        }

        /** The candidate closest to noise (smallest z), or null when there were none. */
        public Candidate closest() {
            Candidate best = null;
            for (Candidate c : candidates) {
                if (best == null || c.z() < best.z()) {
                    best = c;
                }
            }
            return best;
        }
    }

    /**
     * @param cov        the covariance (d×d column-major)
     * @param lam        its eigenvalues, descending
     * @param n          rows behind it
     * @param modelClass class restriction or null
     * @param asked      the noise model asked for, or null (auto, as {@link QuadraticLearner#noise})
     */
    public static Result search(double[] cov, double[] lam, int d, long n, ModelClass modelClass,
                                AdditiveNoise.Kind asked) {
        List<Candidate> out = new ArrayList<>();
        Candidate chosen = null;
        for (RankSelector.Candidate c : RankSelector.candidates(d, modelClass)) {
            if (c.m() >= d) {
                continue;
            }
            AdditiveNoise.Estimate noise = QuadraticLearner.noise(cov, lam, d, c.m(), asked, n);
            Candidate k = tested(c, noise, cov, d, n);
            if (k == null) {
                continue;
            }
            out.add(k);
            if (k.explains()) {
                chosen = k;
                break;
            }
        }
        return new Result(out, chosen);
    }

    /** The candidate with its tail statistic, or null when the tail leaves no degrees of freedom to test. */
    private static Candidate tested(RankSelector.Candidate c, AdditiveNoise.Estimate est, double[] cov, int d, long n) {
        int m = c.m();
        int q = d - m;
        AdditiveNoise.Kind kind = est.noise().kind();
        int dof = kind == AdditiveNoise.Kind.DIAGONAL ? q * (q + 1) / 2 - d : q * (q + 1) / 2 - 1;
        if (dof < 1) {
            // one trailing eigenvalue is always "flat" (isotropic, q = 1), and a diagonal noise with no equations
            // left over fits any tail: nothing to test
            return null;
        }
        double[] mu = kind == AdditiveNoise.Kind.NONE ? null : whitenedSpectrum(cov, est.noise().variances(), d);
        // no noise: the tail vanishes (noise-free data on the signal's subspace), nothing left to test
        double stat = kind == AdditiveNoise.Kind.NONE ? 0 : statistic(mu, m, n);
        double weakest = mu == null ? Double.POSITIVE_INFINITY : mu[m - 1];
        double z = (stat - dof) / Math.sqrt(2.0 * dof);
        return new Candidate(c.cls(), c.r(), m, est, stat, dof, z, weakest, noiseEdge(n, q));
    }

    /**
     * Where the largest eigenvalue of a q-dimensional noise covariance estimated from n rows stays, with identity scale:
     * its centre (√(n−1) + √q)²/n plus six of its Tracy–Widom scale (√(n−1) + √q)(1/√(n−1) + 1/√q)^{1/3}/n
     * (Johnstone 2001).
     */
    static double noiseEdge(long n, int q) {
        double a = Math.sqrt(n - 1.0);
        double b = Math.sqrt(q);
        return ((a + b) * (a + b) + MAX_TAIL_Z * (a + b) * Math.cbrt(1 / a + 1 / b)) / n;
    }

    /** The eigenvalues of Ψ^{-1/2} C Ψ^{-1/2}, descending; null when a variance is not positive. */
    static double[] whitenedSpectrum(double[] cov, double[] variances, int d) {
        double[] s = new double[d];
        for (int i = 0; i < d; i++) {
            if (!(variances[i] > 0)) {
                return null;
            }
            s[i] = 1 / Math.sqrt(variances[i]);
        }
        double[] w = new double[d * d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) {
                w[i + j * d] = cov[i + j * d] * s[i] * s[j];
            }
        }
        return SymmetricEigen.of(w, d).values();
    }

    /** n Σ_{j&gt;m} (μ_j − 1 − log μ_j) over the trailing eigenvalues μ of Ψ^{-1/2} C Ψ^{-1/2}; +∞ for a zero variance. */
    static double statistic(double[] cov, double[] variances, int d, int m, long n) {
        return statistic(whitenedSpectrum(cov, variances, d), m, n);
    }

    private static double statistic(double[] mu, int m, long n) {
        if (mu == null) {
            return Double.POSITIVE_INFINITY;
        }
        double sum = 0;
        for (int j = m; j < mu.length; j++) {
            if (!(mu[j] > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            sum += mu[j] - 1 - Math.log(mu[j]);
        }
        return n * sum;
    }
}
