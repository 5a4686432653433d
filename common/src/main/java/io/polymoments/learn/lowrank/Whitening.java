package io.polymoments.learn.lowrank;

import io.polymoments.linalg.SymmetricEigen;

/**
 * Dimension reduction of pass 1 (docs/lowrank.md §5, "Driver 1"): Σ_y = PΛPᵀ, keep the top m eigenpairs and whiten,
 * z = V(y − μ) with V = Λ_m^{−1/2}P_mᵀ (m×d). The Spark pass 2 broadcasts (μ, V) and accumulates the means of
 * z⊗z⊗z and z⊗z⊗z⊗z; {@link #withMoments} then builds the learner's input.
 *
 * @param d           output dimension
 * @param m           number of units kept
 * @param mean        μ (length d)
 * @param covariance  Σ_y (d×d column-major)
 * @param eigenvalues all d eigenvalues of Σ_y, descending
 * @param basis       P_m (d×m column-major)
 * @param whitening   V (m×d column-major)
 */
public record Whitening(int d, int m, double[] mean, double[] covariance, double[] eigenvalues, double[] basis,
                        double[] whitening) {

    /** Eigendecomposes Σ_y and keeps m directions; fails clearly when the m-th eigenvalue is not positive. */
    public static Whitening of(double[] mean, double[] covariance, int d, int m) {
        if (mean.length != d || covariance.length != d * d) {
            throw new IllegalArgumentException("mean must have length d=" + d + " and covariance d*d=" + (d * d)
                    + " entries; got " + mean.length + " and " + covariance.length);
        }
        if (m < 1 || m > d) {
            throw new IllegalArgumentException("number of units m must be in [1, d=" + d + "] (W needs full column "
                    + "rank), got " + m);
        }
        SymmetricEigen eig = SymmetricEigen.of(covariance, d);
        double[] lam = eig.values();
        if (!(lam[m - 1] > 1e-13 * Math.max(lam[0], Double.MIN_NORMAL))) {
            throw new IllegalArgumentException("covariance has numerical rank < m=" + m + " (eigenvalue " + (m - 1)
                    + " is " + lam[m - 1] + " vs largest " + lam[0] + "): choose a smaller number of units");
        }
        double[] p = eig.leadingVectors(m);
        double[] v = new double[m * d];
        for (int k = 0; k < m; k++) {
            double s = 1.0 / Math.sqrt(lam[k]);
            for (int i = 0; i < d; i++) {
                v[k + m * i] = p[i + d * k] * s;
            }
        }
        return new Whitening(d, m, mean.clone(), covariance.clone(), lam, p, v);
    }

    /** z = V(y − μ) for one row y. */
    public double[] whiten(double[] y) {
        double[] z = new double[m];
        for (int i = 0; i < d; i++) {
            double yi = y[i] - mean[i];
            for (int k = 0; k < m; k++) {
                z[k] += whitening[k + m * i] * yi;
            }
        }
        return z;
    }

    /**
     * The learner's input from the pass-2 moments.
     *
     * @param n        number of rows (Double.POSITIVE_INFINITY for exact population moments)
     * @param z3       mean of z⊗z⊗z, dense m³ (entry (a,b,c) at a + m·b + m²·c)
     * @param z4       mean of z⊗z⊗z⊗z, dense m⁴
     * @param z3StdErr standard errors of the entries of z3 (dense m³), or null
     * @param z4StdErr standard errors of the entries of z4 (dense m⁴), or null
     */
    public WhitenedMoments withMoments(double n, double[] z3, double[] z4, double[] z3StdErr, double[] z4StdErr) {
        return new WhitenedMoments(this, n, z3, z4, z3StdErr, z4StdErr);
    }

    /** Spectral gap diagnostic λ_m/λ_{m−1} (0-based: eigenvalue m over eigenvalue m−1; 0 when m = d). */
    public double eigenGapRatio() {
        return m < d ? eigenvalues[m] / eigenvalues[m - 1] : 0.0;
    }

    /**
     * Number of eigenvalues above {@code relTol}·λ_max: the number of units m suggested by the spectrum of Σ_y
     * (noise-free data: the rank is exactly m; with samples pick relTol above the noise floor).
     */
    public static int numericalRank(double[] eigenvaluesDescending, double relTol) {
        int k = 0;
        double top = eigenvaluesDescending.length == 0 ? 0 : eigenvaluesDescending[0];
        for (double v : eigenvaluesDescending) {
            k += v > relTol * top ? 1 : 0;
        }
        return k;
    }
}
