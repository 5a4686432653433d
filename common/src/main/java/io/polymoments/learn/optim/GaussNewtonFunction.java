package io.polymoments.learn.optim;

/**
 * A sum of squares f(x) = ‖r(x)‖² with its value and gradient 2Jᵀr, and its Gauss–Newton matrix 2JᵀJ as a product
 * with vectors: for problems where that product is far cheaper than forming JᵀJ (n² entries) or J itself.
 */
public interface GaussNewtonFunction extends DifferentiableFunction {

    /** Number of parameters n. */
    int parameterCount();

    /** The Gauss–Newton matrix 2J(x)ᵀJ(x) at x (x must not be modified, nor kept changing under the operator). */
    Operator gaussNewtonMatrix(double[] x);

    /** A symmetric positive semi-definite n×n matrix, applied to vectors. */
    @FunctionalInterface
    interface Operator {
        /** Writes the product with v (length n, not modified) into out (length n). */
        void apply(double[] v, double[] out);
    }
}
