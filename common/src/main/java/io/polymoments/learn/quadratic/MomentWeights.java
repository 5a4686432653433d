package io.polymoments.learn.quadratic;

/**
 * Weights (w1, w2, w3) of the mean, covariance and third-moment terms of the moment-matching objective
 * (docs/quadratic.md §7).
 */
public record MomentWeights(double w1, double w2, double w3) {
    /** Stage 1 of the recommended schedule: unweighted, benign landscape (docs/quadratic.md §7, §14.12). */
    public static final MomentWeights UNIFORM = new MomentWeights(1, 1, 1);
    /** Stage 2: covariance enforced almost exactly, ≈ 1.8× smaller error than UNIFORM (docs/quadratic.md §14.4). */
    public static final MomentWeights COVARIANCE_ENFORCED = new MomentWeights(1, 1000, 1);

    public MomentWeights {
        if (!(w1 >= 0) || !(w2 >= 0) || !(w3 >= 0) || !Double.isFinite(w1 + w2 + w3)) {
            throw new IllegalArgumentException("weights must be finite and >= 0, got (" + w1 + ", " + w2 + ", " + w3 + ")");
        }
    }

    /** The same weights with the mean term dropped (affine model: the intercept c absorbs the mean). */
    public MomentWeights withoutMean() {
        return new MomentWeights(0, w2, w3);
    }
}
