package io.polymoments.learn.quadratic;

import io.polymoments.linalg.NetlibProvider;
import io.polymoments.tensor.Svec;
import io.polymoments.tensor.Tensor3;

/**
 * The moment-matching objective as it was computed before the packed formulation of
 * {@link MomentMatchingObjective}: every ordered pair (b, c), traces over R² matrix entries, cost O(m²R³ + m³R²). Kept
 * as the reference the fast objective must reproduce.
 */
final class MomentMatchingReference {
    private MomentMatchingReference() {}

    /**
     * f(Z) and (when {@code g != null}) its gradient in svec rows (m×tri(R), before any coordinate is frozen).
     *
     * @param nu null to drop the mean term
     */
    static double valueAndGradient(double[] z, double[] nu, double[] tTilde, int m, int r, MomentWeights weights,
                                   double[] g) {
        final int k = Svec.tri(r);
        final int r2 = r * r;
        final double w1 = weights.w1();
        final double w2 = weights.w2();
        final double w3 = weights.w3();
        double[] tSym = Tensor3.symmetrize(tTilde, m);
        double s1 = 0;
        if (nu != null) {
            for (int a = 0; a < m; a++) {
                double tr = 0;
                for (int i = 0; i < r; i++) {
                    tr += z[a * k + i];
                }
                double res = tr - nu[a];
                s1 += res * res;
                if (g != null && w1 != 0) {
                    for (int i = 0; i < r; i++) {
                        g[a * k + i] += 2 * w1 * res;
                    }
                }
            }
        }
        double[] gram = new double[m * m];
        NetlibProvider.blas().dgemm("T", "N", m, m, k, 2.0, z, k, z, k, 0.0, gram, m);
        double s2 = 0;
        for (int a = 0; a < m; a++) {
            gram[a + a * m] -= 1.0;
        }
        for (double v : gram) {
            s2 += v * v;
        }
        if (g != null && w2 != 0) {
            NetlibProvider.blas().dgemm("N", "N", k, m, m, 8 * w2, z, k, gram, m, 1.0, g, k);
        }
        double s3 = 0;
        double[] mats = Svec.smatRows(z, m, r);
        double[] prod = new double[m * m * r2];
        double[] res3 = new double[m * m * m];
        for (int b = 0; b < m; b++) {
            NetlibProvider.blas().dgemm("N", "N", r, m * r, r, 1.0, mats, b * r2, r, mats, 0, r, 0.0, prod, b * m * r2,
                    r);
        }
        NetlibProvider.blas().dgemm("T", "N", m, m * m, r2, 8.0, mats, 0, r2, prod, 0, r2, 0.0, res3, 0, m);
        for (int b = 0; b < m; b++) {
            for (int c = 0; c < m; c++) {
                int col = (b * m + c) * m;
                int tOff = m * b + m * m * c;
                for (int a = 0; a < m; a++) {
                    double v = res3[col + a] - tSym[tOff + a];
                    res3[col + a] = v;
                    s3 += v * v;
                }
            }
        }
        if (g != null && w3 != 0) {
            double[] g3 = new double[r2 * m];
            NetlibProvider.blas().dgemm("N", "T", r2, m, m * m, 1.0, prod, 0, r2, res3, 0, m, 1.0, g3, 0, r2);
            double[] sv = new double[k];
            for (int a = 0; a < m; a++) {
                Svec.svecSymInto(g3, a * r2, r, sv, 0);
                for (int p = 0; p < k; p++) {
                    g[a * k + p] += 48 * w3 * sv[p];
                }
            }
        }
        return w1 * s1 + w2 * s2 + w3 * s3;
    }
}
