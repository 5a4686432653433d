package io.polymoments.model;

/** What is known about the activations of a {@link LowRankTransform} (docs/lowrank.md §1). */
public enum ActivationMode {
    /** σ known for unit-norm hidden weights; no free activation parameters. */
    KNOWN,
    /** σ known, applied to ⟨a_l, x⟩ with unknown norms α_l = ‖a_l‖ (one free scale per unit). */
    KNOWN_UNKNOWN_NORMS,
    /** Free per-unit Hermite coefficients, normalised to unit-variance units (Σ_j j!·S_lj² = 1). */
    FREE
}
