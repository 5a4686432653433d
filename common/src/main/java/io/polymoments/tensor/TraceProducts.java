package io.polymoments.tensor;

import io.polymoments.linalg.Blas;

/**
 * Trace products of a family of symmetric R×R matrices stored consecutively (matrix a at offset a·R², column-major):
 * {@code tr3_abc = tr(G_a G_b G_c)} and {@code tr4_abcd = tr(G_a G_b G_c G_d)}, computed with GEMMs.
 * Uses tr(G_a G_b G_c) = ⟨vec(G_a G_b), vec(G_c)⟩ (G_c symmetric), so tr3 is (products) × (matrices).
 */
public final class TraceProducts {
    /** Pairs (b, c) per GEMM of {@link #tr3}: wide enough for full GEMM speed, small work arrays. */
    private static final int PAIR_BLOCK = 512;

    private TraceProducts() {}

    /**
     * n×n×n tensor, element (a,b,c) at a + n·b + n²·c. From the n(n+1)/2 pairs b ≤ c: tr(G_aG_bG_c) =
     * ⟨svec G_a, svec sym(G_bG_c)⟩, one GEMM over the tri(R) svec coordinates per block of pairs (n³·tri(R)/2
     * multiply-adds, against n³R² over all ordered pairs and matrix entries).
     */
    public static double[] tr3(double[] mats, int n, int rr) {
        check(mats, n, rr);
        int r2 = rr * rr;
        int k = Svec.tri(rr);
        double[] out = new double[n * n * n];
        if (n == 0) {
            return out;
        }
        double[] g = Svec.svecRows(mats, n, rr);    // k×n column-major: column a = svec(G_a)
        int block = Math.min(n * (n + 1) / 2, PAIR_BLOCK);
        double[] h = new double[k * block];          // column j = svec(sym(G_b G_c)) of the j-th pair
        double[] part = new double[n * block];
        int[] pairB = new int[block];
        int[] pairC = new int[block];
        double[] prod = new double[n * r2];
        int filled = 0;
        for (int b = 0; b < n; b++) {
            // G_b · [G_b … G_{n−1}]: column block c − b is G_b G_c
            Blas.gemm(false, false, rr, (n - b) * rr, rr, 1.0, mats, b * r2, rr, mats, b * r2, rr, 0.0, prod, 0, rr);
            for (int c = b; c < n; c++) {
                Svec.svecSymInto(prod, (c - b) * r2, rr, h, filled * k);
                pairB[filled] = b;
                pairC[filled] = c;
                if (++filled == block || (b == n - 1 && c == n - 1)) {
                    Blas.gemm(true, false, n, filled, k, 1.0, g, 0, k, h, 0, k, 0.0, part, 0, n);
                    for (int j = 0; j < filled; j++) {
                        int bc = n * pairB[j] + n * n * pairC[j];
                        int cb = n * pairC[j] + n * n * pairB[j];
                        System.arraycopy(part, j * n, out, bc, n);
                        System.arraycopy(part, j * n, out, cb, n);
                    }
                    filled = 0;
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
