package io.polymoments.model;

import java.io.Serializable;

/**
 * A moment-matching hard instance: a piecewise-linear link f such that f(z), z ~ N(0,1), has the same moments as
 * N(0,1) up to order k. Hidden along a direction v of R^d (see the datasets module's {@code HardInstanceSampler}),
 * every moment of degree ≤ k of the data equals that of N(0, I_d).
 *
 * @param name catalogue name, e.g. {@code bounded_k4}
 * @param f    the link
 * @param k    E f(z)^p = E z^p for p ≤ k
 */
public record HardInstance(String name, PiecewiseLinearLink f, int k) implements Serializable {
    public HardInstance {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a hard instance needs a name");
        }
        if (f == null) {
            throw new IllegalArgumentException("hard instance '" + name + "' has no link function");
        }
        if (k < 1) {
            throw new IllegalArgumentException("hard instance '" + name + "' must match at least order 1, got k=" + k);
        }
    }

    /** The largest |E f(z)^p − E z^p| over p = 1..k, by exact integration. */
    public double maxMomentResidual() {
        double[] m = f.gaussianMoments(k);
        double worst = 0;
        for (int p = 1; p <= k; p++) {
            worst = Math.max(worst, Math.abs(m[p] - gaussianMoment(p)));
        }
        return worst;
    }

    /** E z^p for z ~ N(0,1): (p−1)!! for even p, 0 for odd p. */
    public static double gaussianMoment(int p) {
        if (p < 0) {
            throw new IllegalArgumentException("moment power must be non-negative, got " + p);
        }
        if (p % 2 == 1) {
            return 0;
        }
        double m = 1;
        for (int j = p - 1; j > 1; j -= 2) {
            m *= j;
        }
        return m;
    }
}
