package io.polymoments.learn.gof;

import java.util.Random;

/**
 * Per-block sums of (θ_l^T z)^4 along L fixed unit directions θ_l in whitened space, accumulated in the second pass
 * (docs/quadratic.md §9 item 2, §13 step 3; docs/moments.md §8). The directions must be drawn independently of the data
 * and never used in the fit, so the check is genuinely out of sample.
 *
 * @param m           whitened dimension
 * @param directions  column-major m×L, column l = θ_l (unit vectors)
 * @param blockCounts samples per block (B blocks; at least 2, ≥ 20 recommended for batch-means standard errors)
 * @param blockSums   block-major B×L: {@code blockSums[b·L + l]} = Σ over the samples of block b of (θ_l^T z)^4
 */
public record DirectionalFourthMoments(int m, double[] directions, long[] blockCounts, double[] blockSums,
                                       double[] variances) {
    /** Coordinates whitened by the data's own covariance: every direction has variance 1. */
    public DirectionalFourthMoments(int m, double[] directions, long[] blockCounts, double[] blockSums) {
        this(m, directions, blockCounts, blockSums, null);
    }

    /**
     * With the variance of each direction's projection θᵀz: not 1 where z was whitened by the signal's covariance
     * and the data carry noise besides (docs/noise.md §5), and κ4(θ) = E(θᵀz)⁴ − 3·Var(θᵀz)².
     */
    public DirectionalFourthMoments withVariances(double[] v) {
        if (v.length != nDirections()) {
            throw new IllegalArgumentException("one variance per direction: " + nDirections() + ", got " + v.length);
        }
        return new DirectionalFourthMoments(m, directions, blockCounts, blockSums, v.clone());
    }

    /** Var(θ_l ᵀ z): 1 unless given. */
    public double variance(int l) {
        return variances == null ? 1.0 : variances[l];
    }

    public DirectionalFourthMoments {
        if (m < 1 || directions == null || directions.length == 0 || directions.length % m != 0) {
            throw new IllegalArgumentException("directions must be an m x L column-major matrix (m = " + m + ")");
        }
        int l = directions.length / m;
        if (blockCounts == null || blockCounts.length < 2) {
            throw new IllegalArgumentException("need at least 2 blocks for batch-means standard errors, got "
                    + (blockCounts == null ? 0 : blockCounts.length));
        }
        if (blockSums == null || blockSums.length != blockCounts.length * l) {
            throw new IllegalArgumentException("blockSums must have blocks*L = " + (blockCounts.length * l)
                    + " entries, got " + (blockSums == null ? "null" : blockSums.length));
        }
        for (long c : blockCounts) {
            if (c < 1) {
                throw new IllegalArgumentException("every block must contain at least one sample");
            }
        }
    }

    /** From the pass-2 accumulation; batches that received no rows (tiny data sets) are dropped. */
    public static DirectionalFourthMoments of(io.polymoments.moments.DirectionalSums sums) {
        int l = sums.nDirections();
        int used = 0;
        for (long c : sums.counts()) {
            used += c > 0 ? 1 : 0;
        }
        long[] counts = new long[used];
        double[] blockSums = new double[used * l];
        int u = 0;
        for (int b = 0; b < sums.nBatches(); b++) {
            if (sums.counts()[b] > 0) {
                counts[u] = sums.counts()[b];
                System.arraycopy(sums.sums(), b * l, blockSums, u * l, l);
                u++;
            }
        }
        return new DirectionalFourthMoments(sums.dim(), sums.directions().clone(), counts, blockSums);
    }

    public int nDirections() {
        return directions.length / m;
    }

    public int nBlocks() {
        return blockCounts.length;
    }

    /** L Gaussian directions normalised to unit length (column-major m×L), reproducible from the seed. */
    public static double[] randomDirections(int m, int nDirections, long seed) {
        if (m < 1 || nDirections < 1) {
            throw new IllegalArgumentException("need m >= 1 and nDirections >= 1, got " + m + ", " + nDirections);
        }
        Random rng = new Random(seed);
        double[] d = new double[m * nDirections];
        for (int l = 0; l < nDirections; l++) {
            double s = 0;
            for (int a = 0; a < m; a++) {
                double v = rng.nextGaussian();
                d[a + l * m] = v;
                s += v * v;
            }
            s = Math.sqrt(s);
            for (int a = 0; a < m; a++) {
                d[a + l * m] /= s;
            }
        }
        return d;
    }
}
