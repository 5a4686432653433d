package io.polymoments.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import java.util.Locale;
import java.util.SplittableRandom;
import org.netlib.util.intW;

/**
 * Compares a BLAS/LAPACK implementation with a reference on the calls our code makes: small shapes of every
 * dgemm/dgemv variant with offsets, alpha and beta, the moment kernels' own shapes (dsyrk of a block and of its
 * symmetric square, dgemm of the square with the block; with row counts that span several of OpenBLAS's K panels and
 * an output wider than its M panel) and a symmetric eigen-decomposition large enough for divide and conquer (checked by its residual). A
 * native library can pick a CPU kernel that is wrong on a processor newer than the library; these calls expose such a
 * kernel, at 0.1 s of pure-Java work once per JVM (0.5–1 s with a cold JIT and the Vector API starting up).
 *
 * <p>Each entry must agree within the rounding error that both implementations are allowed: |c − c_ref| ≤ 2(k+2)·ε
 * ·(|α|·‖a_i‖·‖b_j‖ + |β|·|c₀|), the standard bound γ_k·|A||B| with Cauchy–Schwarz for |A||B| (cheap, and at most
 * √k looser). A kernel that is wrong at all is off by far more than that.
 */
final class BlasCheck {
    private static final double EPS = Math.ulp(1.0);

    private BlasCheck() {}

    /** The first disagreement between {@code blas} and {@code reference}, or null when they agree on every call. */
    static String compare(BLAS blas, BLAS reference) {
        SplittableRandom rng = new SplittableRandom(20_240_521L);
        String[] ops = {"N", "T"};
        for (String ta : ops) {
            for (String tb : ops) {
                String m = gemm(blas, reference, ta, tb, 7, 5, 3, 1.5, 0.5, 2, rng);
                if (m == null) {
                    m = gemm(blas, reference, ta, tb, 37, 29, 65, -1.0, 0.0, 0, rng);
                }
                if (m != null) {
                    return m;
                }
            }
        }
        for (String t : ops) {
            String m = gemv(blas, reference, t, 33, 19, rng);
            if (m != null) {
                return m;
            }
        }
        // The moment kernels' calls: a block of dim 21 (an odd packed size, 231) at the smallest block size (128 rows)
        // and at 400 rows (more than one K panel of every x86 kernel table: Q ≤ 384), and an output wider than any
        // M panel (P ≤ 512). Checked on sampled columns against the Java dgemv: a full Java product of these shapes
        // costs a second in a cold JVM.
        int dim = 21;
        int p2 = dim * (dim + 1) / 2;
        for (int rows : new int[] {128, 400}) {
            String m = product(blas, reference, dim, dim, rows, true, rng);
            if (m == null) {
                m = product(blas, reference, p2, p2, rows, true, rng);
            }
            if (m == null) {
                m = product(blas, reference, p2, dim, rows, false, rng);
            }
            if (m != null) {
                return m;
            }
        }
        return product(blas, reference, 520, 520, 8, true, rng);
    }

    /**
     * A problem with {@code lapack}'s symmetric eigen-decomposition (the driver's spectral work), or null when
     * A·V = V·Λ and VᵀV = I hold to rounding, both checked with the reference BLAS.
     */
    static String compare(LAPACK lapack, BLAS reference) {
        int n = 40;
        SplittableRandom rng = new SplittableRandom(7);
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                a[i + j * n] = rng.nextDouble(-1, 1);
                a[j + i * n] = a[i + j * n];
            }
        }
        double[] got = eigen(lapack, a, n);
        if (got == null) {
            return "dsyevd n=" + n + " reported a failure";
        }
        double norm = 0;
        for (double v : a) {
            norm += v * v;
        }
        double tol = 20.0 * n * EPS * Math.sqrt(norm);
        double[] av = new double[n * n];
        reference.dgemm("N", "N", n, n, n, 1.0, a, 0, n, got, n, n, 0.0, av, 0, n);
        double[] vtv = new double[n * n];
        reference.dgemm("T", "N", n, n, n, 1.0, got, n, n, got, n, n, 0.0, vtv, 0, n);
        double residual = 0;
        double orthogonality = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                residual = Math.max(residual, Math.abs(av[i + j * n] - got[n + i + j * n] * got[j]));
                orthogonality = Math.max(orthogonality, Math.abs(vtv[i + j * n] - (i == j ? 1 : 0)));
            }
        }
        if (!(residual <= tol && orthogonality <= 20.0 * n * EPS)) {
            return String.format(Locale.ROOT, "dsyevd n=%d: |A·V − V·Λ| = %.2g (bound %.2g), |VᵀV − I| = %.2g (bound %.2g)",
                    n, residual, tol, orthogonality, 20.0 * n * EPS);
        }
        return null;
    }

    /** Eigenvalues (n) followed by eigenvectors (n×n), or null when dsyevd reports a failure. */
    private static double[] eigen(LAPACK lapack, double[] a, int n) {
        double[] out = new double[n + n * n];
        System.arraycopy(a, 0, out, n, n * n);
        double[] w = new double[n];
        double[] wq = new double[1];
        int[] iwq = new int[1];
        intW info = new intW(0);
        lapack.dsyevd("V", "U", n, out, n, n, w, 0, wq, 0, -1, iwq, 0, -1, info);
        int lwork = (int) wq[0];
        int liwork = iwq[0];
        lapack.dsyevd("V", "U", n, out, n, n, w, 0, new double[lwork], 0, lwork, new int[liwork], 0, liwork, info);
        if (info.val != 0) {
            return null;
        }
        System.arraycopy(w, 0, out, 0, n);
        return out;
    }

    private static String gemm(BLAS blas, BLAS reference, String ta, String tb, int m, int n, int k, double alpha,
                               double beta, int offset, SplittableRandom rng) {
        int lda = ta.equals("N") ? m : k;
        int ldb = tb.equals("N") ? k : n;
        double[] a = random(offset + lda * (ta.equals("N") ? k : m), rng);
        double[] b = random(offset + ldb * (tb.equals("N") ? n : k), rng);
        double[] c0 = random(offset + m * n, rng);
        double[] c = c0.clone();
        double[] r = c0.clone();
        blas.dgemm(ta, tb, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta, c, offset, m);
        reference.dgemm(ta, tb, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta, r, offset, m);
        double[] rowNorm = new double[m];
        double[] colNorm = new double[n];
        for (int i = 0; i < m; i++) {
            for (int l = 0; l < k; l++) {
                double v = a[offset + (ta.equals("N") ? i + l * lda : l + i * lda)];
                rowNorm[i] += v * v;
            }
        }
        for (int j = 0; j < n; j++) {
            for (int l = 0; l < k; l++) {
                double v = b[offset + (tb.equals("N") ? l + j * ldb : j + l * ldb)];
                colNorm[j] += v * v;
            }
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                int p = offset + i + j * m;
                double bound = 2.0 * (k + 2) * EPS * (Math.abs(alpha) * Math.sqrt(rowNorm[i] * colNorm[j])
                        + Math.abs(beta) * Math.abs(c0[p])) + Double.MIN_NORMAL;
                String e = entry("dgemm " + ta + "," + tb + " m=" + m + " n=" + n + " k=" + k, i, j, c[p], r[p], bound);
                if (e != null) {
                    return e;
                }
            }
        }
        return null;
    }

    private static String gemv(BLAS blas, BLAS reference, String t, int m, int n, SplittableRandom rng) {
        int len = t.equals("N") ? n : m;
        int out = t.equals("N") ? m : n;
        double[] a = random(m * n, rng);
        double[] x = random(1 + len, rng);
        double[] y0 = random(1 + out, rng);
        double[] y = y0.clone();
        double[] r = y0.clone();
        blas.dgemv(t, m, n, 0.75, a, 0, m, x, 1, 1, -0.5, y, 1, 1);
        reference.dgemv(t, m, n, 0.75, a, 0, m, x, 1, 1, -0.5, r, 1, 1);
        double xNorm = 0;
        for (int l = 1; l <= len; l++) {
            xNorm += x[l] * x[l];
        }
        for (int i = 0; i < out; i++) {
            double rowNorm = 0;
            for (int l = 0; l < len; l++) {
                double v = t.equals("N") ? a[i + l * m] : a[l + i * m];
                rowNorm += v * v;
            }
            double bound = 2.0 * (len + 2) * EPS * (0.75 * Math.sqrt(rowNorm * xNorm) + 0.5 * Math.abs(y0[1 + i]))
                    + Double.MIN_NORMAL;
            String e = entry("dgemv " + t + " m=" + m + " n=" + n, i, 0, y[1 + i], r[1 + i], bound);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /**
     * C = A·Bᵀ with A m×k and B n×k column-major, as the kernels call it: dsyrk("U", "N") of A when {@code syrk} (B = A,
     * only the upper triangle defined), else dgemm("N", "T"). Compared on the first four, every eleventh and the last
     * eight columns (micro-kernel edges and panel boundaries) with the reference's dgemv of A and row j of B.
     */
    private static String product(BLAS blas, BLAS reference, int m, int n, int k, boolean syrk, SplittableRandom rng) {
        double[] a = random(m * k, rng);
        double[] b = syrk ? a : random(n * k, rng);
        double[] c = new double[m * n];
        String call;
        if (syrk) {
            blas.dsyrk("U", "N", n, k, 1.0, a, n, 0.0, c, n);
            call = "dsyrk U,N n=" + n + " k=" + k;
        } else {
            blas.dgemm("N", "T", m, n, k, 1.0, a, m, b, n, 0.0, c, m);
            call = "dgemm N,T m=" + m + " n=" + n + " k=" + k;
        }
        double[] rowNormA = rowNorms(a, m, k);
        double[] rowNormB = syrk ? rowNormA : rowNorms(b, n, k);
        double[] r = new double[m];
        for (int j = 0; j < n; j++) {
            if (j >= 4 && j % 11 != 0 && j < n - 8) {
                continue;
            }
            reference.dgemv("N", m, k, 1.0, a, 0, m, b, j, n, 0.0, r, 0, 1);
            for (int i = 0; i < (syrk ? j + 1 : m); i++) {
                double bound = 2.0 * (k + 2) * EPS * Math.sqrt(rowNormA[i] * rowNormB[j]) + Double.MIN_NORMAL;
                String e = entry(call, i, j, c[i + j * m], r[i], bound);
                if (e != null) {
                    return e;
                }
            }
        }
        return null;
    }

    private static double[] rowNorms(double[] a, int m, int k) {
        double[] norm = new double[m];
        for (int l = 0; l < k; l++) {
            for (int i = 0; i < m; i++) {
                norm[i] += a[i + l * m] * a[i + l * m];
            }
        }
        return norm;
    }

    private static String entry(String call, int i, int j, double got, double expected, double bound) {
        double diff = Math.abs(got - expected);
        if (diff <= bound) {
            return null;
        }
        return String.format(Locale.ROOT, "%s: entry (%d,%d) is %.17g, the reference %.17g (difference %.2g, bound %.2g)",
                call, i, j, got, expected, diff, bound);
    }

    private static double[] random(int n, SplittableRandom rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return v;
    }
}
