package io.polymoments.learn.lowrank;

import io.polymoments.model.ActivationMode;

/**
 * Settings of {@link LowRankLearner}. Build with {@link #known}, {@link #unknownNorms} or {@link #free} and
 * adjust with the {@code with*} methods.
 *
 * @param hidden               m, the number of hidden units (= kept whitened dimensions)
 * @param rank                r, the latent dimension
 * @param degree              ω, the activation degree (2 or 3 tested; up to 4 supported)
 * @param mode                what is known about the activation
 * @param activation          σ's Hermite coefficients c_0..c_ω (KNOWN: for unit-norm hidden weights;
 *                            KNOWN_UNKNOWN_NORMS: applied to ⟨a_l, x⟩); null in FREE mode
 * @param restarts           Step C restarts (each swaps 1–2 of the m initial directions)
 * @param maxIter            Levenberg–Marquardt iterations per restart
 * @param tol                 Levenberg–Marquardt relative cost decrease tolerance
 * @param seed                seed of every random choice (multi-starts, restarts)
 * @param contrastStartsPerUnit Step A random starts per contrast, per unit
 * @param nullTol             singular values of the moment Jacobian ≤ nullTol·s_max count as null directions
 * @param fitFactor           with standard errors: the fit is accepted when cost ≤ fitFactor·(number of moment residuals)
 * @param exactCost           population moments: the fit is accepted when cost ≤ exactCost (costs are relative:
 *                            each order is scaled by its rms), and restarts stop once it is reached
 * @param gaussianityZ        moments count as Gaussian when the standardised 3rd and 4th cumulant statistics are below this
 * @param strict throw instead of warning when m exceeds the identifiability bound
 * @param screenedSets         candidate direction sets initialised by Step B and ranked by their initial moment cost;
 *                            the restarts best start Levenberg–Marquardt
 * @param threads             driver threads for the restarts and Step A's multi-starts, 0 for one per available
 *                            processor; the fit does not depend on it
 */
public record LowRankOptions(int hidden, int rank, int degree, ActivationMode mode, double[] activation, int restarts,
                             int maxIter, double tol, long seed, int contrastStartsPerUnit, double nullTol,
                             double fitFactor, double exactCost, double gaussianityZ, boolean strict,
                             int screenedSets, int threads) {

    public LowRankOptions {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (hidden < 1 || rank < 1) {
            throw new IllegalArgumentException("hidden (m) and rank (r) must be >= 1, got m=" + hidden + ", r=" + rank);
        }
        if (degree < 2 || degree > 4) {
            throw new IllegalArgumentException("degree (omega) must be 2, 3 or 4 (degree 1 is a linear map of a Gaussian: "
                    + "nothing to identify), got " + degree);
        }
        if (mode != ActivationMode.FREE) {
            if (activation == null || activation.length != degree + 1) {
                throw new IllegalArgumentException(mode + " needs the activation's " + (degree + 1)
                        + " Hermite coefficients c_0..c_omega, got " + (activation == null ? "null" : activation.length));
            }
            double v = 0;
            for (int j = 1; j <= degree; j++) {
                v += activation[j] * activation[j];
            }
            if (!(v > 0)) {
                throw new IllegalArgumentException("activation must have a non-constant part, got all c_1..c_omega = 0");
            }
            activation = activation.clone();
        }
        if (restarts < 1 || maxIter < 1 || contrastStartsPerUnit < 1 || screenedSets < 1) {
            throw new IllegalArgumentException("restarts, maxIter, contrastStartsPerUnit and screenedSets must be >= 1");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0: one per available processor), got " + threads);
        }
    }

    private static LowRankOptions base(int m, int r, int omega, ActivationMode mode, double[] sigma) {
        return new LowRankOptions(m, r, omega, mode, sigma, 6, 300, 1e-15, 0L, 30, 1e-8, 1.5, 1e-18, 5.0, false, 48, 0);
    }

    /** All hidden σ (c_0..c_ω) on unit-norm hidden weights. */
    public static LowRankOptions known(int m, int r, double... sigma) {
        return base(m, r, sigma.length - 1, ActivationMode.KNOWN, sigma);
    }

    /** All hidden σ (c_0..c_ω) on hidden weights of unknown norms. */
    public static LowRankOptions unknownNorms(int m, int r, double... sigma) {
        return base(m, r, sigma.length - 1, ActivationMode.KNOWN_UNKNOWN_NORMS, sigma);
    }

    /** Free per-unit activations of degree ω. */
    public static LowRankOptions free(int m, int r, int omega) {
        return base(m, r, omega, ActivationMode.FREE, null);
    }

    /** The same settings for another number of hidden m (e.g. once m has been chosen from the spectrum). */
    public LowRankOptions withHidden(int m) {
        return new LowRankOptions(m, rank, degree, mode, activation, restarts, maxIter, tol, seed, contrastStartsPerUnit,
                nullTol, fitFactor, exactCost, gaussianityZ, strict, screenedSets, threads);
    }

    public LowRankOptions withRank(int r) {
        return new LowRankOptions(hidden, r, degree, mode, activation, restarts, maxIter, tol, seed, contrastStartsPerUnit,
                nullTol, fitFactor, exactCost, gaussianityZ, strict, screenedSets, threads);
    }

    public LowRankOptions withRestarts(int n) {
        return new LowRankOptions(hidden, rank, degree, mode, activation, n, maxIter, tol, seed, contrastStartsPerUnit,
                nullTol, fitFactor, exactCost, gaussianityZ, strict, screenedSets, threads);
    }

    public LowRankOptions withMaxIter(int n) {
        return new LowRankOptions(hidden, rank, degree, mode, activation, restarts, n, tol, seed, contrastStartsPerUnit,
                nullTol, fitFactor, exactCost, gaussianityZ, strict, screenedSets, threads);
    }

    public LowRankOptions withSeed(long s) {
        return new LowRankOptions(hidden, rank, degree, mode, activation, restarts, maxIter, tol, s, contrastStartsPerUnit,
                nullTol, fitFactor, exactCost, gaussianityZ, strict, screenedSets, threads);
    }

    public LowRankOptions withContrastStartsPerUnit(int n) {
        return new LowRankOptions(hidden, rank, degree, mode, activation, restarts, maxIter, tol, seed, n,
                nullTol, fitFactor, exactCost, gaussianityZ, strict, screenedSets, threads);
    }

    public LowRankOptions withNullTol(double t) {
        return new LowRankOptions(hidden, rank, degree, mode, activation, restarts, maxIter, tol, seed,
                contrastStartsPerUnit, t, fitFactor, exactCost, gaussianityZ, strict, screenedSets, threads);
    }

    public LowRankOptions withExactCost(double c) {
        return new LowRankOptions(hidden, rank, degree, mode, activation, restarts, maxIter, tol, seed,
                contrastStartsPerUnit, nullTol, fitFactor, c, gaussianityZ, strict, screenedSets, threads);
    }

    public LowRankOptions withFitFactor(double f) {
        return new LowRankOptions(hidden, rank, degree, mode, activation, restarts, maxIter, tol, seed,
                contrastStartsPerUnit, nullTol, f, exactCost, gaussianityZ, strict, screenedSets, threads);
    }

    public LowRankOptions withStrict(boolean strict) {
        return new LowRankOptions(hidden, rank, degree, mode, activation, restarts, maxIter, tol, seed,
                contrastStartsPerUnit, nullTol, fitFactor, exactCost, gaussianityZ, strict, screenedSets, threads);
    }

    public LowRankOptions withScreenedSets(int n) {
        return new LowRankOptions(hidden, rank, degree, mode, activation, restarts, maxIter, tol, seed,
                contrastStartsPerUnit, nullTol, fitFactor, exactCost, gaussianityZ, strict, n, threads);
    }

    public LowRankOptions withThreads(int n) {
        return new LowRankOptions(hidden, rank, degree, mode, activation, restarts, maxIter, tol, seed,
                contrastStartsPerUnit, nullTol, fitFactor, exactCost, gaussianityZ, strict, screenedSets, n);
    }

    /** The number of driver threads to use: {@link #threads()}, or one per available processor when it is 0. */
    int driverThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
