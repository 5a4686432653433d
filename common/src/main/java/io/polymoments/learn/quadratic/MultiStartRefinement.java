package io.polymoments.learn.quadratic;

import io.polymoments.learn.optim.StopReason;
import io.polymoments.tensor.Svec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Moment matching from several random starts, keeping the lowest objective — the only method known for the regime
 * d &lt; r(r+1)/2 (docs/quadratic.md §8, §14.6), where there is no spectral start. Also usable as a check of a spectral
 * fit when d ≥ k.
 *
 * <p>Default = "scheme B" of docs/quadratic.md §14.6: Gaussian starts (i.i.d. N(0, 1/(2k)) svec entries) refined with
 * the two-stage schedule (1,1,1) → (1,1000,1); 20 starts. Near the counting bound only a fraction of restarts reaches
 * the global optimum (r = 5, d = 8: 25–40 %) and the objective value is the only certificate, so the result reports how
 * many starts reached the best value and whether the counting bound holds at all.
 */
public final class MultiStartRefinement {

    /** How start frames are drawn. */
    public enum Init {
        /** i.i.d. N(0, 1/(2k)) svec entries ("gauss" in docs/quadratic.md §14.12; benign with the (1,1,1) stage). */
        GAUSSIAN,
        /** Rows of a Haar orthogonal k×k matrix divided by √2: exactly covariance-matched ("orth"). Needs m ≤ k. */
        ORTHONORMAL
    }

    private final int nStarts;
    private final long seed;
    private final Init init;
    private final double reachTol;
    private final QuadraticRefinement refinement;

    /**
     * 20 Gaussian starts, seed 0, two-stage L-BFGS refinement (the solver the success rates of docs/quadratic.md §14.6
     * were measured with), reach tolerance 1e-6 (relative to the best value).
     */
    public MultiStartRefinement() {
        this(20, 0L, Init.GAUSSIAN, 1e-6, new QuadraticRefinement().withSolver(QuadraticRefinement.Solver.LBFGS));
    }

    private MultiStartRefinement(int nStarts, long seed, Init init, double reachTol, QuadraticRefinement refinement) {
        if (nStarts < 1) {
            throw new IllegalArgumentException("nStarts must be >= 1, got " + nStarts);
        }
        if (!(reachTol >= 0)) {
            throw new IllegalArgumentException("reachTol must be >= 0, got " + reachTol);
        }
        this.nStarts = nStarts;
        this.seed = seed;
        this.init = init;
        this.reachTol = reachTol;
        this.refinement = refinement;
    }

    public MultiStartRefinement withNStarts(int n) {
        return new MultiStartRefinement(n, seed, init, reachTol, refinement);
    }

    public MultiStartRefinement withSeed(long s) {
        return new MultiStartRefinement(nStarts, s, init, reachTol, refinement);
    }

    public MultiStartRefinement withInit(Init i) {
        return new MultiStartRefinement(nStarts, seed, i, reachTol, refinement);
    }

    /**
     * A start "reaches" the best value when f ≤ f_best + reachTol·f_best + 1e-14·f_scale, where f_scale = w3·‖T̃‖²
     * + w2·m (the objective at Z = 0) absorbs rounding when f_best ≈ 0.
     */
    public MultiStartRefinement withReachTol(double t) {
        return new MultiStartRefinement(nStarts, seed, init, t, refinement);
    }

    public MultiStartRefinement withRefinement(QuadraticRefinement q) {
        return new MultiStartRefinement(nStarts, seed, init, reachTol, q);
    }

    /** Homogeneous model with m whitened coordinates (m = d may be smaller than tri(r)). */
    public MultiStartResult refineHomogeneous(double[] nu, double[] tTilde, int m, int r) {
        return refine(MomentMatchingObjective.homogeneous(nu, tTilde, m, r, refinement.schedule().get(0)), r, false);
    }

    /** Affine model with r latent variables (bordered frames, corner frozen). */
    public MultiStartResult refineAffine(double[] tTilde, int m, int r) {
        return refine(MomentMatchingObjective.affine(tTilde, m, r, refinement.schedule().get(0)), r, true);
    }

    private MultiStartResult refine(MomentMatchingObjective objective, int r, boolean affine) {
        int m = objective.m();
        int rDim = objective.matrixSize();
        int k = Svec.tri(rDim);
        int nf = objective.parameterCount() / m;   // free svec coordinates per matrix (affine: corner frozen)
        if (init == Init.ORTHONORMAL && m > nf) {
            throw new IllegalArgumentException("ORTHONORMAL starts need m <= " + nf + " (free coordinates per matrix), "
                    + "got m = " + m + "; use Init.GAUSSIAN");
        }
        Random rng = new Random(seed);
        List<RefinementResult> runs = new ArrayList<>(nStarts);
        double[] values = new double[nStarts];
        int best = 0;
        for (int s = 0; s < nStarts; s++) {
            // drawn in the free coordinates, so the affine corner stays 0 and orthonormal starts stay orthonormal
            double[] start = objective.unpack(init == Init.GAUSSIAN ? gaussianStart(m, nf, k, rng)
                    : orthonormalStart(m, nf, rng));
            RefinementResult res = refinement.refine(objective, start);
            runs.add(res);
            values[s] = res.finalResiduals().value();
            if (values[s] < values[best]) {
                best = s;
            }
        }
        MomentMatchingObjective last = objective.withWeights(refinement.schedule().get(refinement.schedule().size() - 1));
        double scale = last.residuals(new double[m * k]).value();
        double threshold = values[best] * (1 + reachTol) + 1e-14 * scale;
        int reached = 0;
        int converged = 0;
        for (int s = 0; s < nStarts; s++) {
            if (values[s] <= threshold) {
                reached++;
            }
            List<RefinementStage> st = runs.get(s).stages();
            if (st.get(st.size() - 1).optimization().stopReason() != StopReason.MAX_ITERATIONS) {
                converged++;
            }
        }
        // identifiability by counting (docs/quadratic.md §8): moment equations of order <= 3 vs unknowns modulo O(r);
        // affine: the mean only fixes the intercepts, so it is left out on both sides
        int moments = (affine ? 0 : m) + m * (m + 1) / 2 + m * (m + 1) * (m + 2) / 6;
        int unknowns = m * (Svec.tri(r) + (affine ? r : 0)) - r * (r - 1) / 2;
        return new MultiStartResult(runs.get(best), best, values, reached, converged, moments, unknowns);
    }

    /** i.i.d. N(0, 1/(2k)) entries, m rows of length nf. */
    private static double[] gaussianStart(int m, int nf, int k, Random rng) {
        double sd = 1.0 / Math.sqrt(2.0 * k);
        double[] z = new double[m * nf];
        for (int i = 0; i < z.length; i++) {
            z[i] = sd * rng.nextGaussian();
        }
        return z;
    }

    /** m rows of a Haar orthogonal k×k matrix, /√2 (Gram–Schmidt, twice, of Gaussian rows; m ≤ k). */
    private static double[] orthonormalStart(int m, int k, Random rng) {
        double[] z = new double[m * k];
        for (int a = 0; a < m; a++) {
            for (int p = 0; p < k; p++) {
                z[a * k + p] = rng.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int b = 0; b < a; b++) {
                    double d = 0;
                    for (int p = 0; p < k; p++) {
                        d += z[a * k + p] * z[b * k + p];
                    }
                    for (int p = 0; p < k; p++) {
                        z[a * k + p] -= d * z[b * k + p];
                    }
                }
            }
            double nrm = 0;
            for (int p = 0; p < k; p++) {
                nrm += z[a * k + p] * z[a * k + p];
            }
            nrm = Math.sqrt(nrm);
            for (int p = 0; p < k; p++) {
                z[a * k + p] /= nrm;
            }
        }
        for (int i = 0; i < z.length; i++) {
            z[i] /= Math.sqrt(2.0);
        }
        return z;
    }
}
