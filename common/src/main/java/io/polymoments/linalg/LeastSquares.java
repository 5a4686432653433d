package io.polymoments.linalg;

import org.netlib.util.intW;

/**
 * Minimum-norm least-squares solutions of A·X = B (LAPACK dgelsd, SVD-based, so rank-deficient A is
 * handled: singular values below {@code rcond·s_max} are treated as zero).
 */
public final class LeastSquares {
    private LeastSquares() {}

    /**
     * @param a    column-major m×n
     * @param b    column-major m×nrhs
     * @return column-major n×nrhs solution
     */
    public static double[] solve(double[] a, int m, int n, double[] b, int nrhs, double rcond) {
        if (a.length != m * n || b.length != m * nrhs) {
            throw new IllegalArgumentException("shape mismatch: A " + m + "x" + n + " has " + a.length
                    + " entries, B " + m + "x" + nrhs + " has " + b.length);
        }
        int ldb = Math.max(1, Math.max(m, n));
        double[] bw = new double[ldb * nrhs];
        for (int j = 0; j < nrhs; j++) {
            System.arraycopy(b, j * m, bw, j * ldb, m);
        }
        double[] aw = a.clone();
        double[] s = new double[Math.max(1, Math.min(m, n))];
        intW rank = new intW(0);
        intW info = new intW(0);
        double[] wq = new double[1];
        int[] iwq = new int[1];
        NetlibProvider.lapack().dgelsd(m, n, nrhs, aw, Math.max(1, m), bw, ldb, s, rcond, rank, wq, -1, iwq, info);
        int lwork = (int) wq[0];
        int liwork = Math.max(1, iwq[0]);
        NetlibProvider.lapack().dgelsd(m, n, nrhs, aw, Math.max(1, m), bw, ldb, s, rcond, rank, new double[lwork], lwork,
                new int[liwork], info);
        if (info.val != 0) {
            throw new LinalgException("dgelsd", info.val, info.val < 0
                    ? "argument " + (-info.val) + " had an illegal value"
                    : "the SVD did not converge");
        }
        double[] x = new double[n * nrhs];
        for (int j = 0; j < nrhs; j++) {
            System.arraycopy(bw, j * ldb, x, j * n, n);
        }
        return x;
    }

    /** Solves with the default cut-off rcond = max(m,n)·ε. */
    public static double[] solve(double[] a, int m, int n, double[] b, int nrhs) {
        return solve(a, m, n, b, nrhs, Math.max(m, n) * Math.ulp(1.0));
    }
}
