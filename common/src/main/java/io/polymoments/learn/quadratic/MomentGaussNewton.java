package io.polymoments.learn.quadratic;

import io.polymoments.learn.optim.GaussNewtonFunction;
import io.polymoments.linalg.NetlibProvider;
import io.polymoments.tensor.Svec;

/**
 * The Gauss–Newton matrix H = 2JᵀJ of the moment-matching objective (docs/quadratic.md §7) at one frame Z, applied
 * to a direction V without forming J or the m³ residual tensor. With X_abc = tr(V_aZ_bZ_c) + tr(Z_aV_bZ_c) +
 * tr(Z_aZ_bV_c) (the directional derivative of tr3, fully symmetric),
 * <pre>
 *   (HV)_a = 2w1 tr(V_a) I + 16w2 Σ_b (⟨V_a,Z_b⟩ + ⟨Z_a,V_b⟩) Z_b + 384w3 sym(Σ_bc X_abc Z_bZ_c),
 * </pre>
 * and the last sum is a contraction over R×R indices only: with M = Σ_b Z_b⊗Z_b and K = Σ_b V_b⊗Z_b (R²×R²),
 * Σ_bc X_abc Z_bZ_c = N1(V_a) + (N2 + N3)(Z_a) where N1_{ij,ps} = Σ_kq M_{jk,pq}M_{ki,qs}, N2 the same with K in place
 * of the first M and N3 with K in place of the second. Cost: N1 once per frame (R⁶), each product 3mR⁴ + 2R⁶ + 2m²k
 * instead of the m³k of a residual evaluation.
 */
final class MomentGaussNewton implements GaussNewtonFunction.Operator {
    private final int m;
    private final int r;
    private final int k;
    private final int[] free;
    private final double w1;
    private final double w2;
    private final double w3;
    private final double[] z;      // svec rows, m×k (column-major k×m)
    private final double[] mats;   // R²×m, column b = vec(Z_b)
    private final double[] pm;     // M with its middle indices swapped, see permute
    private final double[] n1;

    /**
     * @param z    the frame as svec rows (m×tri(R)), frozen coordinates included
     * @param free the svec coordinates that are parameters
     * @param w1   weight of the mean term, 0 when there is none
     */
    MomentGaussNewton(double[] z, int m, int r, int[] free, double w1, double w2, double w3) {
        this.m = m;
        this.r = r;
        this.k = Svec.tri(r);
        this.free = free;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
        this.z = z;
        this.mats = Svec.smatRows(z, m, r);
        if (w3 != 0) {
            int r2 = r * r;
            double[] mm = new double[r2 * r2];
            NetlibProvider.blas().dgemm("N", "T", r2, r2, m, 1.0, mats, r2, mats, r2, 0.0, mm, r2);
            this.pm = permute(mm, r);
            this.n1 = new double[r2 * r2];
            contract(pm, pm, n1, 0.0);
        } else {
            this.pm = null;
            this.n1 = null;
        }
    }

    @Override
    public void apply(double[] v, double[] out) {
        int nf = free.length;
        double[] vRows = new double[m * k];
        for (int a = 0; a < m; a++) {
            for (int q = 0; q < nf; q++) {
                vRows[a * k + free[q]] = v[a * nf + q];
            }
        }
        double[] o = new double[m * k];
        if (w1 != 0) {
            for (int a = 0; a < m; a++) {
                double tr = 0;
                for (int i = 0; i < r; i++) {
                    tr += vRows[a * k + i];
                }
                for (int i = 0; i < r; i++) {
                    o[a * k + i] += 2 * w1 * tr;
                }
            }
        }
        if (w2 != 0) {
            // G_ab = ⟨v_a, z_b⟩; the covariance residual moves by D = 2(G + Gᵀ); o_a += 8w2 Σ_b D_ab z_b
            double[] gm = new double[m * m];
            NetlibProvider.blas().dgemm("T", "N", m, m, k, 1.0, vRows, k, z, k, 0.0, gm, m);
            for (int a = 0; a < m; a++) {
                for (int b = a; b < m; b++) {
                    double d = 2 * (gm[a + b * m] + gm[b + a * m]);
                    gm[a + b * m] = d;
                    gm[b + a * m] = d;
                }
            }
            NetlibProvider.blas().dgemm("N", "N", k, m, m, 8 * w2, z, k, gm, m, 1.0, o, k);
        }
        if (w3 != 0) {
            int r2 = r * r;
            double[] vm = Svec.smatRows(vRows, m, r);
            double[] kk = new double[r2 * r2];
            NetlibProvider.blas().dgemm("N", "T", r2, r2, m, 1.0, vm, r2, mats, r2, 0.0, kk, r2);
            double[] pk = permute(kk, r);
            double[] n23 = new double[r2 * r2];
            contract(pk, pm, n23, 0.0);
            contract(pm, pk, n23, 1.0);
            double[] y = new double[r2 * m];
            NetlibProvider.blas().dgemm("T", "N", r2, m, r2, 1.0, n1, r2, vm, r2, 0.0, y, r2);
            NetlibProvider.blas().dgemm("T", "N", r2, m, r2, 1.0, n23, r2, mats, r2, 1.0, y, r2);
            double[] sv = new double[k];
            for (int a = 0; a < m; a++) {
                Svec.svecSymInto(y, a * r2, r, sv, 0);
                for (int p = 0; p < k; p++) {
                    o[a * k + p] += 384 * w3 * sv[p];
                }
            }
        }
        for (int a = 0; a < m; a++) {
            for (int q = 0; q < nf; q++) {
                out[a * nf + q] = o[a * k + free[q]];
            }
        }
    }

    /**
     * out[(j,i),(p,s)] = beta·out + Σ_kq A_{jk,pq} B_{ki,qs} for A, B given permuted ({@link #permute}): one R²×R²×R²
     * GEMM and a permutation back.
     */
    private void contract(double[] pa, double[] pb, double[] out, double beta) {
        int r2 = r * r;
        double[] c = new double[r2 * r2];
        NetlibProvider.blas().dgemm("N", "N", r2, r2, r2, 1.0, pa, r2, pb, r2, 0.0, c, r2);
        double[] back = permute(c, r);
        for (int i = 0; i < back.length; i++) {
            out[i] = beta * out[i] + back[i];
        }
    }

    /**
     * The R²×R² matrix X[(a,b),(c,d)] (index a + Rb + R²(c + Rd)) rearranged as P[(a,c),(b,d)]: then
     * Σ_kq A_{jk,pq} B_{ki,qs} is the matrix product P(A)·P(B) at [(j,p),(i,s)], and P of that product holds it at
     * [(j,i),(p,s)].
     */
    private static double[] permute(double[] x, int r) {
        int r2 = r * r;
        double[] p = new double[r2 * r2];
        for (int d = 0; d < r; d++) {
            for (int c = 0; c < r; c++) {
                for (int b = 0; b < r; b++) {
                    int src = r * b + r2 * (c + r * d);
                    int dst = r * c + r2 * (b + r * d);
                    for (int a = 0; a < r; a++) {
                        p[dst + a] = x[src + a];
                    }
                }
            }
        }
        return p;
    }
}
