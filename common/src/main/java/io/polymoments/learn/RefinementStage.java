package io.polymoments.learn;

import io.polymoments.learn.optim.OptimizationResult;

/**
 * One stage of the refinement schedule: the weights used, the residuals before and after, and the optimiser's
 * record (iterations, objective per iteration, stop reason).
 */
public record RefinementStage(MomentWeights weights, MomentResiduals start, MomentResiduals end,
                              OptimizationResult optimization) {
    public int iterations() {
        return optimization.iterations();
    }
}
