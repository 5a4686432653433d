package io.polymoments.datasets;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * A reproducible, splittable stream of n rows: rows are cut into fixed blocks of {@code blockRows}, and block b draws
 * from its own generator seeded by a hash of (seed, b). Any partitioning of the blocks over executors therefore
 * produces exactly the same rows in the same order, and block b can be regenerated alone.
 */
public record SampleStream(long seed, long rows, int blockRows) implements Serializable {
    public static final int DEFAULT_BLOCK_ROWS = 4096;

    public SampleStream {
        if (rows < 0) {
            throw new IllegalArgumentException("--n must be non-negative, got " + rows);
        }
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be positive, got " + blockRows);
        }
    }

    public SampleStream(long seed, long rows) {
        this(seed, rows, DEFAULT_BLOCK_ROWS);
    }

    public long blocks() {
        return (rows + blockRows - 1) / blockRows;
    }

    /** Rows in block b (the last block may be short). */
    public int rowsInBlock(long b) {
        return (int) Math.min(blockRows, rows - b * blockRows);
    }

    /** The generator of block b: SplitMix64-style finaliser of seed and block index, so nearby seeds decorrelate. */
    public SplittableRandom blockRandom(long b) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + mix(b + 0x632BE59BD9B4E019L)));
    }

    /** Rows of block b, row-major. */
    public double[] block(RowSampler sampler, long b) {
        int m = rowsInBlock(b);
        double[] out = new double[m * sampler.dim()];
        sampler.sample(blockRandom(b), m, out);
        return out;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
