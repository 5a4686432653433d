package io.polymoments.moments;

import io.polymoments.InvalidInputException;
import io.polymoments.linalg.SymmetricEigen;

/**
 * The driver's step between the passes: C = V diag(λ) Vᵀ (λ descending), a rank m, and the whitening of the data to m
 * dimensions.
 *
 * <p>Convention (the one every learner and the moment engine use): z = Wᵀ(y − μ) with
 * W = V_m diag(λ_m^{-1/2}), a d×m column-major matrix, kept as the moment engine's {@link Basis} (shift μ, matrix W),
 * so that z has identity covariance. B = V_m diag(λ_m^{1/2}) (d×m, the {@code colouring}) maps back: y − μ = Bz on the
 * support.
 *
 * @param mean         μ (length d)
 * @param covariance   C (d×d column-major)
 * @param eigenvalues  all d eigenvalues of C, descending
 * @param eigenvectors V (column-major, d rows); its first {@code rank} columns are V_m; null when {@link #recorded}
 * @param rank         m
 * @param basis        W with shift μ
 * @param colouring    B
 */
public record Whitening(double[] mean, double[] covariance, double[] eigenvalues, double[] eigenvectors, int rank,
                        Basis basis, double[] colouring) {

    /** Eigen-decomposition of a pass-1 sketch's covariance. */
    public static SymmetricEigen spectrum(MomentSketch pass1) {
        return SymmetricEigen.of(pass1.covariance(), pass1.dim());
    }

    /**
     * Numerical rank: eigenvalues above 1e-10·λ_1, cut earlier at a clear gap (a ratio λ_j/λ_{j+1} above 1e3, the
     * largest such). Used by {@code moments --whiten --rank auto}; the learners apply their own model-order rules.
     */
    public static int autoRank(double[] eigenvalues) {
        if (eigenvalues.length == 0 || !(eigenvalues[0] > 0)) {
            return 0;
        }
        int numerical = 0;
        while (numerical < eigenvalues.length && eigenvalues[numerical] > 1e-10 * eigenvalues[0]) {
            numerical++;
        }
        int best = numerical;
        double bestRatio = 1e3;
        for (int j = 0; j + 1 < numerical; j++) {
            double ratio = eigenvalues[j] / eigenvalues[j + 1];
            if (ratio > bestRatio) {
                bestRatio = ratio;
                best = j + 1;
            }
        }
        return best;
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

    /**
     * Whitening of rank k from a pass-1 sketch.
     *
     * @param setting the API name of the setting that gave the rank, for messages (e.g. "rank", or "hidden" when the
     *                rank is the number of hidden units)
     */
    public static Whitening of(MomentSketch pass1, SymmetricEigen eig, int rank, String setting) {
        int d = pass1.dim();
        String name = InvalidInputException.setting(setting);
        if (rank < 1 || rank > d) {
            throw new InvalidInputException(name + " " + rank + " is out of range: the data have d = " + d
                    + " dimensions; choose 1 <= " + name + " <= " + d + " or " + name + " auto");
        }
        double[] lambda = eig.values();
        if (!(lambda[rank - 1] > 1e-14 * Math.max(lambda[0], Double.MIN_NORMAL))) {
            throw new InvalidInputException(name + " " + rank + " asks to whiten along a direction of zero variance"
                    + " (eigenvalue " + lambda[rank - 1] + " vs largest " + lambda[0] + "); the covariance has numerical"
                    + " rank " + autoRank(lambda) + ". Use a smaller " + name + " or " + name + " auto.");
        }
        return fromEigen(pass1.mean(), pass1.covariance(), eig, rank);
    }

    /** W = V_m Λ_m^{-1/2} and B = V_m Λ_m^{1/2} from a checked eigen-decomposition; keeps mean and covariance. */
    static Whitening fromEigen(double[] mean, double[] covariance, SymmetricEigen eig, int rank) {
        int d = mean.length;
        double[] lambda = eig.values();
        double[] w = new double[d * rank];
        double[] b = new double[d * rank];
        double[] v = eig.vectors();
        for (int j = 0; j < rank; j++) {
            double s = Math.sqrt(lambda[j]);
            for (int i = 0; i < d; i++) {
                w[i + j * d] = v[i + j * d] / s;
                b[i + j * d] = v[i + j * d] * s;
            }
        }
        return new Whitening(mean, covariance, lambda.clone(), v.clone(), rank, new Basis(d, rank, mean.clone(), w), b);
    }

    /**
     * Whitening of rank m from a mean and covariance in memory (the low-rank learner's plain-array entry point and
     * population moments); fails clearly when the m-th eigenvalue is not positive.
     */
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
        double[] w = new double[d * m];
        double[] b = new double[d * m];
        for (int k = 0; k < m; k++) {
            double s = 1.0 / Math.sqrt(lam[k]);
            double root = Math.sqrt(lam[k]);
            for (int i = 0; i < d; i++) {
                w[i + d * k] = p[i + d * k] * s;
                b[i + d * k] = p[i + d * k] * root;
            }
        }
        return new Whitening(mean.clone(), covariance.clone(), lam, p, m, new Basis(d, m, mean.clone(), w), b);
    }

    /**
     * A whitening recorded with a sketch, W given (its eigenvectors are not kept: {@code eigenvectors} is null); the
     * shift of the basis is {@code mean}.
     */
    public static Whitening recorded(double[] mean, double[] covariance, double[] eigenvalues, double[] w,
                                     double[] colouring) {
        int d = mean.length;
        int m = w.length / d;
        return new Whitening(mean, covariance, eigenvalues, null, m, new Basis(d, m, mean.clone(), w), colouring);
    }

    /** Output dimension d. */
    public int d() {
        return mean.length;
    }

    /** z = Wᵀ(y − μ) for one row y. */
    public double[] whiten(double[] y) {
        int d = d();
        double[] w = basis.matrix();
        double[] z = new double[rank];
        for (int i = 0; i < d; i++) {
            double yi = y[i] - mean[i];
            for (int k = 0; k < rank; k++) {
                z[k] += w[i + d * k] * yi;
            }
        }
        return z;
    }
}
