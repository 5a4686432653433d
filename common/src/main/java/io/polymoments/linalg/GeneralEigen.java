package io.polymoments.linalg;

import org.netlib.util.intW;

/**
 * Eigenvalues and right eigenvectors of a real non-symmetric n×n matrix (LAPACK dgeev), in LAPACK's
 * real storage: a complex pair λ = re ± i·im occupies consecutive positions j, j+1 with im[j] > 0, and its
 * eigenvectors are columns j ± i·(column j+1) of {@code vectors}. Order is LAPACK's (unsorted).
 */
public record GeneralEigen(int n, double[] re, double[] im, double[] vectors) {

    public static GeneralEigen of(double[] a, int n) {
        if (a.length != n * n) {
            throw new IllegalArgumentException("expected " + n + "x" + n + " entries, got " + a.length);
        }
        if (n == 0) {
            return new GeneralEigen(0, new double[0], new double[0], new double[0]);
        }
        for (double v : a) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("eigen-decomposition of a matrix with NaN or infinite entries");
            }
        }
        double[] work = a.clone();
        double[] wr = new double[n];
        double[] wi = new double[n];
        double[] vr = new double[n * n];
        double[] vl = new double[1];
        intW info = new intW(0);
        double[] wq = new double[1];
        NetlibProvider.lapack().dgeev("N", "V", n, work, n, wr, wi, vl, 1, vr, n, wq, -1, info);
        int lwork = (int) wq[0];
        NetlibProvider.lapack().dgeev("N", "V", n, work, n, wr, wi, vl, 1, vr, n, new double[lwork], lwork, info);
        if (info.val != 0) {
            throw new LinalgException("dgeev", info.val, info.val < 0
                    ? "argument " + (-info.val) + " had an illegal value"
                    : "the QR algorithm failed to compute all eigenvalues");
        }
        return new GeneralEigen(n, wr, wi, vr);
    }
}
