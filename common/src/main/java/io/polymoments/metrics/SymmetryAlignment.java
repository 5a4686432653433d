package io.polymoments.metrics;

import io.polymoments.model.Hermite;
import io.polymoments.model.LowRankTransform;

/** Error of an estimated {@link LowRankTransform} against the truth modulo the model's symmetries. */
public final class SymmetryAlignment {
    private SymmetryAlignment() {}

    /**
     * @param errW        ‖W_est − W_true‖_F/‖W_true‖_F after alignment (unit-variance units)
     * @param errGram     max |ρ_est − ρ_true| of the Gram matrices of the unit directions
     * @param errS        max abs error of the normalised Hermite coefficients
     * @param permutation true unit l ↔ estimated unit permutation[l]
     */
    public record AlignmentError(double errW, double errGram, double errS, int[] permutation) {}

    /**
     * Errors of {@code estimate} against the true transform modulo the symmetries: rotation of x (Gram
     * matrices are compared), permutation of units, u_l → −u_l with S_lj → (−1)^j S_lj, (W_l, S_l) → (−W_l, −S_l)
     * and per-unit scale (W_l, S_l) → (κW_l, S_l/κ) (both sides are brought to unit-variance units).
     */
    public static AlignmentError align(LowRankTransform truth, LowRankTransform estimate) {
        int d = truth.outputDim();
        int m = truth.hidden();
        int omega = truth.degree();
        if (estimate.hidden() != m || estimate.outputDim() != d || estimate.degree() != omega) {
            throw new IllegalArgumentException("estimate has (d, m, omega) = (" + estimate.outputDim() + ", "
                    + estimate.hidden() + ", " + estimate.degree() + "), expected (" + d + ", " + m + ", " + omega + ")");
        }
        double[] wt = canonicalW(truth);
        double[] we = canonicalW(estimate);
        double[] st = canonicalS(truth);
        double[] se = canonicalS(estimate);
        double[] gt = truth.gram();
        double[] ge = estimate.gram();
        // permutation: maximise Σ |cos(W_est_col, W_true_col)|
        double[][] cost = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double dot = 0;
                double ni = 0;
                double nj = 0;
                for (int k = 0; k < d; k++) {
                    dot += we[k + d * i] * wt[k + d * j];
                    ni += we[k + d * i] * we[k + d * i];
                    nj += wt[k + d * j] * wt[k + d * j];
                }
                cost[j][i] = -Math.abs(dot) / Math.sqrt(ni * nj + 1e-300);
            }
        }
        int[] perm = Assignment.minimise(cost); // true unit j ↔ estimated unit perm[j]
        // per unit: candidate (eps, dl) sign choices with (near-)minimal error
        int[][] choices = new int[m][];
        for (int l = 0; l < m; l++) {
            int e = perm[l];
            double[] errs = new double[4];
            double wn = 0;
            for (int k = 0; k < d; k++) {
                wn += wt[k + d * l] * wt[k + d * l];
            }
            double best = Double.POSITIVE_INFINITY;
            for (int code = 0; code < 4; code++) {
                double eps = (code & 1) == 0 ? 1 : -1;
                double dl = (code & 2) == 0 ? 1 : -1;
                double err = 0;
                for (int k = 0; k < d; k++) {
                    double diff = dl * we[k + d * e] - wt[k + d * l];
                    err += diff * diff;
                }
                double es = 0;
                for (int j = 1; j <= omega; j++) {
                    double diff = dl * Math.pow(eps, j) * se[e + m * (j - 1)] - st[l + m * (j - 1)];
                    es += diff * diff;
                }
                errs[code] = err + es * wn;
                best = Math.min(best, errs[code]);
            }
            double tol = 1e-10 * wn + 1e-6 * best;
            int count = 0;
            int[] tmp = new int[4];
            for (int code = 0; code < 4; code++) {
                if (errs[code] <= best + tol) {
                    tmp[count++] = code;
                }
            }
            choices[l] = java.util.Arrays.copyOf(tmp, count);
        }
        // choose among ties the combination that best matches the Gram matrix (exhaustive up to 2^14 combos)
        int[] pick = new int[m];
        long combos = 1;
        for (int[] ch : choices) {
            combos *= ch.length;
        }
        double bestGram = Double.POSITIVE_INFINITY;
        int[] bestPick = new int[m];
        if (combos <= (1 << 14)) {
            for (long code = 0; code < combos; code++) {
                long rem = code;
                for (int l = 0; l < m; l++) {
                    pick[l] = choices[l][(int) (rem % choices[l].length)];
                    rem /= choices[l].length;
                }
                double g = gramError(pick, perm, ge, gt, m);
                if (g < bestGram) {
                    bestGram = g;
                    bestPick = pick.clone();
                }
            }
        } else { // greedy: fix units one at a time
            for (int l = 0; l < m; l++) {
                double bl = Double.POSITIVE_INFINITY;
                int bc = choices[l][0];
                for (int ch : choices[l]) {
                    pick[l] = ch;
                    double g = 0;
                    for (int k = 0; k < l; k++) {
                        g = Math.max(g, Math.abs(sign(pick[l]) * sign(pick[k]) * ge[perm[l] + m * perm[k]] - gt[l + m * k]));
                    }
                    if (g < bl) {
                        bl = g;
                        bc = ch;
                    }
                }
                pick[l] = bc;
            }
            bestPick = pick.clone();
            bestGram = gramError(bestPick, perm, ge, gt, m);
        }
        double num = 0;
        double den = 0;
        double errS = 0;
        for (int l = 0; l < m; l++) {
            int e = perm[l];
            double eps = sign(bestPick[l]);
            double dl = (bestPick[l] & 2) == 0 ? 1 : -1;
            for (int k = 0; k < d; k++) {
                double diff = dl * we[k + d * e] - wt[k + d * l];
                num += diff * diff;
                den += wt[k + d * l] * wt[k + d * l];
            }
            for (int j = 1; j <= omega; j++) {
                errS = Math.max(errS, Math.abs(dl * Math.pow(eps, j) * se[e + m * (j - 1)] - st[l + m * (j - 1)]));
            }
        }
        return new AlignmentError(Math.sqrt(num / den), bestGram, errS, perm);
    }


    private static double sign(int code) {
        return (code & 1) == 0 ? 1 : -1;
    }

    private static double gramError(int[] pick, int[] perm, double[] ge, double[] gt, int m) {
        double g = 0;
        for (int l = 0; l < m; l++) {
            for (int k = 0; k < l; k++) {
                double est = sign(pick[l]) * sign(pick[k]) * ge[perm[l] + m * perm[k]];
                g = Math.max(g, Math.abs(est - gt[l + m * k]));
            }
        }
        return g;
    }

    private static double[] unitSd(LowRankTransform t) {
        double[] s = t.normalisedCoefficients();
        double[] sd = new double[t.hidden()];
        double[] row = new double[t.degree()];
        for (int l = 0; l < t.hidden(); l++) {
            for (int j = 0; j < t.degree(); j++) {
                row[j] = s[l + t.hidden() * j];
            }
            sd[l] = Math.sqrt(Hermite.unitVariance(row));
        }
        return sd;
    }

    private static double[] canonicalW(LowRankTransform t) {
        double[] sd = unitSd(t);
        double[] out = t.outputWeights();
        for (int l = 0; l < t.hidden(); l++) {
            for (int i = 0; i < t.outputDim(); i++) {
                out[i + t.outputDim() * l] *= sd[l];
            }
        }
        return out;
    }

    private static double[] canonicalS(LowRankTransform t) {
        double[] sd = unitSd(t);
        double[] out = t.normalisedCoefficients();
        for (int l = 0; l < t.hidden(); l++) {
            for (int j = 0; j < t.degree(); j++) {
                out[l + t.hidden() * j] /= sd[l];
            }
        }
        return out;
    }
}
