package io.polymoments.decompose;

import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.Qr;
import io.polymoments.linalg.Svd;

import java.util.Random;

/**
 * The top-k singular triplets of an m×n matrix. For a matrix much larger than k a randomised range finder
 * with two power iterations (dgemm + dgeqrf + a small dgesdd) replaces the full SVD; it is exact when the
 * rank is ≤ k + oversampling, which is the case the ring algorithm meets (rank r3 plus noise).
 *
 * @param u  m×k
 * @param s  the leading singular values (at least k, more when available: s[k] measures the gap)
 * @param vt k×n
 */
record TruncatedSvd(double[] u, double[] s, double[] vt, int m, int n, int k) {
    private static final int OVERSAMPLE = 10;
    private static final int POWER_ITERATIONS = 2;

    static TruncatedSvd of(double[] w, int m, int n, int k, Random rng) {
        int p = Math.min(k + OVERSAMPLE, Math.min(m, n));
        if (2 * p >= Math.min(m, n)) {
            Svd svd = Svd.of(w, m, n);
            return new TruncatedSvd(svd.leadingU(k), svd.s(), leadingRows(svd.vt(), svd.s().length, n, k), m, n, k);
        }
        double[] y = Matrices.multiply(w, Matrices.gaussian(n, p, rng), m, n, p);
        for (int it = 0; it < POWER_ITERATIONS; it++) {
            double[] q = Qr.of(y, m, p).q();
            double[] z = Qr.of(Matrices.multiply(true, w, false, q, n, p, m), n, p).q();
            y = Matrices.multiply(w, z, m, n, p);
        }
        double[] q = Qr.of(y, m, p).q();
        double[] b = Matrices.multiply(true, q, false, w, p, n, m); // p × n
        Svd small = Svd.of(b, p, n);
        double[] u = Matrices.multiply(q, small.leadingU(k), m, p, k);
        return new TruncatedSvd(u, small.s(), leadingRows(small.vt(), small.s().length, n, k), m, n, k);
    }

    private static double[] leadingRows(double[] vt, int rows, int n, int k) {
        double[] out = new double[k * n];
        for (int j = 0; j < n; j++) {
            System.arraycopy(vt, j * rows, out, j * k, k);
        }
        return out;
    }

    /** s[k] / s[0]: ~0 when the matrix has rank k, O(1) when the rank is wrong. */
    double gap() {
        return s.length > k ? s[k] / s[0] : 0.0;
    }
}
