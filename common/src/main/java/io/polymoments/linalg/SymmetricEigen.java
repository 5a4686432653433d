package io.polymoments.linalg;

import org.netlib.util.intW;

/**
 * Eigen-decomposition of a real symmetric n×n matrix (LAPACK dsyevd), eigenvalues in <b>descending</b>
 * order — the order every consumer here wants (spectrum, rank, whitening).
 *
 * @param values  eigenvalues λ_0 ≥ λ_1 ≥ … ≥ λ_{n−1}
 * @param vectors column-major n×n, column j the unit eigenvector of λ_j
 */
public record SymmetricEigen(int n, double[] values, double[] vectors) {

    /** Decomposes {@code a} (column-major n×n, symmetric; only the upper triangle is read). */
    public static SymmetricEigen of(double[] a, int n) {
        if (a.length != n * n) {
            throw new IllegalArgumentException("expected " + n + "x" + n + " = " + (n * n) + " entries, got " + a.length);
        }
        if (n == 0) {
            return new SymmetricEigen(0, new double[0], new double[0]);
        }
        for (double v : a) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("symmetric eigen-decomposition of a matrix with NaN or infinite entries");
            }
        }
        double[] work = a.clone();
        double[] w = new double[n];
        intW info = new intW(0);
        double[] wq = new double[1];
        int[] iwq = new int[1];
        NetlibProvider.lapack().dsyevd("V", "U", n, work, n, w, wq, -1, iwq, -1, info);
        int lwork = (int) wq[0];
        int liwork = iwq[0];
        NetlibProvider.lapack().dsyevd("V", "U", n, work, n, w, new double[lwork], lwork, new int[liwork], liwork, info);
        if (info.val != 0) {
            throw new LinalgException("dsyevd", info.val, info.val < 0
                    ? "argument " + (-info.val) + " had an illegal value"
                    : "the algorithm failed to converge");
        }
        // LAPACK returns ascending order; reverse values and columns.
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int j = 0; j < n; j++) {
            values[j] = w[n - 1 - j];
            System.arraycopy(work, (n - 1 - j) * n, vectors, j * n, n);
        }
        return new SymmetricEigen(n, values, vectors);
    }

    /** Eigenvector j, copied. */
    public double[] vector(int j) {
        return Matrices.column(vectors, n, j);
    }

    /** The first {@code k} eigenvectors as a column-major n×k matrix. */
    public double[] leadingVectors(int k) {
        return Matrices.leadingColumns(vectors, n, k);
    }
}
