package io.polymoments.linalg;

import org.netlib.util.intW;

/**
 * Thin singular value decomposition A = U·diag(s)·Vᵀ of an m×n matrix (LAPACK dgesdd), s descending.
 *
 * @param u  column-major m×p, p = min(m, n)
 * @param s  p singular values, descending
 * @param vt column-major p×n
 */
public record Svd(int m, int n, double[] u, double[] s, double[] vt) {

    public static Svd of(double[] a, int m, int n) {
        if (a.length != m * n) {
            throw new IllegalArgumentException("expected " + m + "x" + n + " entries, got " + a.length);
        }
        int p = Math.min(m, n);
        if (p == 0) {
            return new Svd(m, n, new double[0], new double[0], new double[0]);
        }
        for (double v : a) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("SVD of a matrix with NaN or infinite entries");
            }
        }
        double[] work = a.clone();
        double[] s = new double[p];
        double[] u = new double[m * p];
        double[] vt = new double[p * n];
        int[] iwork = new int[8 * p];
        intW info = new intW(0);
        double[] wq = new double[1];
        NetlibProvider.lapack().dgesdd("S", m, n, work, m, s, u, m, vt, p, wq, -1, iwork, info);
        int lwork = (int) wq[0];
        NetlibProvider.lapack().dgesdd("S", m, n, work, m, s, u, m, vt, p, new double[lwork], lwork, iwork, info);
        if (info.val != 0) {
            throw new LinalgException("dgesdd", info.val, info.val < 0
                    ? "argument " + (-info.val) + " had an illegal value"
                    : "the bidiagonal SVD did not converge");
        }
        return new Svd(m, n, u, s, vt);
    }

    public int rank() {
        return s.length;
    }

    /** The first k left singular vectors (m×k). */
    public double[] leadingU(int k) {
        return Matrices.leadingColumns(u, m, k);
    }

    /** The first k right singular vectors as columns (n×k), i.e. the first k rows of Vᵀ transposed. */
    public double[] leadingV(int k) {
        int p = s.length;
        double[] v = new double[n * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                v[i + j * n] = vt[j + i * p];
            }
        }
        return v;
    }
}
