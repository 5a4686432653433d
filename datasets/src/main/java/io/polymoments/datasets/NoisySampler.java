package io.polymoments.datasets;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Adds independent output noise to another sampler's rows: y_i = y_inner,i + τ_i·e_i, e ~ N(0, I_d). So the mean is
 * unchanged, the covariance gains τ_i² on its diagonal, and every cumulant of order ≥ 3 is unchanged.
 *
 * <p>The noise is drawn from the same per-block generator as the inner rows, after them (the inner sampler fills the
 * whole block first, then the noise is added row by row). The rows therefore still depend only on the block's seed,
 * which keeps the stream's partition-count invariance, and τ = 0 reproduces the inner sampler's rows exactly.
 *
 * @param inner the noise-free sampler
 * @param tau   standard deviation τ_i ≥ 0 of each noise coordinate (length d)
 */
public record NoisySampler(RowSampler inner, double[] tau) implements RowSampler {
    private static final long serialVersionUID = 1L;

    public NoisySampler {
        if (inner == null) {
            throw new IllegalArgumentException("NoisySampler needs the sampler whose rows it perturbs");
        }
        if (tau.length != inner.dim()) {
            throw new IllegalArgumentException("one noise standard deviation per output: " + inner.dim()
                    + " expected, got " + tau.length);
        }
        for (double t : tau) {
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("--noise (the output noise standard deviation tau) must be a finite"
                        + " number >= 0, got " + t);
            }
        }
        tau = tau.clone();
    }

    /** The same τ on every output. */
    public NoisySampler(RowSampler inner, double tau) {
        this(inner, filled(inner, tau));
    }

    private static double[] filled(RowSampler inner, double tau) {
        if (inner == null) {
            throw new IllegalArgumentException("NoisySampler needs the sampler whose rows it perturbs");
        }
        double[] t = new double[inner.dim()];
        Arrays.fill(t, tau);
        return t;
    }

    /** {@code inner} itself when τ = 0 (no wrapper, no extra draws), else the noisy sampler. */
    public static RowSampler wrap(RowSampler inner, double tau) {
        return tau == 0 ? inner : new NoisySampler(inner, tau);
    }

    /** {@code inner} itself when every τ_i = 0, else the noisy sampler. */
    public static RowSampler wrap(RowSampler inner, double[] tau) {
        return Arrays.stream(tau).allMatch(t -> t == 0) ? inner : new NoisySampler(inner, tau);
    }

    @Override
    public int dim() {
        return inner.dim();
    }

    @Override
    public void sample(RandomGenerator rng, int rows, double[] out) {
        inner.sample(rng, rows, out);
        int d = tau.length;
        int n = rows * d;
        for (int k = 0; k < n; k++) {
            out[k] += tau[k % d] * rng.nextGaussian();
        }
    }
}
