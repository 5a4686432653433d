package io.polymoments.moments;

import io.polymoments.InvalidInputException;
import io.polymoments.linalg.Matrices;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Out-of-sample statistics of pass 2: for L fixed directions θ_l (chosen by the driver before the pass, never used
 * in a fit) the sums of (θ_lᵀz)^4, kept per batch so that batch means give standard errors. Rows are dealt to the B
 * batches in turn (row index mod B): for i.i.d. rows that is as good as contiguous batches, and every batch fills
 * evenly however small the data or large the blocks. Merge adds batch by batch; totals do not depend on
 * partitioning, the batch split does (it only feeds the noise estimate).
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

    /**
     * Adds a projected block (row-major rows×dim) whose first row has index {@code firstRow} in the stream: row i goes
     * to batch i mod B.
     */
    void addBlock(double[] block, int rows, long firstRow) {
        int l = nDirections();
        int nb = counts.length;
        double[] p = new double[rows * l];
        // column-major: block is dim×rows; P (rows×L) = blockᵀ·θ
        Matrices.gemm(true, false, rows, l, dim, 1.0, block, directions, 0.0, p);
        int first = (int) (firstRow % nb);
        for (int j = 0; j < l; j++) {
            int off = j * rows;
            for (int r = 0; r < rows; r++) {
                double v = p[off + r] * p[off + r];
                int b = (first + r) % nb;
                sums[b * l + j] += v * v;
            }
        }
        for (int r = 0; r < Math.min(rows, nb); r++) {
            counts[(first + r) % nb] += (rows - r + nb - 1) / nb;
        }
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
