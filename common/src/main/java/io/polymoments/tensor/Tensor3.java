package io.polymoments.tensor;

import io.polymoments.linalg.Blas;

/**
 * Contractions of a dense 3-tensor T of shape m1×m2×m3, element (a,b,c) at {@code a + m1·b + m1·m2·c}
 * (docs/quadratic.md §13). All kernels are GEMM/GEMV on unfoldings.
 */
public final class Tensor3 {
    private Tensor3() {}

    /** M_bc = Σ_a x_a T_abc (m×m, column-major) for a cubic m×m×m tensor. */
    public static double[] contractFirst(double[] t, int m, double[] x) {
        double[] out = new double[m * m];
        // T as m × m² matrix: xᵀT
        Blas.gemv(true, m, m * m, 1.0, t, 0, m, x, 0, 0.0, out, 0);
        return out;
    }

    /**
     * {@link #contractFirst} of p vectors at once (column j of the m×p column-major x), one GEMM that reads T once:
     * m²×p, column j = xⱼᵀT.
     */
    public static double[] contractFirst(double[] t, int m, double[] x, int p) {
        double[] out = new double[m * m * p];
        Blas.gemm(true, false, m * m, p, m, 1.0, t, 0, m, x, 0, m, 0.0, out, 0, m * m);
        return out;
    }

    /** v_a = Σ_bc T_abc x_b y_c for a cubic m×m×m tensor. */
    public static double[] contractLastTwo(double[] t, int m, double[] x, double[] y) {
        double[] tmp = new double[m * m];
        // T as m² × m matrix times y -> (a,b) matrix
        Blas.gemv(false, m * m, m, 1.0, t, 0, m * m, y, 0, 0.0, tmp, 0);
        double[] out = new double[m];
        Blas.gemv(false, m, m, 1.0, tmp, 0, m, x, 0, 0.0, out, 0);
        return out;
    }

    /** T(U,U,U) for a cubic m×m×m tensor and U m×p (column-major): p×p×p. */
    public static double[] multilinear(double[] t, int m, double[] u, int p) {
        return multilinear(t, m, m, m, u, p, u, p, u, p);
    }

    /**
     * T(U1,U2,U3)_{ijk} = Σ_abc T_abc U1_ai U2_bj U3_ck for T m1×m2×m3 and U_l m_l×p_l (column-major). Result p1×p2×p3.
     */
    public static double[] multilinear(double[] t, int m1, int m2, int m3, double[] u1, int p1, double[] u2, int p2,
                                       double[] u3, int p3) {
        check(t, m1 * m2 * m3, "tensor");
        check(u1, m1 * p1, "U1");
        check(u2, m2 * p2, "U2");
        check(u3, m3 * p3, "U3");
        // mode 1: R1 (p1 × m2·m3) = U1ᵀ · T(m1 × m2·m3)
        double[] r1 = new double[p1 * m2 * m3];
        Blas.gemm(true, false, p1, m2 * m3, m1, 1.0, u1, 0, m1, t, 0, m1, 0.0, r1, 0, p1);
        // mode 2: for each c, slice (p1 × m2) · U2 -> (p1 × p2)
        double[] r2 = new double[p1 * p2 * m3];
        for (int c = 0; c < m3; c++) {
            Blas.gemm(false, false, p1, p2, m2, 1.0, r1, c * p1 * m2, p1, u2, 0, m2, 0.0, r2, c * p1 * p2, p1);
        }
        // mode 3: (p1·p2 × m3) · U3
        double[] out = new double[p1 * p2 * p3];
        Blas.gemm(false, false, p1 * p2, p3, m3, 1.0, r2, 0, p1 * p2, u3, 0, m3, 0.0, out, 0, p1 * p2);
        return out;
    }

    /** K = T_(1)T_(1)ᵀ, K_ab = Σ_ce T_ace T_bce (m×m). */
    public static double[] unfoldingGram(double[] t, int m) {
        double[] k = new double[m * m];
        Blas.gemm(false, true, m, m, m * m, 1.0, t, 0, m, t, 0, m, 0.0, k, 0, m);
        return k;
    }

    /** Partial trace ptr(T)_a = Σ_b T_abb. */
    public static double[] partialTrace(double[] t, int m) {
        double[] p = new double[m];
        for (int b = 0; b < m; b++) {
            for (int a = 0; a < m; a++) {
                p[a] += t[a + m * b + m * m * b];
            }
        }
        return p;
    }

    /**
     * Fully symmetrised copy (average over the 6 index permutations), exactly symmetric: each average is computed once
     * per sorted triple a ≤ b ≤ c and written to all its permutations.
     */
    public static double[] symmetrize(double[] t, int m) {
        double[] s = new double[t.length];
        int m2 = m * m;
        for (int c = 0; c < m; c++) {
            for (int b = 0; b <= c; b++) {
                for (int a = 0; a <= b; a++) {
                    int abc = a + m * b + m2 * c;
                    int acb = a + m * c + m2 * b;
                    int bac = b + m * a + m2 * c;
                    int bca = b + m * c + m2 * a;
                    int cab = c + m * a + m2 * b;
                    int cba = c + m * b + m2 * a;
                    double v = (t[abc] + t[acb] + t[bac] + t[bca] + t[cab] + t[cba]) / 6.0;
                    s[abc] = v;
                    s[acb] = v;
                    s[bac] = v;
                    s[bca] = v;
                    s[cab] = v;
                    s[cba] = v;
                }
            }
        }
        return s;
    }

    /** Euclidean norm by the plain sum of squares (no scaling, unlike {@code Matrices.frobeniusNorm}). */
    public static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static void check(double[] a, int n, String what) {
        if (a.length != n) {
            throw new IllegalArgumentException(what + " must have " + n + " entries, got " + a.length);
        }
    }
}
