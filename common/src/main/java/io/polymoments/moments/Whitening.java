package io.polymoments.moments;

import io.polymoments.InvalidInputException;
import io.polymoments.linalg.SymmetricEigen;

/**
 * The driver's step between the passes: C = V diag(λ) Vᵀ (λ descending), a rank k, and the whitening basis
 * W = V_k diag(λ_k^{-1/2}) with shift = the mean, so that z = Wᵀ(y − μ) has identity covariance.
 * Also keeps B = V_k diag(λ_k^{1/2}) (y − μ = B z on the support) for mapping fitted parameters back.
 */
public record Whitening(double[] mean, double[] eigenvalues, double[] eigenvectors, int rank, Basis basis,
                        double[] colouring) {

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

    /** Whitening of rank k from a pass-1 sketch. */
    public static Whitening of(MomentSketch pass1, SymmetricEigen eig, int rank) {
        int d = pass1.dim();
        if (rank < 1 || rank > d) {
            throw new InvalidInputException("--rank " + rank + " is out of range: the data have d = " + d
                    + " dimensions; choose 1 <= rank <= " + d + " or --rank auto");
        }
        double[] lambda = eig.values();
        if (!(lambda[rank - 1] > 1e-14 * Math.max(lambda[0], Double.MIN_NORMAL))) {
            throw new InvalidInputException("--rank " + rank + " asks to whiten along a direction of zero variance"
                    + " (eigenvalue " + lambda[rank - 1] + " vs largest " + lambda[0] + "); the covariance has numerical"
                    + " rank " + autoRank(lambda) + ". Use a smaller --rank or --rank auto.");
        }
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
        double[] mean = pass1.mean();
        return new Whitening(mean, lambda.clone(), v.clone(), rank, new Basis(d, rank, mean.clone(), w), b);
    }
}
