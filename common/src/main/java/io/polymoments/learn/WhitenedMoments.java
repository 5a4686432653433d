package io.polymoments.learn;

import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import java.util.Arrays;

/**
 * The statistics the spectral learner consumes (docs/quadratic.md §1, §13): mean ȳ (d), covariance C (d×d column-major,
 * divided by n), its eigenvalues (descending, all d), the whitening W = V_m Λ_m^{-1/2} and B = V_m Λ_m^{1/2} (d×m
 * column-major; y − ȳ = Bz on the support), and — after pass 2 — the whitened third moment T̃ (m×m×m, element (a,b,c)
 * at a + m·b + m²·c) = mean of z⊗z⊗z with z = Wᵀ(y − ȳ).
 *
 * @param thirdMoment null until pass 2 has run (see {@link #withThirdMoment})
 */
public record WhitenedMoments(int d, int m, double[] mean, double[] covariance, double[] eigenvalues, double[] w,
                              double[] b, double[] thirdMoment) {

    public WhitenedMoments {
        if (mean.length != d || covariance.length != d * d || eigenvalues.length != d || w.length != d * m
                || b.length != d * m) {
            throw new IllegalArgumentException("inconsistent shapes for d=" + d + ", m=" + m);
        }
        if (thirdMoment != null && thirdMoment.length != m * m * m) {
            throw new IllegalArgumentException("whitened third moment must be m^3 = " + ((long) m * m * m)
                    + " entries (m=" + m + "), got " + thirdMoment.length);
        }
    }

    /** Whitens C at rank m (eigh computed here). */
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
        double[] v = eig.vectors();
        double[] w = new double[d * m];
        double[] b = new double[d * m];
        for (int j = 0; j < m; j++) {
            double s = Math.sqrt(lam[j]);
            for (int i = 0; i < d; i++) {
                w[i + j * d] = v[i + j * d] / s;
                b[i + j * d] = v[i + j * d] * s;
            }
        }
        return new WhitenedMoments(d, m, mean.clone(), covariance.clone(), lam.clone(), w, b, null);
    }

    /** Exact population statistics of {@code model} under input law {@code law}, whitened at rank m. */
    public static WhitenedMoments exact(QuadraticTransform model, RadialLaw law, int m) {
        int d = model.d();
        WhitenedMoments wm = whiten(model.mean(), model.covariance(law), d, m);
        return wm.withThirdMoment(model.whitenedThirdCumulant(wm.w(), m, law));
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

    /** Copy with T̃ set (m³ entries, a + m·b + m²·c). */
    public WhitenedMoments withThirdMoment(double[] t) {
        return new WhitenedMoments(d, m, mean, covariance, eigenvalues, w, b, t);
    }

    /** ν = Wᵀȳ. */
    public double[] whitenedMean() {
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
        return m < d ? eigenvalues[m - 1] / Math.max(eigenvalues[m], Double.MIN_NORMAL) : Double.POSITIVE_INFINITY;
    }

    @Override
    public String toString() {
        return "WhitenedMoments[d=" + d + ", m=" + m + ", eigenvalues=" + Arrays.toString(
                Arrays.copyOf(eigenvalues, Math.min(d, m + 2))) + (thirdMoment == null ? ", no T" : "") + "]";
    }
}
