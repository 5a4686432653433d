package io.polymoments.decompose;

import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.SymmetricEigen;

import java.util.Arrays;

/**
 * Tensor-ring ranks from unfolding ranks (docs/tensor-ring.md §2). The mode-m unfolding of a generic ring has rank
 * R_m·R_{m+1}, and the unfolding of the consecutive pair (m, m+1) has rank R_m·R_{m+2}. Taking logs gives a
 * linear system in log R; single-mode equations alone determine it only for odd N, so for N ≥ 4 the pair
 * unfoldings are added. The rounded solution must reproduce every measured unfolding rank, otherwise the
 * tensor is not a generic ring with measurable ranks and the caller is told to give the ranks.
 *
 * <p>Numerical rank: singular values from the Gram matrix, clipped at 1e-7·s_max (the Gram route's
 * √ε floor), then the position of the largest gap in log s.
 */
public final class RingRankEstimator {
    private RingRankEstimator() {}

    /**
     * @param ranks        R_0 … R_{N−1}
     * @param modeRanks    measured rank of each single-mode unfolding (should equal R_m R_{m+1})
     * @param pairRanks    measured rank of each consecutive-pair unfolding (N ≥ 4; R_m R_{m+2}), else empty
     */
    public record Estimate(int[] ranks, int[] modeRanks, int[] pairRanks) {}

    public static Estimate estimate(DenseTensor t) {
        int order = t.order();
        if (order < 3) {
            throw new IllegalArgumentException("rank estimation needs a tensor of order >= 3, got order " + order);
        }
        int[] mode = new int[order];
        for (int m = 0; m < order; m++) {
            mode[m] = numericalRank(t.cyclicUnfolding(m), t.dim(m), t.size() / t.dim(m));
        }
        int[] pair = new int[order >= 4 ? order : 0];
        for (int m = 0; m < pair.length; m++) {
            int rows = t.dim(m) * t.dim((m + 1) % order);
            pair[m] = numericalRank(t.cyclicUnfolding(m), rows, t.size() / rows);
        }
        // least squares for x = log R: x_m + x_{m+1} = log mode[m], x_m + x_{m+2} = log pair[m]
        int eqs = order + pair.length;
        double[] a = new double[eqs * order];
        double[] b = new double[eqs];
        for (int m = 0; m < order; m++) {
            a[m + eqs * m] += 1;
            a[m + eqs * ((m + 1) % order)] += 1;
            b[m] = Math.log(mode[m]);
        }
        for (int m = 0; m < pair.length; m++) {
            int row = order + m;
            a[row + eqs * m] += 1;
            a[row + eqs * ((m + 2) % order)] += 1;
            b[row] = Math.log(pair[m]);
        }
        double[] x = io.polymoments.linalg.LeastSquares.solve(a, eqs, order, b, 1);
        int[] ranks = new int[order];
        double[] real = new double[order];
        for (int m = 0; m < order; m++) {
            real[m] = Math.exp(x[m]);
            ranks[m] = (int) Math.max(1, Math.round(real[m]));
        }
        boolean consistent = true;
        for (int m = 0; m < order; m++) {
            consistent &= mode[m] == ranks[m] * ranks[(m + 1) % order];
        }
        for (int m = 0; m < pair.length; m++) {
            consistent &= pair[m] == ranks[m] * ranks[(m + 2) % order];
        }
        if (!consistent) {
            StringBuilder sb = new StringBuilder();
            for (double r : real) {
                sb.append(sb.length() == 0 ? "" : ", ").append(String.format("%.3g", r));
            }
            throw new IllegalArgumentException("cannot estimate tensor-ring ranks: the unfolding ranks " + Arrays.toString(mode)
                    + (pair.length > 0 ? " (single modes) and " + Arrays.toString(pair) + " (consecutive pairs)" : "")
                    + " are not consistent with a generic tensor ring (they would need non-integer ranks [" + sb
                    + "]). Either the tensor is not a generic ring, an unfolding is capped by a small dimension"
                    + " (the estimate needs d_m >= R_m*R_{m+1} in every mode), or the noise hides the gap;"
                    + " give the ranks explicitly");
        }
        return new Estimate(ranks, mode, pair);
    }

    /** Largest-log-gap rank of a column-major rows × cols matrix, through the Gram matrix of the smaller side. */
    static int numericalRank(double[] a, int rows, int cols) {
        double[] gram;
        int p;
        if (rows <= cols) {
            gram = Matrices.multiply(false, a, true, a, rows, rows, cols);
            p = rows;
        } else {
            gram = Matrices.multiply(true, a, false, a, cols, cols, rows);
            p = cols;
        }
        Matrices.symmetrizeInPlace(gram, p);
        double[] ev = SymmetricEigen.of(gram, p).values();
        if (p == 1) {
            return 1;
        }
        double smax = Math.sqrt(Math.max(ev[0], 0));
        if (smax == 0) {
            throw new IllegalArgumentException("cannot estimate ranks of an all-zero tensor");
        }
        double floor = 1e-7 * smax;
        int best = 1;
        double bestGap = -1;
        for (int k = 0; k + 1 < p; k++) {
            double s0 = Math.max(Math.sqrt(Math.max(ev[k], 0)), floor);
            double s1 = Math.max(Math.sqrt(Math.max(ev[k + 1], 0)), floor);
            double gap = Math.log(s0 / s1);
            if (gap > bestGap) {
                bestGap = gap;
                best = k + 1;
            }
        }
        return best;
    }
}
