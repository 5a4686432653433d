package io.polymoments.learn.quadratic;

import io.polymoments.learn.optim.OptimizationResult;

import java.util.List;

/**
 * One stage of the refinement schedule: the weights used, the residuals before and after, the optimiser's record
 * (iterations, objective per iteration, stop reason) and, if requested with
 * {@link QuadraticRefinement#withResidualTrace}, the three residual norms after every iteration (else empty).
 */
public record RefinementStage(MomentWeights weights, MomentResiduals start, MomentResiduals end,
                              OptimizationResult optimization, List<MomentResiduals> trace) {
    public RefinementStage {
        trace = List.copyOf(trace);
    }

    public int iterations() {
        return optimization.iterations();
    }
}
