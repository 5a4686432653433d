package io.polymoments.fit;

/**
 * How to fit, as the user gave it: the family (quadratic or lowrank) and its settings, "auto" where the fit decides.
 * Each family parses and checks the settings it uses and refuses the others'.
 *
 * @param family     quadratic or lowrank
 * @param rank       latent dimension r, or auto
 * @param holdout    lowrank from samples: share of rows held out for the sliced-W1 check, auto, or 0
 * @param hidden     lowrank: hidden units m, or auto
 * @param degree     lowrank: activation degree (null: implied by the activation, 2 when free)
 * @param activation lowrank: known:h1,..|known-norms:h1,..|free
 * @param restarts   lowrank: Levenberg–Marquardt restarts
 * @param strict     lowrank: refuse m beyond the identifiability bound
 * @param affine     quadratic: fit the affine model
 * @param modelClass quadratic: auto, homogeneous or affine
 * @param inputLaw   quadratic: gaussian or rotation-invariant
 * @param seed       random seed
 * @param maxIter    quadratic: solver iterations per refinement stage
 * @param tol        quadratic: the refinement's relative-decrease tolerance
 * @param noise      quadratic: the additive output noise, auto, none, isotropic or diagonal
 */
public record FitSpec(String family, String rank, String holdout, String hidden, Integer degree, String activation,
                      int restarts, boolean strict, boolean affine, String modelClass, String inputLaw, long seed,
                      int maxIter, double tol, String noise) {
}
