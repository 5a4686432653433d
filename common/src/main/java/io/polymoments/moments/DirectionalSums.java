package io.polymoments.moments;

import io.polymoments.InvalidInputException;
import io.polymoments.linalg.Matrices;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Out-of-sample statistics of pass 2: for L fixed directions θ_l (chosen by the driver before the pass, never used
 * in a fit) the sums of (θ_lᵀz)^4, kept per batch of blocks (block index mod B) so that batch means give standard
 * errors. Merge adds batch by batch; totals do not depend on partitioning, the batch split does (it only feeds the
 * noise estimate).
 *
 * @param directions column-major dim×L
 * @param counts     rows per batch (B)
 * @param sums       batch-major B×L: sums[b·L + l]
 */
public record DirectionalSums(int dim, double[] directions, long[] counts, double[] sums) implements Serializable {
    public static final int DEFAULT_BATCHES = 32;

    public DirectionalSums {
        if (dim < 1 || directions.length == 0 || directions.length % dim != 0) {
            throw new IllegalArgumentException("directions must be a dim x L column-major matrix (dim = " + dim + ")");
        }
        if (sums.length != counts.length * (directions.length / dim)) {
            throw new IllegalArgumentException("sums must have batches*L entries");
        }
    }

    public static DirectionalSums empty(int dim, double[] directions, int batches) {
        int l = directions.length / dim;
        return new DirectionalSums(dim, directions.clone(), new long[batches], new double[batches * l]);
    }

    public int nDirections() {
        return directions.length / dim;
    }

    public int nBatches() {
        return counts.length;
    }

    /** Adds a projected block (row-major rows×dim) to batch {@code batch}. */
    void addBlock(double[] block, int rows, int batch) {
        int l = nDirections();
        double[] p = new double[rows * l];
        // column-major: block is dim×rows; P (rows×L) = blockᵀ·θ
        Matrices.gemm(true, false, rows, l, dim, 1.0, block, directions, 0.0, p);
        int b = batch % counts.length;
        for (int j = 0; j < l; j++) {
            double s = 0;
            int off = j * rows;
            for (int r = 0; r < rows; r++) {
                double v = p[off + r] * p[off + r];
                s += v * v;
            }
            sums[b * l + j] += s;
        }
        counts[b] += rows;
    }

    /** Adds {@code other} into this, batch by batch. */
    public DirectionalSums mergeInPlace(DirectionalSums other) {
        if (other.dim != dim || !Arrays.equals(other.directions, directions) || other.counts.length != counts.length) {
            throw new InvalidInputException("cannot merge directional statistics taken along different directions;"
                    + " compute both sketches from the same reference basis");
        }
        for (int b = 0; b < counts.length; b++) {
            counts[b] += other.counts[b];
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] += other.sums[i];
        }
        return this;
    }

    public DirectionalSums copy() {
        return new DirectionalSums(dim, directions.clone(), counts.clone(), sums.clone());
    }
}
