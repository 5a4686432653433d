package io.polymoments.moments;

import io.polymoments.linalg.SymmetricEigen;
import java.util.Arrays;

/**
 * The learners' input: the {@link Whitening} of pass 1 and the whitened moments of pass 2, the means of z⊗z⊗z and
 * (low-rank learner) z⊗z⊗z⊗z with z = Wᵀ(y − μ) (the convention of {@link Whitening}), dense, entry (a,b,c) at
 * a + m·b + m²·c; optionally with standard errors (then used as GMM weights and for the noise level of the final
 * cost).
 *
 * @param n        number of rows (Double.POSITIVE_INFINITY for exact population moments; NaN when not used)
 * @param z3       mean of z⊗z⊗z (m³), null until pass 2 has run
 * @param z4       mean of z⊗z⊗z⊗z (m⁴), null when only the third moment is used (quadratic learner)
 * @param z3StdErr standard errors of the entries of z3, or null
 * @param z4StdErr standard errors of the entries of z4, or null
 */
public record WhitenedMoments(Whitening whitening, double n, double[] z3, double[] z4, double[] z3StdErr,
                              double[] z4StdErr) {

    public WhitenedMoments {
        int m = whitening.rank();
        if (z4 == null) {
            if (z3 != null && z3.length != m * m * m) {
                throw new IllegalArgumentException("whitened third moment must be m^3 = " + ((long) m * m * m)
                        + " entries (m=" + m + "), got " + z3.length);
            }
        } else {
            checkThirdAndFourth(m, n, z3, z4, z3StdErr, z4StdErr);
        }
    }

    private static void checkThirdAndFourth(int m, double n, double[] z3, double[] z4, double[] z3StdErr,
                                            double[] z4StdErr) {
        if (z3.length != m * m * m || z4.length != m * m * m * m) {
            throw new IllegalArgumentException("whitened moments must be dense m^3=" + (m * m * m) + " and m^4="
                    + (m * m * m * m) + " arrays for m=" + m + "; got " + z3.length + " and " + z4.length);
        }
        if ((z3StdErr == null) != (z4StdErr == null)) {
            throw new IllegalArgumentException("give standard errors for both z3 and z4, or for neither");
        }
        if (z3StdErr != null && (z3StdErr.length != z3.length || z4StdErr.length != z4.length)) {
            throw new IllegalArgumentException("standard errors must have the shapes of z3 (" + z3.length + ") and z4 ("
                    + z4.length + "); got " + z3StdErr.length + " and " + z4StdErr.length);
        }
        if (!(n > 1)) {
            throw new IllegalArgumentException("sample count n must be > 1 (or +Infinity for population moments), got " + n);
        }
        for (double v : z3) {
            checkFinite(v, "z3");
        }
        for (double v : z4) {
            checkFinite(v, "z4");
        }
    }

    private static void checkFinite(double v, String name) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " contains NaN or infinite entries");
        }
    }

    /** The third moment alone (quadratic learner, which does not use n: NaN). */
    public static WhitenedMoments third(Whitening whitening, double[] z3) {
        return new WhitenedMoments(whitening, Double.NaN, z3, null, null, null);
    }

    /** Whitens C at rank m (eigh computed here); the third moment follows with {@link #withThirdMoment}. */
    public static WhitenedMoments whiten(double[] mean, double[] covariance, int d, int m) {
        checkInputs(mean, covariance, d);
        return whiten(mean, covariance, d, SymmetricEigen.of(covariance, d), m);
    }

    /** Whitens C at rank m with an eigen-decomposition already computed (descending). */
    public static WhitenedMoments whiten(double[] mean, double[] covariance, int d, SymmetricEigen eig, int m) {
        checkInputs(mean, covariance, d);
        if (m < 1 || m > d) {
            throw new IllegalArgumentException("whitening rank m must be in [1, d=" + d + "], got " + m);
        }
        double[] lam = eig.values();
        if (!(lam[m - 1] > 0) || lam[m - 1] <= 1e-14 * lam[0]) {
            throw new IllegalArgumentException("covariance has numerical rank < m = " + m + " (lambda_" + (m - 1) + " = "
                    + lam[m - 1] + ", lambda_0 = " + lam[0] + "): the Q_i (and b_i) do not span the model space or r "
                    + "is too large; choose a smaller rank");
        }
        return third(Whitening.fromEigen(mean.clone(), covariance.clone(), eig, m), null);
    }

    private static void checkInputs(double[] mean, double[] covariance, int d) {
        if (mean.length != d) {
            throw new IllegalArgumentException("mean must have d = " + d + " entries, got " + mean.length);
        }
        if (covariance.length != d * d) {
            throw new IllegalArgumentException("covariance must be d x d = " + d + " x " + d + ", got "
                    + covariance.length + " entries");
        }
    }

    /** Copy with the third moment set (m³ entries, a + m·b + m²·c). */
    public WhitenedMoments withThirdMoment(double[] t) {
        return new WhitenedMoments(whitening, n, t, z4, z3StdErr, z4StdErr);
    }

    public int d() {
        return whitening.d();
    }

    public int m() {
        return whitening.rank();
    }

    public double[] mean() {
        return whitening.mean();
    }

    public double[] covariance() {
        return whitening.covariance();
    }

    public double[] eigenvalues() {
        return whitening.eigenvalues();
    }

    /** W (d×m): z = Wᵀ(y − μ). */
    public double[] w() {
        return whitening.basis().matrix();
    }

    /** B (d×m): y − μ = Bz on the support. */
    public double[] b() {
        return whitening.colouring();
    }

    public boolean isPopulation() {
        return Double.isInfinite(n);
    }

    public boolean hasStdErr() {
        return z3StdErr != null;
    }

    /** ν = Wᵀȳ. */
    public double[] whitenedMean() {
        int d = d();
        int m = m();
        double[] w = w();
        double[] mean = mean();
        double[] nu = new double[m];
        for (int a = 0; a < m; a++) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += w[i + a * d] * mean[i];
            }
            nu[a] = s;
        }
        return nu;
    }

    /** The gap λ_{m−1}/λ_m (infinite when m = d). */
    public double rankGap() {
        int d = d();
        int m = m();
        double[] eigenvalues = eigenvalues();
        return m < d ? eigenvalues[m - 1] / Math.max(eigenvalues[m], Double.MIN_NORMAL) : Double.POSITIVE_INFINITY;
    }

    @Override
    public String toString() {
        return "WhitenedMoments[d=" + d() + ", m=" + m() + ", eigenvalues=" + Arrays.toString(
                Arrays.copyOf(eigenvalues(), Math.min(d(), m() + 2))) + (z3 == null ? ", no T" : "") + "]";
    }
}
