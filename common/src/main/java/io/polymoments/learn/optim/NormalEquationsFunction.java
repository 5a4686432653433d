package io.polymoments.learn.optim;

/**
 * A least-squares problem min ‖r(x)‖² given through its Gauss–Newton normal equations rather than the Jacobian:
 * useful when J^TJ has structure that makes it far cheaper to form directly than J itself (p·n entries).
 */
public interface NormalEquationsFunction {
    /** Number of parameters n. */
    int parameterCount();

    /** The cost ‖r(x)‖² (used for trial steps). */
    double cost(double[] x);

    /**
     * The cost at x; writes J^TJ (n×n column-major, full symmetric) into {@code jtj} and J^Tr (length n) into
     * {@code jtr}.
     */
    double normalEquations(double[] x, double[] jtj, double[] jtr);
}
