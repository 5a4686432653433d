package io.polymoments.learn.quadratic;

import io.polymoments.moments.AdditiveNoise;

import io.polymoments.learn.GaussianityCheck;
import io.polymoments.learn.gof.GoodnessOfFit;
import io.polymoments.learn.gof.FitVerdict;
import io.polymoments.model.QuadraticTransform;

import java.util.List;
import java.util.Map;

/**
 * Everything {@link QuadraticLearner#fit} found out: the fitted map, how the model order was decided, the spectral
 * certificates, the refinement stages (iterations, objective and residual norms per iteration), goodness of fit and
 * the time spent in each driver step.
 *
 * @param model          fitted y = p(x): Q_i, b_i (zero for the homogeneous classes), c_i
 * @param modelClass     fitted class
 * @param r              latent dimension
 * @param m              whitening dimension
 * @param d              output dimension
 * @param n              samples behind the third moments
 * @param decision       the model-order decision (rank, class, gap, reason)
 * @param method         {@code "spectral+refinement"} or {@code "multi-start"} (d &lt; tri(r), or the spectral step
 *                       failed; see {@link #notes})
 * @param spectralModel  the spectral estimate before refinement (null for multi-start)
 * @param spectral       certificates of the spectral step (null for multi-start)
 * @param alpha2         estimated α2 = E|x|⁴/(r(r+2)) (1 for Gaussian input)
 * @param alpha3         estimated α3 (1 for Gaussian input; NaN where not identifiable)
 * @param multiStart     outcome of the random restarts (null for the spectral route)
 * @param refinement     the refined whitened frame with its stages
 * @param goodnessOfFit  statistics and verdict (docs/quadratic.md §9)
 * @param timings        seconds per driver step, in order (plan, spectral, refinement, goodnessOfFit, …)
 * @param notes          human-readable remarks (fallbacks, approximations)
 * @param noise          the additive noise estimated with the model (none for noise-free data; docs/noise.md)
 */
public record QuadraticFit(QuadraticTransform model, ModelClass modelClass, int r, int m, int d, long n,
                           RankDecision decision, String method, QuadraticTransform spectralModel,
                           SpectralDiagnostics spectral, double alpha2, double alpha3, MultiStartResult multiStart,
                           RefinementResult refinement, GoodnessOfFit goodnessOfFit, Map<String, Double> timings,
                           List<String> notes, AdditiveNoise.Estimate noise) {
    public QuadraticFit {
        timings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timings));
        notes = List.copyOf(notes);
    }

    public FitVerdict verdict() {
        return goodnessOfFit.verdict();
    }

    /**
     * The z-scores of the whitened cumulants under the Gaussian null that decide "moments near-Gaussian: cannot
     * identify" (null when the sketch had too few rows for the check; see {@link #notes}).
     */
    public GaussianityCheck.Result gaussianity() {
        return goodnessOfFit.gaussianity();
    }

    /** Whether the fitted map has a linear part (affine class). */
    public boolean affine() {
        return modelClass == ModelClass.AFFINE;
    }
}
