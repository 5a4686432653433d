package dev.ludovic.netlib.blas;

/**
 * netlib's own Java BLAS with one deliberate error, standing in for a native kernel that computes wrong results.
 * It lives in netlib's package because the Java implementations are package-private there.
 */
public final class FaultyBLAS extends Java8BLAS {
    private final double dgemmError;
    private final int dsyrkFromN;
    private final double dsyrkError;

    private FaultyBLAS(double dgemmError, int dsyrkFromN, double dsyrkError) {
        this.dgemmError = dgemmError;
        this.dsyrkFromN = dsyrkFromN;
        this.dsyrkError = dsyrkError;
    }

    /** Every dgemm result's first entry off by the relative error {@code e} (0: a correct BLAS). */
    public static BLAS dgemmOffBy(double e) {
        return new FaultyBLAS(e, Integer.MAX_VALUE, 0);
    }

    /** dsyrk correct on small outputs and off by {@code e} from n ≥ {@code n} on, as a kernel wrong only on wide panels. */
    public static BLAS dsyrkOffFrom(int n, double e) {
        return new FaultyBLAS(0, n, e);
    }

    @Override
    protected void dgemmK(String transa, String transb, int m, int n, int k, double alpha, double[] a, int offseta,
                          int lda, double[] b, int offsetb, int ldb, double beta, double[] c, int offsetc, int ldc) {
        super.dgemmK(transa, transb, m, n, k, alpha, a, offseta, lda, b, offsetb, ldb, beta, c, offsetc, ldc);
        c[offsetc] *= 1 + dgemmError;
    }

    @Override
    protected void dsyrkK(String uplo, String trans, int n, int k, double alpha, double[] a, int offseta, int lda,
                          double beta, double[] c, int offsetc, int ldc) {
        super.dsyrkK(uplo, trans, n, k, alpha, a, offseta, lda, beta, c, offsetc, ldc);
        if (n >= dsyrkFromN) {
            c[offsetc + (n - 1) * ldc] *= 1 + dsyrkError;
        }
    }
}
