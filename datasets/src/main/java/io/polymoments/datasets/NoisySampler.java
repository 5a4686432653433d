package io.polymoments.datasets;

import java.util.random.RandomGenerator;

/**
 * Adds independent output noise to another sampler's rows: y = y_inner + τ·e, e ~ N(0, I_d). So the mean is
 * unchanged, the covariance gains τ² on its diagonal, and every cumulant of order ≥ 3 is unchanged.
 *
 * <p>The noise is drawn from the same per-block generator as the inner rows, after them (the inner sampler fills the
 * whole block first, then τ·e is added row by row). The rows therefore still depend only on the block's seed, which
 * keeps the stream's partition-count invariance, and τ = 0 reproduces the inner sampler's rows exactly.
 *
 * @param inner the noise-free sampler
 * @param tau   standard deviation τ ≥ 0 of each noise coordinate
 */
public record NoisySampler(RowSampler inner, double tau) implements RowSampler {
    private static final long serialVersionUID = 1L;

    public NoisySampler {
        if (inner == null) {
            throw new IllegalArgumentException("NoisySampler needs the sampler whose rows it perturbs");
        }
        if (!(tau >= 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("--noise (the output noise standard deviation tau) must be a finite number"
                    + " >= 0, got " + tau);
        }
    }

    /** {@code inner} itself when τ = 0 (no wrapper, no extra draws), else the noisy sampler. */
    public static RowSampler wrap(RowSampler inner, double tau) {
        return tau == 0 ? inner : new NoisySampler(inner, tau);
    }

    @Override
    public int dim() {
        return inner.dim();
    }

    @Override
    public void sample(RandomGenerator rng, int rows, double[] out) {
        inner.sample(rng, rows, out);
        int n = rows * inner.dim();
        for (int k = 0; k < n; k++) {
            out[k] += tau * rng.nextGaussian();
        }
    }
}
