package io.polymoments.learn.optim;

/**
 * A residual vector r: R^n → R^p with its Jacobian, for least squares min ‖r(x)‖².
 * The Jacobian is column-major p×n: ∂r_i/∂x_j is at {@code jacobian[i + j*p]}.
 */
public interface ResidualFunction {
    /** Number of parameters n. */
    int parameterCount();

    /** Number of residuals p. */
    int residualCount();

    /**
     * Evaluates r(x) into {@code residual} (length p) and, when {@code jacobian} is non-null, J(x) into
     * {@code jacobian} (length p·n, column-major, every entry must be written). Trial steps of
     * Levenberg–Marquardt ask for the residual only.
     */
    void evaluate(double[] x, double[] residual, double[] jacobian);
}
