package io.polymoments.linalg;

import org.netlib.util.intW;

/**
 * Cholesky factorisation A = U^T U of a symmetric positive definite n×n matrix (LAPACK dpotrf / dpotrs),
 * column-major. Used for the damped normal equations of Levenberg–Marquardt, where "not positive definite"
 * is an expected outcome (the caller increases the damping), so {@link #tryFactor} reports it by returning
 * {@code null} instead of throwing.
 */
public final class Cholesky {
    private final int n;
    private final double[] factor;

    private Cholesky(int n, double[] factor) {
        this.n = n;
        this.factor = factor;
    }

    /** Factorises a copy of {@code a} (only the upper triangle is read); {@code null} if A is not positive definite. */
    public static Cholesky tryFactor(double[] a, int n) {
        if (a.length != n * n) {
            throw new IllegalArgumentException("expected " + n + "x" + n + " = " + (n * n) + " entries, got " + a.length);
        }
        double[] u = a.clone();
        if (n == 0) {
            return new Cholesky(0, u);
        }
        intW info = new intW(0);
        NetlibProvider.lapack().dpotrf("U", n, u, n, info);
        if (info.val < 0) {
            throw new LinalgException("dpotrf", info.val, "argument " + (-info.val) + " had an illegal value");
        }
        return info.val == 0 ? new Cholesky(n, u) : null;
    }

    /** Solves A x = b for one right-hand side (b is not modified). */
    public double[] solve(double[] b) {
        if (b.length != n) {
            throw new IllegalArgumentException("right-hand side has length " + b.length + ", expected " + n);
        }
        double[] x = b.clone();
        if (n == 0) {
            return x;
        }
        intW info = new intW(0);
        NetlibProvider.lapack().dpotrs("U", n, 1, factor, n, x, n, info);
        if (info.val != 0) {
            throw new LinalgException("dpotrs", info.val, "argument " + (-info.val) + " had an illegal value");
        }
        return x;
    }

    public int n() {
        return n;
    }
}
