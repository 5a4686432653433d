package io.polymoments.metrics;

import io.polymoments.linalg.Blas;
import io.polymoments.linalg.Svd;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.model.QuadraticTransform;
import java.util.SplittableRandom;

/**
 * Best rotation between two quadratic maps (docs/quadratic.md §12.1): minimises
 * Σ_i ‖O Q̂_i Oᵀ − Q_i‖² + ‖O b̂_i − b_i‖² over orthogonal O by the fixed point O ← polar(2 Σ_i Q_i O Q̂_i + Σ_i b_i b̂_iᵀ),
 * started from {@code nInit} random spectral initialisations (eigenvectors of random combinations Σ w_iQ_i, signs from
 * a second combination); with a linear part both global signs ±O are tried (the quadratic part cannot see the sign).
 */
public final class RotationAlignment {
    /** @param rotation O (r×r column-major) with truth ≈ O·estimate·Oᵀ; @param loss the minimised squared distance */
    public record Alignment(double[] rotation, double loss) {}

    private RotationAlignment() {}

    public static Alignment align(QuadraticTransform estimate, QuadraticTransform truth) {
        return align(estimate, truth, 8, 1L);
    }

    public static Alignment align(QuadraticTransform estimate, QuadraticTransform truth, int nInit, long seed) {
        int r = truth.r();
        int d = truth.d();
        if (estimate.r() != r || estimate.d() != d) {
            throw new IllegalArgumentException("cannot align maps of different shapes: estimate r=" + estimate.r() + " d="
                    + estimate.d() + ", truth r=" + r + " d=" + d);
        }
        if (nInit < 1) {
            throw new IllegalArgumentException("nInit must be >= 1, got " + nInit);
        }
        double[] q = truth.q();
        double[] qh = estimate.q();
        double[] b = truth.b();
        double[] bh = estimate.b();
        boolean linear = truth.hasLinearPart() || estimate.hasLinearPart();
        int r2 = r * r;
        // bbh = Σ_i b_i b̂_iᵀ (r×r)
        double[] bbh = new double[r2];
        Blas.gemm(false, true, r, r, d, 1.0, b, 0, r, bh, 0, r, 0.0, bbh, 0, r);
        SplittableRandom rng = new SplittableRandom(seed);
        Alignment best = null;
        double[] tmp = new double[r2];
        double[] m = new double[r2];
        for (int t = 0; t < nInit; t++) {
            double[] w1 = gaussian(rng, d);
            double[] w2 = gaussian(rng, d);
            SymmetricEigen e = SymmetricEigen.of(combine(q, w1, d, r), r);
            SymmetricEigen eh = SymmetricEigen.of(combine(qh, w1, d, r), r);
            double[] bm = sandwich(e.vectors(), combine(q, w2, d, r), r);
            double[] bmh = sandwich(eh.vectors(), combine(qh, w2, d, r), r);
            double[] had = new double[r2];
            for (int i = 0; i < r2; i++) {
                had[i] = bm[i] * bmh[i];
            }
            double[] sv = SymmetricEigen.of(had, r).vector(0);
            double[] vs = e.vectors().clone();
            for (int j = 0; j < r; j++) {
                double s = sv[j] < 0 ? -1.0 : 1.0;
                for (int i = 0; i < r; i++) {
                    vs[i + j * r] *= s;
                }
            }
            double[] o0 = new double[r2];
            Blas.gemm(false, true, r, r, r, 1.0, vs, 0, r, eh.vectors(), 0, r, 0.0, o0, 0, r);
            for (double sign : linear ? new double[] {1.0, -1.0} : new double[] {1.0}) {
                double[] o = o0.clone();
                for (int i = 0; i < r2; i++) {
                    o[i] *= sign;
                }
                for (int it = 0; it < 500; it++) {
                    System.arraycopy(bbh, 0, m, 0, r2);
                    for (int i = 0; i < d; i++) {
                        Blas.gemm(false, false, r, r, r, 1.0, q, i * r2, r, o, 0, r, 0.0, tmp, 0, r);
                        Blas.gemm(false, false, r, r, r, 2.0, tmp, 0, r, qh, i * r2, r, 1.0, m, 0, r);
                    }
                    double[] on = polar(m, r);
                    double diff = 0;
                    for (int i = 0; i < r2; i++) {
                        diff += (on[i] - o[i]) * (on[i] - o[i]);
                    }
                    o = on;
                    if (Math.sqrt(diff) < 1e-14) {
                        break;
                    }
                }
                double l = loss(o, q, qh, b, bh, d, r);
                if (best == null || l < best.loss()) {
                    best = new Alignment(o, l);
                }
            }
        }
        return best;
    }

    /** Σ_i ‖O Q̂_i Oᵀ − Q_i‖² + ‖O b̂_i − b_i‖². */
    static double loss(double[] o, double[] q, double[] qh, double[] b, double[] bh, int d, int r) {
        int r2 = r * r;
        double[] tmp = new double[r2];
        double[] rot = new double[r2];
        double s = 0;
        for (int i = 0; i < d; i++) {
            Blas.gemm(false, false, r, r, r, 1.0, o, 0, r, qh, i * r2, r, 0.0, tmp, 0, r);
            Blas.gemm(false, true, r, r, r, 1.0, tmp, 0, r, o, 0, r, 0.0, rot, 0, r);
            for (int e = 0; e < r2; e++) {
                double dl = rot[e] - q[i * r2 + e];
                s += dl * dl;
            }
        }
        double[] ob = new double[r * d];
        Blas.gemm(false, false, r, d, r, 1.0, o, 0, r, bh, 0, r, 0.0, ob, 0, r);
        for (int e = 0; e < ob.length; e++) {
            double dl = ob[e] - b[e];
            s += dl * dl;
        }
        return s;
    }

    static double[] polar(double[] a, int r) {
        Svd svd = Svd.of(a, r, r);
        double[] out = new double[r * r];
        Blas.gemm(false, false, r, r, r, 1.0, svd.u(), 0, r, svd.vt(), 0, r, 0.0, out, 0, r);
        return out;
    }

    private static double[] combine(double[] q, double[] w, int d, int r) {
        int r2 = r * r;
        double[] a = new double[r2];
        for (int i = 0; i < d; i++) {
            for (int e = 0; e < r2; e++) {
                a[e] += w[i] * q[i * r2 + e];
            }
        }
        return a;
    }

    private static double[] sandwich(double[] v, double[] a, int r) {
        double[] tmp = new double[r * r];
        double[] out = new double[r * r];
        Blas.gemm(true, false, r, r, r, 1.0, v, 0, r, a, 0, r, 0.0, tmp, 0, r);
        Blas.gemm(false, false, r, r, r, 1.0, tmp, 0, r, v, 0, r, 0.0, out, 0, r);
        return out;
    }

    private static double[] gaussian(SplittableRandom rng, int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = rng.nextGaussian();
        }
        return w;
    }
}
