package io.polymoments.learn.optim;

/** A smooth objective f: R^n → R that returns its value and gradient in one call (they share most of the work). */
@FunctionalInterface
public interface DifferentiableFunction {
    /**
     * @param x        the point (must not be modified)
     * @param gradient output, length n: ∇f(x) is written here
     * @return f(x); may be non-finite, in which case the optimiser backs off
     */
    double valueAndGradient(double[] x, double[] gradient);
}
