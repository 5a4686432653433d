package io.polymoments.learn.quadratic;

import static io.polymoments.InvalidInputException.setting;

import io.polymoments.tensor.Svec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the number of latent variables r and the model class from the covariance spectrum (docs/quadratic.md §3).
 * In the noiseless model the sample covariance has exact rank m: tri(r) (homogeneous) or tri(r+1) − 1 = tri(r) + r
 * (affine); the two sets are disjoint. Rules, in order:
 * <ol>
 *   <li>an override {@code rank} (= r) is honoured; the class is then the given one or, if none, the admissible m
 *       with the larger gap;</li>
 *   <li>if the largest ratio λ_j/λ_{j+1} is ≥ {@code minGapRatio} (default 1e6) and j is admissible, take it; if it
 *       is not admissible, the spectrum fits neither class and we stop with a diagnostic;</li>
 *   <li>if the covariance has full rank and d itself is admissible, m = d (no gap can be seen);</li>
 *   <li>noisy data: the admissible j with the largest ratio if that ratio is ≥ {@code bulkFactor} (default 10) times
 *       every other ratio;</li>
 *   <li>otherwise stop with a diagnostic listing the spectrum's largest gaps.</li>
 * </ol>
 */
public final class RankSelector {
    public static final double DEFAULT_MIN_GAP_RATIO = 1e6;
    public static final double DEFAULT_BULK_FACTOR = 10.0;

    private RankSelector() {}

    public static RankDecision decide(double[] eigenvaluesDescending, Integer rank, ModelClass modelClass) {
        return decide(eigenvaluesDescending, rank, modelClass, DEFAULT_MIN_GAP_RATIO, DEFAULT_BULK_FACTOR);
    }

    /**
     * @param eigenvaluesDescending all d eigenvalues of the covariance, descending
     * @param rank                  r override or null
     * @param modelClass            class override or null (ROTATION_INVARIANT uses the homogeneous ranks)
     */
    public static RankDecision decide(double[] eigenvaluesDescending, Integer rank, ModelClass modelClass,
                                      double minGapRatio, double bulkFactor) {
        double[] lam = eigenvaluesDescending;
        int d = lam.length;
        if (d == 0) {
            throw new IllegalArgumentException("empty covariance spectrum");
        }
        for (int j = 1; j < d; j++) {
            if (lam[j] > lam[j - 1] * (1 + 1e-12) + 1e-300) {
                throw new IllegalArgumentException("eigenvalues must be sorted in descending order");
            }
        }
        if (!(lam[0] > 0)) {
            throw new IllegalArgumentException("covariance is zero: the outputs are constant, nothing to learn");
        }
        double[] ratio = new double[d]; // ratio[j] = λ_{j-1}/λ_j for j = 1..d-1 (gap after the first j eigenvalues)
        // eigenvalues below the rounding level of eigh (≈ d·eps·λ_0, possibly negative) are numerically zero: clamp
        // them to that level, so the tail contributes ratios ≈ 1 and the gap at the true rank is λ_{m−1}/floor
        double floor = Math.max(lam[0] * d * 2.3e-16, Double.MIN_NORMAL);
        for (int j = 1; j < d; j++) {
            ratio[j] = Math.max(lam[j - 1], floor) / Math.max(lam[j], floor);
        }
        if (rank != null) {
            return withOverride(lam, ratio, rank, modelClass);
        }
        List<Candidate> cands = candidates(d, modelClass);
        Candidate best = null;
        for (Candidate c : cands) {
            if (c.m < d && (best == null || ratio[c.m] > ratio[best.m])) {
                best = c;
            }
        }
        int jStar = 1;
        for (int j = 2; j < d; j++) {
            if (ratio[j] > ratio[jStar]) {
                jStar = j;
            }
        }
        // rule 2: a clear gap
        if (d > 1 && ratio[jStar] >= minGapRatio) {
            if (best != null && best.m == jStar) {
                return new RankDecision(best.cls, best.r, best.m, ratio[best.m], bulk(ratio, best.m),
                        String.format(Locale.ROOT, "rank gap lambda_%d/lambda_%d = %.3g >= %.3g", best.m - 1, best.m,
                                ratio[best.m], minGapRatio));
            }
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the covariance has numerical rank %d (gap lambda_%d/lambda_%d = %.3g), which fits neither model "
                            + "class: admissible ranks are tri(r) = %s (homogeneous) and tri(r+1)-1 = %s (affine)%s. "
                            + "The Q_i may not span Sym(r), or the map is not quadratic; force a fit with %s and %s.",
                    jStar, jStar - 1, jStar, ratio[jStar], list(d, false), list(d, true),
                    modelClass == null ? "" : " (restricted to " + modelClass + ")", setting("rank"), setting("modelClass")));
        }
        // rule 3: full rank, d admissible
        for (Candidate c : cands) {
            if (c.m == d) {
                return new RankDecision(c.cls, c.r, c.m, Double.POSITIVE_INFINITY, d > 1 ? ratio[jStar] : 0,
                        "full-rank covariance and d = " + d + " is admissible (" + c.cls + ", r = " + c.r
                                + "); no gap can be checked");
            }
        }
        // rule 4: noisy data, the admissible gap stands out from the bulk
        if (best != null && ratio[best.m] >= bulkFactor * bulk(ratio, best.m)) {
            return new RankDecision(best.cls, best.r, best.m, ratio[best.m], bulk(ratio, best.m),
                    String.format(Locale.ROOT, "admissible gap %.3g stands out %.3gx from the other ratios (noisy data?)",
                            ratio[best.m], ratio[best.m] / bulk(ratio, best.m)));
        }
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        boolean[] used = new boolean[d];
        while (shown < Math.min(4, d - 1)) {
            int arg = -1;
            for (int j = 1; j < d; j++) {
                if (!used[j] && (arg < 0 || ratio[j] > ratio[arg])) {
                    arg = j;
                }
            }
            used[arg] = true;
            sb.append(String.format(Locale.ROOT, "%s lambda_%d/lambda_%d = %.3g", shown == 0 ? "" : ",", arg - 1, arg,
                    ratio[arg]));
            shown++;
        }
        throw new IllegalArgumentException("cannot decide the number of latent variables from the covariance spectrum "
                + "(d = " + d + "; largest gaps:" + sb + "). Admissible ranks are tri(r) = " + list(d, false)
                + " (homogeneous) and tri(r+1)-1 = " + list(d, true) + " (affine). If d < r(r+1)/2 no spectral method "
                + "applies; with additive noise give " + setting("rank") + " (and " + setting("modelClass") + ") explicitly.");
    }

    private static RankDecision withOverride(double[] lam, double[] ratio, int r, ModelClass cls) {
        int d = lam.length;
        if (r < 1) {
            throw new IllegalArgumentException("rank (number of latent variables r) must be >= 1, got " + r);
        }
        ModelClass chosen = cls;
        if (chosen == null) {
            int mh = ModelClass.HOMOGENEOUS.rank(r);
            int ma = ModelClass.AFFINE.rank(r);
            if (ma > d) {
                chosen = ModelClass.HOMOGENEOUS;
            } else if (ma == d) {
                chosen = mh < d && ratio[mh] >= DEFAULT_MIN_GAP_RATIO ? ModelClass.HOMOGENEOUS : ModelClass.AFFINE;
            } else {
                chosen = ratio[mh] >= ratio[ma] ? ModelClass.HOMOGENEOUS : ModelClass.AFFINE;
            }
        }
        int m = chosen.rank(r);
        if (m > d) {
            throw new IllegalArgumentException("rank r = " + r + " needs d >= " + m + " outputs for the " + chosen
                    + " model (tri(r)" + (chosen == ModelClass.AFFINE ? " + r" : "") + "), but d = " + d
                    + ": d < r(r+1)/2 has no spectral method (docs/quadratic.md section 8); use a smaller rank or "
                    + "moment matching from random restarts");
        }
        double gap = m < d ? ratio[m] : Double.POSITIVE_INFINITY;
        return new RankDecision(chosen, r, m, gap, bulk(ratio, m), "rank override r = " + r);
    }

    private static double bulk(double[] ratio, int exclude) {
        double b = 0;
        for (int j = 1; j < ratio.length; j++) {
            if (j != exclude) {
                b = Math.max(b, ratio[j]);
            }
        }
        return b;
    }

    record Candidate(ModelClass cls, int r, int m) {}

    /** The admissible (class, r, m) with m ≤ d, in increasing m. */
    static List<Candidate> candidates(int d, ModelClass cls) {
        List<Candidate> out = new ArrayList<>();
        for (int r = 1; Svec.tri(r) <= d; r++) {
            if (cls == null || cls == ModelClass.HOMOGENEOUS) {
                out.add(new Candidate(ModelClass.HOMOGENEOUS, r, Svec.tri(r)));
            }
            if (cls == ModelClass.ROTATION_INVARIANT && r >= 2) {
                out.add(new Candidate(ModelClass.ROTATION_INVARIANT, r, Svec.tri(r)));
            }
            if ((cls == null || cls == ModelClass.AFFINE) && Svec.tri(r) + r <= d) {
                out.add(new Candidate(ModelClass.AFFINE, r, Svec.tri(r) + r));
            }
        }
        return out;
    }

    private static String list(int d, boolean affine) {
        StringBuilder sb = new StringBuilder();
        for (int r = 1; r <= 6 && (affine ? Svec.tri(r) + r : Svec.tri(r)) <= Math.max(d, 28); r++) {
            sb.append(r == 1 ? "" : ",").append(affine ? Svec.tri(r) + r : Svec.tri(r));
        }
        return sb.append(",...").toString();
    }
}
