package io.polymoments.metrics;

import io.polymoments.linalg.Blas;
import io.polymoments.model.QuadraticTransform;

/**
 * Exact upper bound on W2 between the laws of p(x) and p̂(x), x ~ N(0, I_r) (docs/quadratic.md §12.2), through the
 * coupling (p(x), p̂(Oᵀx)) with the aligning rotation O: W2² ≤ E|p(x) − p̂(Oᵀx)|² = Σ_i (tr D_i + f_i)² + 2‖D_i‖_F² +
 * ‖e_i‖², D_i = Q_i − OQ̂_iOᵀ, e_i = b_i − Ob̂_i, f_i = c_i − ĉ_i. In the units of y; no sampling.
 */
public final class CouplingBound {
    private CouplingBound() {}

    /** With the rotation of {@link RotationAlignment}. */
    public static double w2(QuadraticTransform truth, QuadraticTransform estimate) {
        return w2(truth, estimate, RotationAlignment.align(estimate, truth).rotation());
    }

    public static double w2(QuadraticTransform truth, QuadraticTransform estimate, double[] rotation) {
        int r = truth.r();
        int d = truth.d();
        if (estimate.r() != r || estimate.d() != d || rotation.length != r * r) {
            throw new IllegalArgumentException("shape mismatch: truth r=" + r + " d=" + d + ", estimate r=" + estimate.r()
                    + " d=" + estimate.d() + ", rotation " + rotation.length + " entries");
        }
        int r2 = r * r;
        double[] q = truth.q();
        double[] qh = estimate.q();
        double[] c = truth.c();
        double[] ch = estimate.c();
        double[] tmp = new double[r2];
        double[] rot = new double[r2];
        double s = 0;
        for (int i = 0; i < d; i++) {
            Blas.gemm(false, false, r, r, r, 1.0, rotation, 0, r, qh, i * r2, r, 0.0, tmp, 0, r);
            Blas.gemm(false, true, r, r, r, 1.0, tmp, 0, r, rotation, 0, r, 0.0, rot, 0, r);
            double tr = 0;
            double fro = 0;
            for (int e = 0; e < r2; e++) {
                double dl = q[i * r2 + e] - rot[e];
                fro += dl * dl;
            }
            for (int a = 0; a < r; a++) {
                tr += q[i * r2 + a + a * r] - rot[a + a * r];
            }
            double f = c[i] - ch[i];
            s += (tr + f) * (tr + f) + 2.0 * fro;
        }
        double[] ob = new double[r * d];
        Blas.gemm(false, false, r, d, r, 1.0, rotation, 0, r, estimate.b(), 0, r, 0.0, ob, 0, r);
        double[] b = truth.b();
        for (int e = 0; e < ob.length; e++) {
            s += (b[e] - ob[e]) * (b[e] - ob[e]);
        }
        return Math.sqrt(s);
    }
}
