package io.polymoments.learn.quadratic;

import java.util.List;

/**
 * Outcome of the model-order decision (docs/quadratic.md §3, docs/noise.md §6).
 *
 * @param modelClass  chosen class (rotation-invariant only when requested)
 * @param r           number of latent variables
 * @param m           whitening rank (tri(r) or tri(r) + r)
 * @param gapRatio    λ_{m−1}/λ_m (+∞ when m = d)
 * @param bulkRatio   largest λ_j/λ_{j+1} over all other j (the "bulk" the gap must stand out from)
 * @param reason      one line saying which rule decided
 * @param candidates  the ranks tried against a noise tail when the spectrum showed no gap (empty otherwise)
 * @param unexplained null when the covariance fits the model; otherwise why no rank explains it (the decision is
 *                    then provisional, made only so that the higher moments can be checked)
 */
public record RankDecision(ModelClass modelClass, int r, int m, double gapRatio, double bulkRatio, String reason,
                           List<NoisyRankSearch.Candidate> candidates, String unexplained) {
    public RankDecision {
        candidates = List.copyOf(candidates);
    }

    /** A decision from the spectrum alone. */
    public RankDecision(ModelClass modelClass, int r, int m, double gapRatio, double bulkRatio, String reason) {
        this(modelClass, r, m, gapRatio, bulkRatio, reason, List.of(), null);
    }

    /** This decision, provisional: no rank explains the covariance, for the reason given, after these tries. */
    public RankDecision provisional(String why, List<NoisyRankSearch.Candidate> tried) {
        return new RankDecision(modelClass, r, m, gapRatio, bulkRatio, "provisional r = " + r + " (" + m + " whitened"
                + " coordinates, the most the class allows): no number of latent variables explains the covariance",
                tried, why);
    }
}
