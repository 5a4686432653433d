package io.polymoments.learn.quadratic;

/**
 * Outcome of the model-order decision (docs/quadratic.md §3).
 *
 * @param modelClass chosen class (rotation-invariant only when requested)
 * @param r          number of latent variables
 * @param m          whitening rank (tri(r) or tri(r) + r)
 * @param gapRatio   λ_{m−1}/λ_m (+∞ when m = d)
 * @param bulkRatio  largest λ_j/λ_{j+1} over all other j (the "bulk" the gap must stand out from)
 * @param reason     one line saying which rule decided
 */
public record RankDecision(ModelClass modelClass, int r, int m, double gapRatio, double bulkRatio, String reason) {}
