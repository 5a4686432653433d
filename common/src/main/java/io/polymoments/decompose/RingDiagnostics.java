package io.polymoments.decompose;

import java.util.List;

/**
 * What a tensor-ring fit did and how healthy it was.
 *
 * @param init                "spectral" or "random"
 * @param ranksEstimated      whether the ranks came from {@link RingRankEstimator}
 * @param orientation         permutation of the (grouped) order-3 ring the spectral solver ran in; empty for random init
 * @param grouping            order N &gt; 3: the three groups of original modes; empty otherwise
 * @param clusterSepRatio     max eigenvalue-cluster diameter / min centre distance (~noise level if healthy, ≳0.3 if clusters merged); NaN for random init
 * @param imagResidual        relative imaginary part discarded when descending to a real gauge (~1e-15 exact); NaN for random init
 * @param wSvGap              σ_{r3+1}/σ_1 of the rank-r3 matrix of step S7 (~1e-15 exact, ~σ noisy, O(1) for wrong ranks); NaN for random init
 * @param spectralError       relative error of the spectral estimate before ALS; NaN for random init
 * @param sweepErrors         relative error before ALS (index 0) and after each ALS sweep, of the run that produced the result
 * @param sweeps              ALS sweeps of that run
 * @param restarts            spectral redraws after a stalled ALS
 * @param reconstructionError ‖T̂ − T‖/‖T‖ of the returned ring against the input
 * @param seconds             wall-clock time of the fit
 */
public record RingDiagnostics(String init, boolean ranksEstimated, int[] orientation, List<int[]> grouping,
                              double clusterSepRatio, double imagResidual, double wSvGap, double spectralError,
                              double[] sweepErrors, int sweeps, int restarts, double reconstructionError,
                              double seconds) {
}
