package io.polymoments.learn.optim;

/**
 * Outcome of a local optimisation.
 *
 * @param x              final point
 * @param value          objective at x (least squares: the cost ‖r(x)‖², no ½)
 * @param gradientMaxAbs max_i |∂f/∂x_i| at x (least squares: of 2 J^T r)
 * @param iterations     accepted iterations
 * @param evaluations    objective evaluations (least squares: residual evaluations)
 * @param stopReason     why it stopped
 * @param history        objective value at the start and after every accepted iteration (length iterations+1)
 */
public record OptimizationResult(double[] x, double value, double gradientMaxAbs, int iterations, int evaluations,
                                 StopReason stopReason, double[] history) {
}
