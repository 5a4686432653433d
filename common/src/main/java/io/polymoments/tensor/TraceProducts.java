package io.polymoments.tensor;

import io.polymoments.linalg.Blas;

/**
 * Trace products of a family of symmetric R×R matrices stored consecutively (matrix a at offset a·R², column-major):
 * {@code tr3_abc = tr(G_a G_b G_c)} and {@code tr4_abcd = tr(G_a G_b G_c G_d)}, computed with GEMMs.
 * Uses tr(G_a G_b G_c) = ⟨vec(G_a G_b), vec(G_c)⟩ (G_c symmetric), so tr3 is (products) × (matrices).
 */
public final class TraceProducts {
    /** Work-buffer budget (doubles) for one block of products G_a·[G_0 … G_{n−1}]. */
    private static final int BLOCK_BUDGET = 1 << 22;

    private TraceProducts() {}

    /** n×n×n tensor, element (a,b,c) at a + n·b + n²·c. */
    public static double[] tr3(double[] mats, int n, int rr) {
        check(mats, n, rr);
        int r2 = rr * rr;
        double[] out = new double[n * n * n];
        if (n == 0) {
            return out;
        }
        int aBlock = Math.max(1, Math.min(n, BLOCK_BUDGET / Math.max(1, n * r2)));
        double[] prod = new double[aBlock * n * r2];
        double[] part = new double[aBlock * n * n];
        for (int a0 = 0; a0 < n; a0 += aBlock) {
            int na = Math.min(aBlock, n - a0);
            // prod block for a: R × (n·R) = G_a · [G_0 … G_{n−1}]; column (a−a0)·n + b of the R²×(na·n) view is vec(G_aG_b)
            for (int a = 0; a < na; a++) {
                Blas.gemm(false, false, rr, n * rr, rr, 1.0, mats, (a0 + a) * r2, rr, mats, 0, rr, 0.0, prod,
                        a * n * r2, rr);
            }
            // part (na·n × n) = prodᵀ · Gmat, Gmat = R² × n
            Blas.gemm(true, false, na * n, n, r2, 1.0, prod, 0, r2, mats, 0, r2, 0.0, part, 0, na * n);
            // part[(a·n + b) + na·n·c] = tr(G_{a0+a} G_b G_c); store at (a0+a) + n·b + n²·c
            for (int c = 0; c < n; c++) {
                for (int a = 0; a < na; a++) {
                    int src = a * n + na * n * c;
                    int dst = (a0 + a) + n * n * c;
                    for (int b = 0; b < n; b++) {
                        out[dst + n * b] = part[src + b];
                    }
                }
            }
        }
        return out;
    }

    /** n⁴ tensor tr(G_aG_bG_cG_d), element at a + n·b + n²·c + n³·d (small n only: n⁴ doubles). */
    public static double[] tr4(double[] mats, int n, int rr) {
        check(mats, n, rr);
        int r2 = rr * rr;
        long size = (long) n * n * n * n;
        if (size > 50_000_000L) {
            throw new IllegalArgumentException("tr4 of " + n + " matrices needs " + size + " entries; use n <= 80");
        }
        // P[:, a + n·b] = vec(G_a G_b); PT[:, c + n·d] = vec((G_c G_d)ᵀ) = vec(G_d G_c)
        double[] p = new double[n * n * r2];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                Blas.gemm(false, false, rr, rr, rr, 1.0, mats, a * r2, rr, mats, b * r2, rr, 0.0, p,
                        (a + n * b) * r2, rr);
            }
        }
        double[] pt = new double[n * n * r2];
        for (int c = 0; c < n; c++) {
            for (int d = 0; d < n; d++) {
                System.arraycopy(p, (d + n * c) * r2, pt, (c + n * d) * r2, r2);
            }
        }
        double[] out = new double[(int) size];
        // tr(G_aG_bG_cG_d) = Σ_il (G_aG_b)_il (G_cG_d)_li = ⟨vec(G_aG_b), vec((G_cG_d)ᵀ)⟩
        Blas.gemm(true, false, n * n, n * n, r2, 1.0, p, 0, r2, pt, 0, r2, 0.0, out, 0, n * n);
        return out;
    }

    private static void check(double[] mats, int n, int rr) {
        if (mats.length != n * rr * rr) {
            throw new IllegalArgumentException("expected " + n + " matrices of size " + rr + "x" + rr + " ("
                    + (n * rr * rr) + " entries), got " + mats.length);
        }
    }
}
