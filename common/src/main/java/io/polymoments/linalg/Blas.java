package io.polymoments.linalg;

/**
 * BLAS calls on sub-arrays (offset variants of dgemm/dgemv), column-major, for kernels that walk slices of a
 * larger buffer (tensor unfoldings, blocks of matrices) without copying.
 */
public final class Blas {
    private Blas() {}

    /** C[cOff..] = alpha·op(A[aOff..])·op(B[bOff..]) + beta·C, op(A) m×k, op(B) k×n, leading dims given. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                            int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        NetlibProvider.blas().dgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha, a, aOff, Math.max(1, lda),
                b, bOff, Math.max(1, ldb), beta, c, cOff, Math.max(1, ldc));
    }

    /** y = alpha·op(A)·x + beta·y with A an m×n column-major matrix (offset variant). */
    public static void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x,
                            int xOff, double beta, double[] y, int yOff) {
        if (m == 0 || n == 0) {
            return;
        }
        NetlibProvider.blas().dgemv(transA ? "T" : "N", m, n, alpha, a, aOff, Math.max(1, lda), x, xOff, 1, beta, y,
                yOff, 1);
    }
}
