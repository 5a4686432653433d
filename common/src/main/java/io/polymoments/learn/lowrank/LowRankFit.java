package io.polymoments.learn.lowrank;

import io.polymoments.model.LowRankTransform;

/**
 * Result of {@link LowRankLearner#fit}.
 *
 * @param verdict               what the fit may be trusted for
 * @param message               plain-language explanation of the verdict
 * @param model                 fitted transform (W, A, c, activations; canonical unit-variance units in FREE mode),
 *                              null when no fit was attempted (near-Gaussian moments)
 * @param cost                  final weighted moment cost Σ residual² (gauge rows included, they vanish at a solution)
 * @param noiseLevel            the cost expected from sampling noise: number of moment residuals with standard errors,
 *                              the exactness threshold for population moments
 * @param momentResiduals       number of moment residuals (unique entries of orders 2–4)
 * @param parameters            number of parameters of the moment map
 * @param nullDimension         numerical null-space dimension of the moment Jacobian at the solution
 * @param expectedNullDimension r(r−1)/2 (rotations of x)
 * @param singularValues        singular values of the weighted moment Jacobian, descending
 * @param restartCosts          final cost of every restart, in order (KNOWN_UNKNOWN_NORMS: of the α refinements of the
 *                              free restarts, best free fit first)
 * @param poolSize              number of candidate directions from Step A
 * @param contrastOrder         primary Step A contrast (3: skewness, 4: kurtosis)
 * @param contrastMaxima        values of the distinct maxima of the primary contrast (more than m equal values hint
 *                              at a finite ambiguity the Jacobian test cannot see)
 * @param identifiabilityWarning non-null when m exceeds the generic identifiability bound for σ = He_ω
 * @param gaussianityZ          standardised statistics {order 3, order 4} of the whitened cumulants (NaN if not computed)
 * @param millis                wall time of {Step A, Step B, Step C, Step D} in milliseconds
 */
public record LowRankFit(LowRankVerdict verdict, String message, LowRankTransform model, double cost, double noiseLevel,
                         int momentResiduals, int parameters, int nullDimension, int expectedNullDimension,
                         double[] singularValues, double[] restartCosts, int poolSize, int contrastOrder,
                         double[] contrastMaxima, String identifiabilityWarning, double[] gaussianityZ, long[] millis) {

    /** Index of the restart that produced the returned model. */
    public int bestRestart() {
        int best = 0;
        for (int i = 1; i < restartCosts.length; i++) {
            if (restartCosts[i] < restartCosts[best]) {
                best = i;
            }
        }
        return best;
    }
}
