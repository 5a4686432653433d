package io.polymoments.linalg;

import java.util.Arrays;
import java.util.Random;

/**
 * Small dense-matrix helpers on column-major {@code double[]} (LAPACK's layout): element (i, j) of an
 * m×n matrix is {@code a[i + j*m]}. Products go through BLAS dgemm; everything else is a loop.
 */
public final class Matrices {
    private Matrices() {}

    /** C = op(A)·op(B), where op(A) is m×k and op(B) is k×n. */
    public static double[] multiply(boolean transA, double[] a, boolean transB, double[] b, int m, int n, int k) {
        double[] c = new double[m * n];
        gemm(transA, transB, m, n, k, 1.0, a, b, 0.0, c);
        return c;
    }

    /** A·B with A m×k, B k×n. */
    public static double[] multiply(double[] a, double[] b, int m, int k, int n) {
        return multiply(false, a, false, b, m, n, k);
    }

    /** C = alpha·op(A)·op(B) + beta·C. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
                            double[] b, double beta, double[] c) {
        if (m == 0 || n == 0) {
            return;
        }
        int lda = transA ? Math.max(1, k) : Math.max(1, m);
        int ldb = transB ? Math.max(1, n) : Math.max(1, k);
        NetlibProvider.blas().dgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha, a, lda, b, ldb, beta, c,
                Math.max(1, m));
    }

    /** The transpose of an m×n matrix (result n×m). */
    public static double[] transpose(double[] a, int m, int n) {
        double[] t = new double[a.length];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                t[j + i * n] = a[i + j * m];
            }
        }
        return t;
    }

    public static double[] identity(int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i + i * n] = 1.0;
        }
        return a;
    }

    /** Frobenius norm, scaled to avoid overflow/underflow. */
    public static double frobeniusNorm(double[] a) {
        double scale = 0;
        double ssq = 1;
        for (double v : a) {
            if (v != 0) {
                double abs = Math.abs(v);
                if (scale < abs) {
                    ssq = 1 + ssq * (scale / abs) * (scale / abs);
                    scale = abs;
                } else {
                    ssq += (abs / scale) * (abs / scale);
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }

    /** ‖a − b‖_F. */
    public static double distance(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("length mismatch: " + a.length + " vs " + b.length);
        }
        double[] diff = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            diff[i] = a[i] - b[i];
        }
        return frobeniusNorm(diff);
    }

    /** (A + Aᵀ)/2 of an n×n matrix, in place; removes rounding asymmetry before a symmetric solver. */
    public static double[] symmetrizeInPlace(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                double v = 0.5 * (a[i + j * n] + a[j + i * n]);
                a[i + j * n] = v;
                a[j + i * n] = v;
            }
        }
        return a;
    }

    /** An m×n matrix of independent standard normal entries. */
    public static double[] gaussian(int m, int n, Random rng) {
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        return a;
    }

    /** Column j of an m×n matrix, copied. */
    public static double[] column(double[] a, int m, int j) {
        return Arrays.copyOfRange(a, j * m, (j + 1) * m);
    }

    /** The first {@code cols} columns of an m×n matrix, copied (column-major makes this one copy). */
    public static double[] leadingColumns(double[] a, int m, int cols) {
        return Arrays.copyOf(a, m * cols);
    }
}
