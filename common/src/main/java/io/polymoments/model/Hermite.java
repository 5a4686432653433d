package io.polymoments.model;

import io.polymoments.linalg.SymmetricEigen;

import java.util.function.DoubleUnaryOperator;

/**
 * Probabilists' Hermite polynomials He_n (orthogonal for N(0,1), E[He_j He_k] = δ_jk·j!): evaluation,
 * rescaling of a Hermite series to a non-unit argument scale, and Gauss–Hermite quadrature for N(0,1).
 * A Hermite series is a coefficient array {@code c[0..ω]} meaning Σ_j c[j]·He_j(t).
 */
public final class Hermite {
    private static final double[] FACTORIALS = new double[171];

    static {
        FACTORIALS[0] = 1.0;
        for (int i = 1; i < FACTORIALS.length; i++) {
            FACTORIALS[i] = FACTORIALS[i - 1] * i;
        }
    }

    private Hermite() {}

    /** n! as a double (exact up to 22!). */
    public static double factorial(int n) {
        if (n < 0 || n >= FACTORIALS.length) {
            throw new IllegalArgumentException("factorial argument must be in [0, 170], got " + n);
        }
        return FACTORIALS[n];
    }

    /** He_0(t), …, He_nmax(t) by the three-term recurrence He_{k+1} = t·He_k − k·He_{k−1}. */
    public static double[] values(int nmax, double t) {
        double[] h = new double[nmax + 1];
        h[0] = 1.0;
        if (nmax >= 1) {
            h[1] = t;
        }
        for (int k = 1; k < nmax; k++) {
            h[k + 1] = t * h[k] - k * h[k - 1];
        }
        return h;
    }

    /** He_n(t). */
    public static double value(int n, double t) {
        return values(n, t)[n];
    }

    /** Σ_j c[j]·He_j(t). */
    public static double evaluate(double[] c, double t) {
        double prev = 1.0;
        double cur = t;
        double sum = c[0];
        if (c.length > 1) {
            sum += c[1] * t;
        }
        for (int k = 1; k + 1 < c.length; k++) {
            double next = t * cur - k * prev;
            prev = cur;
            cur = next;
            sum += c[k + 1] * cur;
        }
        return sum;
    }

    /**
     * Coefficients of t ↦ σ(α·t) in the He basis of t, for σ = Σ_n c[n] He_n. Uses the exact identity
     * He_n(αt) = Σ_k α^{n−2k}(α²−1)^k n!/(k!(n−2k)!2^k) He_{n−2k}(t); for α = 1 it returns c unchanged.
     */
    public static double[] rescale(double[] c, double alpha) {
        double[] out = new double[c.length];
        double a2m1 = alpha * alpha - 1.0;
        for (int n = 0; n < c.length; n++) {
            if (c[n] == 0.0) {
                continue;
            }
            for (int k = 0; 2 * k <= n; k++) {
                int j = n - 2 * k;
                out[j] += c[n] * Math.pow(alpha, j) * Math.pow(a2m1, k) * factorial(n)
                        / (factorial(k) * factorial(j) * Math.pow(2.0, k));
            }
        }
        return out;
    }

    /** d/dα of {@link #rescale(double[], double)}. */
    public static double[] rescaleDerivative(double[] c, double alpha) {
        double[] out = new double[c.length];
        double a2m1 = alpha * alpha - 1.0;
        for (int n = 0; n < c.length; n++) {
            if (c[n] == 0.0) {
                continue;
            }
            for (int k = 0; 2 * k <= n; k++) {
                int j = n - 2 * k;
                double d = (j == 0 ? 0.0 : j * Math.pow(alpha, j - 1) * Math.pow(a2m1, k))
                        + (k == 0 ? 0.0 : Math.pow(alpha, j) * k * Math.pow(a2m1, k - 1) * 2.0 * alpha);
                out[j] += c[n] * d * factorial(n) / (factorial(k) * factorial(j) * Math.pow(2.0, k));
            }
        }
        return out;
    }

    /** Var of Σ_{j≥1} s[j−1] He_j(g), g ~ N(0,1): Σ_j j!·s_j². {@code s} holds the non-constant coefficients. */
    public static double unitVariance(double[] s) {
        double v = 0;
        for (int j = 1; j <= s.length; j++) {
            v += factorial(j) * s[j - 1] * s[j - 1];
        }
        return v;
    }

    /**
     * Gauss–Hermite rule for the standard normal: Σ_i w_i f(x_i) ≈ E f(g), exact for polynomials of degree
     * ≤ 2n−1, weights summing to 1. Golub–Welsch: nodes are the eigenvalues of the Jacobi matrix of the monic
     * recurrence (zero diagonal, off-diagonal √k), weights the squared first components of its eigenvectors.
     */
    public static Quadrature gaussHermite(int n) {
        if (n < 1 || n > 200) {
            throw new IllegalArgumentException("number of Gauss-Hermite nodes must be in [1, 200], got " + n);
        }
        double[] jacobi = new double[n * n];
        for (int k = 1; k < n; k++) {
            double b = Math.sqrt(k);
            jacobi[(k - 1) + k * n] = b;
            jacobi[k + (k - 1) * n] = b;
        }
        SymmetricEigen eig = SymmetricEigen.of(jacobi, n);
        double[] nodes = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            int src = n - 1 - i; // eigenvalues come descending; store ascending
            nodes[i] = eig.values()[src];
            double v0 = eig.vectors()[src * n];
            weights[i] = v0 * v0;
        }
        // exact symmetry of the rule: x_i = −x_{n−1−i}, w_i = w_{n−1−i}
        for (int i = 0; i < n / 2; i++) {
            double x = 0.5 * (nodes[n - 1 - i] - nodes[i]);
            double w = 0.5 * (weights[i] + weights[n - 1 - i]);
            nodes[i] = -x;
            nodes[n - 1 - i] = x;
            weights[i] = w;
            weights[n - 1 - i] = w;
        }
        if (n % 2 == 1) {
            nodes[n / 2] = 0.0;
        }
        return new Quadrature(nodes, weights);
    }

    /** Hermite coefficients F_k = E[f(g) He_k(g)]/k!, k = 0..kmax, of f under N(0,1), by quadrature. */
    public static double[] coefficientsOf(DoubleUnaryOperator f, int kmax, int nodes) {
        Quadrature q = gaussHermite(nodes);
        double[] out = new double[kmax + 1];
        for (int i = 0; i < nodes; i++) {
            double fx = f.applyAsDouble(q.nodes()[i]);
            double[] h = values(kmax, q.nodes()[i]);
            for (int k = 0; k <= kmax; k++) {
                out[k] += q.weights()[i] * fx * h[k];
            }
        }
        for (int k = 0; k <= kmax; k++) {
            out[k] /= factorial(k);
        }
        return out;
    }

    /** Nodes (ascending) and weights (summing to 1) of a quadrature rule for N(0,1). */
    public record Quadrature(double[] nodes, double[] weights) {
        public double expectation(DoubleUnaryOperator f) {
            double s = 0;
            for (int i = 0; i < nodes.length; i++) {
                s += weights[i] * f.applyAsDouble(nodes[i]);
            }
            return s;
        }
    }
}
