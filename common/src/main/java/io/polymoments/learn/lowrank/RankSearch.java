package io.polymoments.learn.lowrank;

import io.polymoments.tensor.SymmetricIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Chooses the latent dimension r when it is not given. The models are nested in r (a Gram matrix of rank r is also
 * one of rank r + 1, up to r = m), so the best moment cost can only fall as r grows and every r above the true one
 * fits as well: the question is the one of factor analysis, the smallest r whose moments fit within their noise.
 * Candidates run from the smallest r whose degree-ω polynomials can hold m independent units, C(r+ω, ω) − 1 ≥ m, up
 * to r = m (the Gram of m units has rank ≤ m); the first whose fit matches (verdict FITS, or NOT_IDENTIFIABLE:
 * moments fit, parameters do not) is kept. The caller's fit may include a distribution check that downgrades FITS,
 * so a rank whose moments fit but whose law does not is passed over too.
 * <p>
 * Measured (population moments): the true r on every instance tried; below it the cost is 10¹⁶–10²⁰ times the
 * exactness threshold. With samples the smaller r can pass at small n (the data do not tell them apart), and an
 * optimisation failure at the true r moves the choice up; {@link Result#trials()} shows both.
 */
public final class RankSearch {
    private RankSearch() {}

    /**
     * One candidate r.
     *
     * @param skipped why the candidate was not fitted (strict identifiability), else null
     */
    public record Trial(int rank, LowRankVerdict verdict, double cost, double noiseLevel, int nullDimension,
                        int expectedNullDimension, String skipped) {}

    /**
     * @param fit    the fit at the chosen r (of the lowest-cost candidate when none matched its moments)
     * @param rank   the chosen r
     * @param trials every candidate tried, in order
     * @param reason one sentence on how r was chosen
     */
    public record Result(LowRankFit fit, int rank, List<Trial> trials, String reason) {}

    /** Smallest r for which m degree-ω units can be linearly independent: C(r+ω, ω) − 1 ≥ m. */
    public static int lowest(int m, int omega) {
        int r = 1;
        while (SymmetricIndex.binomial(r + omega, omega) - 1 < m) {
            r++;
        }
        return r;
    }

    /**
     * Fits r = {@link #lowest}(m, ω) … m in turn with {@code fitAtRank} and stops at the first whose moments fit.
     *
     * @param strict skip candidates beyond the identifiability bound ({@link LowRankLearner#identifiabilityWarning})
     *               instead of fitting them
     */
    public static Result search(int m, int omega, boolean strict, IntFunction<LowRankFit> fitAtRank) {
        if (m < 1) {
            throw new IllegalArgumentException("m must be >= 1, got " + m);
        }
        int lo = lowest(m, omega);
        int hi = Math.max(lo, m);
        List<Trial> trials = new ArrayList<>();
        LowRankFit best = null;
        int bestRank = -1;
        double bestRatio = Double.POSITIVE_INFINITY;
        for (int r = lo; r <= hi; r++) {
            if (strict && LowRankLearner.identifiabilityWarning(m, r, omega) != null) {
                trials.add(new Trial(r, null, Double.NaN, Double.NaN, -1, r * (r - 1) / 2,
                        "beyond the identifiability bound (strict)"));
                continue;
            }
            LowRankFit fit = fitAtRank.apply(r);
            trials.add(new Trial(r, fit.verdict(), fit.cost(), fit.noiseLevel(), fit.nullDimension(),
                    fit.expectedNullDimension(), null));
            if (fit.model() == null) {
                // near-Gaussian moments: decided before any r-dependent step, the same for every r
                return new Result(fit, r, trials, "no r tried beyond " + r + ": " + fit.verdict());
            }
            if (fit.verdict() == LowRankVerdict.FITS || fit.verdict() == LowRankVerdict.NOT_IDENTIFIABLE) {
                return new Result(fit, r, trials, String.format(Locale.ROOT, "r = %d: the smallest latent dimension"
                        + " in %d..%d whose moments fit (cost %.3g, noise level %.3g)", r, lo, hi, fit.cost(),
                        fit.noiseLevel()));
            }
            double ratio = fit.cost() / Math.max(fit.noiseLevel(), Double.MIN_NORMAL);
            if (best == null || ratio < bestRatio) {
                best = fit;
                bestRank = r;
                bestRatio = ratio;
            }
        }
        if (best == null) {
            // r = m is within the identifiability bound for every m and omega, so strict mode never skips them all
            throw new IllegalStateException("no candidate r in " + lo + ".." + hi + " was fitted");
        }
        return new Result(best, bestRank, trials, String.format(Locale.ROOT, "no r in %d..%d fits the moments;"
                + " kept r = %d, the lowest cost relative to its noise level (%.3g)", lo, hi, bestRank, bestRatio));
    }
}
