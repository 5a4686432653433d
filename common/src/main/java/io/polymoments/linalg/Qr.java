package io.polymoments.linalg;

import org.netlib.util.intW;

/**
 * Thin QR factorisation A = Q·R of a tall m×n matrix, m ≥ n (LAPACK dgeqrf + dorgqr). Q is m×n with
 * orthonormal columns, R is n×n upper triangular. Least squares through it is accurate to ε·cond(A),
 * where the normal equations only reach ε·cond(A)².
 */
public record Qr(int m, int n, double[] q, double[] r) {

    public static Qr of(double[] a, int m, int n) {
        if (a.length != m * n) {
            throw new IllegalArgumentException("expected " + m + "x" + n + " entries, got " + a.length);
        }
        if (m < n) {
            throw new IllegalArgumentException("thin QR needs a tall matrix, got " + m + "x" + n);
        }
        if (n == 0) {
            return new Qr(m, 0, new double[0], new double[0]);
        }
        double[] f = a.clone();
        double[] tau = new double[n];
        intW info = new intW(0);
        double[] wq = new double[1];
        NetlibProvider.lapack().dgeqrf(m, n, f, m, tau, wq, -1, info);
        int lwork = Math.max(1, (int) wq[0]);
        NetlibProvider.lapack().dgeqrf(m, n, f, m, tau, new double[lwork], lwork, info);
        if (info.val != 0) {
            throw new LinalgException("dgeqrf", info.val, "argument " + (-info.val) + " had an illegal value");
        }
        double[] r = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                r[i + j * n] = f[i + j * m];
            }
        }
        NetlibProvider.lapack().dorgqr(m, n, n, f, m, tau, wq, -1, info);
        lwork = Math.max(1, (int) wq[0]);
        NetlibProvider.lapack().dorgqr(m, n, n, f, m, tau, new double[lwork], lwork, info);
        if (info.val != 0) {
            throw new LinalgException("dorgqr", info.val, "argument " + (-info.val) + " had an illegal value");
        }
        return new Qr(m, n, f, r);
    }

    /**
     * Solves R·X = B by back substitution, B column-major n×nrhs (not modified). Columns whose
     * diagonal of R is exactly zero make the system singular and throw.
     */
    public double[] solveR(double[] b, int nrhs) {
        if (b.length != n * nrhs) {
            throw new IllegalArgumentException("right-hand side must be " + n + "x" + nrhs + ", has " + b.length);
        }
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {
            if (r[i + i * n] == 0.0) {
                throw new LinalgException("trsv", i + 1, "R is exactly singular at diagonal " + (i + 1));
            }
        }
        for (int c = 0; c < nrhs; c++) {
            int off = c * n;
            for (int i = n - 1; i >= 0; i--) {
                double s = x[off + i];
                for (int k = i + 1; k < n; k++) {
                    s -= r[i + k * n] * x[off + k];
                }
                x[off + i] = s / r[i + i * n];
            }
        }
        return x;
    }

    /** Least-squares solution of A·X ≈ B (B m×nrhs): X = R⁻¹·Qᵀ·B. */
    public double[] solve(double[] b, int nrhs) {
        return solveR(Matrices.multiply(true, q, false, b, n, nrhs, m), nrhs);
    }
}
