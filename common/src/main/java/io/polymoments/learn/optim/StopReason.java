package io.polymoments.learn.optim;

/** Why an optimiser stopped. The first four are convergence; the last two deserve a look at the result. */
public enum StopReason {
    /** Relative decrease of the objective in the last iteration fell below {@code tol}. */
    RELATIVE_DECREASE,
    /** Largest absolute gradient component fell below {@code gtol} (includes an objective of exactly 0). */
    GRADIENT_TOLERANCE,
    /** The last steps together lowered the cost by less than the noise floor the caller set (sampled moments). */
    NOISE_FLOOR,
    /** The step became negligible relative to x (Levenberg–Marquardt: {@code xtol}). */
    STEP_TOLERANCE,
    /** No decrease could be found along the search direction / for any damping: usually machine precision. */
    NO_PROGRESS,
    /** {@code nIterMax} iterations were used up. */
    MAX_ITERATIONS;

    /** True for the reasons that indicate a (local) optimum was reached. */
    public boolean converged() {
        return this != MAX_ITERATIONS;
    }
}
