package io.polymoments.decompose;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A synthetic tensor-ring problem: random cores (the generic model of {@link TensorRing#random}) and their dense
 * tensor with relative Gaussian noise, {@code T_noisy = T + σ‖T‖·E/‖E‖}, E i.i.d. N(0,1) — the noise model of
 * docs/tensor-ring.md §8, so that ‖T_noisy − T‖/‖T‖ = σ exactly.
 *
 * <p>Reproducible from the seed alone: the cores are drawn from {@code new Random(seed)}, the noise from an independent
 * {@code SplittableRandom} of the same seed in first-index-fastest entry order, so changing σ keeps the cores.
 *
 * @param ring   the true ring
 * @param clean  its dense tensor T
 * @param tensor T_noisy (equal to {@code clean} when σ = 0)
 * @param sigma  relative noise level σ
 * @param seed   the seed
 */
public record RandomRingTensor(TensorRing ring, DenseTensor clean, DenseTensor tensor, double sigma, long seed) {
    private static final long NOISE_STREAM = 0x6A09E667F3BCC909L;

    /**
     * @param dims  d_0 … d_{N−1}, N ≥ 2; the dense tensor has Π d_n entries
     * @param ranks R_0 … R_{N−1} (core n is R_n × d_n × R_{n+1})
     * @param sigma relative noise level, finite and ≥ 0
     */
    public static RandomRingTensor generate(int[] dims, int[] ranks, double sigma, long seed) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma (relative noise level) must be a finite number >= 0, got " + sigma);
        }
        if (dims.length != ranks.length) {
            throw new IllegalArgumentException("a ring of order " + dims.length + " needs " + dims.length + " ranks, got "
                    + ranks.length + " (" + Arrays.toString(ranks) + ")");
        }
        TensorRing ring = TensorRing.random(dims, ranks, new Random(seed));
        DenseTensor clean = ring.full();
        if (sigma == 0) {
            return new RandomRingTensor(ring, clean, clean, 0, seed);
        }
        double[] e = new double[clean.size()];
        SplittableRandom rng = new SplittableRandom(seed ^ NOISE_STREAM);
        double ee = 0;
        for (int k = 0; k < e.length; k++) {
            e[k] = rng.nextGaussian();
            ee += e[k] * e[k];
        }
        double scale = sigma * clean.norm() / Math.sqrt(ee);
        double[] t = clean.data();
        for (int k = 0; k < e.length; k++) {
            e[k] = t[k] + scale * e[k];
        }
        return new RandomRingTensor(ring, clean, new DenseTensor(dims, e), sigma, seed);
    }
}
