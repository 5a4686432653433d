package io.polymoments.linalg;

import org.netlib.util.intW;

/**
 * LU factorisation with partial pivoting of a square n×n matrix (LAPACK dgetrf) and solves with it
 * (dgetrs). Use it when the same matrix is solved against several right-hand sides.
 */
public final class Lu {
    private final int n;
    private final double[] factors;
    private final int[] pivots;

    private Lu(int n, double[] factors, int[] pivots) {
        this.n = n;
        this.factors = factors;
        this.pivots = pivots;
    }

    /** Factors {@code a} (column-major n×n, not modified); throws {@link LinalgException} when singular. */
    public static Lu of(double[] a, int n) {
        if (a.length != n * n) {
            throw new IllegalArgumentException("expected " + n + "x" + n + " entries, got " + a.length);
        }
        double[] f = a.clone();
        int[] ipiv = new int[Math.max(1, n)];
        intW info = new intW(0);
        NetlibProvider.lapack().dgetrf(n, n, f, Math.max(1, n), ipiv, info);
        if (info.val != 0) {
            throw new LinalgException("dgetrf", info.val, info.val < 0
                    ? "argument " + (-info.val) + " had an illegal value"
                    : "the matrix is exactly singular (U(" + info.val + "," + info.val + ") = 0)");
        }
        return new Lu(n, f, ipiv);
    }

    public int n() {
        return n;
    }

    /** X with op(A)·X = B, B column-major n×nrhs (not modified); op(A) = Aᵀ when {@code transpose}. */
    public double[] solve(double[] b, int nrhs, boolean transpose) {
        if (b.length != n * nrhs) {
            throw new IllegalArgumentException("right-hand side must be " + n + "x" + nrhs + ", has " + b.length + " entries");
        }
        double[] x = b.clone();
        intW info = new intW(0);
        NetlibProvider.lapack().dgetrs(transpose ? "T" : "N", n, nrhs, factors, Math.max(1, n), pivots, x,
                Math.max(1, n), info);
        if (info.val != 0) {
            throw new LinalgException("dgetrs", info.val, "argument " + (-info.val) + " had an illegal value");
        }
        return x;
    }
}
