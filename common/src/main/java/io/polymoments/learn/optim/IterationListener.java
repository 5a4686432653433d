package io.polymoments.learn.optim;

/** Called after every accepted iteration (e.g. to record a trace); must not modify x. */
@FunctionalInterface
public interface IterationListener {
    /**
     * @param iteration 1-based index of the accepted iteration
     * @param x         the new point
     * @param value     objective (least squares: cost) at x
     */
    void accepted(int iteration, double[] x, double value);
}
