package io.polymoments.moments;

import io.polymoments.tensor.PackedSymmetric;

/**
 * Builds the sketch of a stream of rows (one partition): each row goes to the half {@link SplitHalfSketch#halfOf} its
 * values pick, the same in every partitioning and every pass; each half buffers its rows into a row-major
 * block, which is projected into the sketch's basis if it has one, summarised by {@link BlockKernel} and merged into
 * that half. Not thread-safe; one per partition.
 */
public final class SketchAccumulator {
    private final int inputDim;
    private final int dim;
    private final Basis basis;
    private final int blockRows;
    private final double[][] buffers = new double[2][];
    private final SplitHalfSketch result;
    private final DirectionalSums directional;
    private final BlockKernel.Workspace workspace = new BlockKernel.Workspace();
    private final int[] filled = new int[2];
    private long rowsFlushed;

    public SketchAccumulator(int order, int inputDim, Basis basis, int blockRows) {
        this(order, inputDim, basis, blockRows, null);
    }

    /**
     * @param directional empty directional statistics to accumulate alongside (projected rows), or null
     */
    public SketchAccumulator(int order, int inputDim, Basis basis, int blockRows, DirectionalSums directional) {
        if (basis != null && basis.inputDim() != inputDim) {
            throw new IllegalArgumentException("basis expects " + basis.inputDim() + "-dimensional rows, data has " + inputDim);
        }
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be positive, got " + blockRows);
        }
        this.inputDim = inputDim;
        this.basis = basis;
        this.dim = basis == null ? inputDim : basis.dim();
        this.blockRows = blockRows;
        this.buffers[0] = new double[Math.multiplyExact(blockRows, inputDim)];
        this.buffers[1] = new double[blockRows * inputDim];
        this.result = SplitHalfSketch.empty(order, dim, basis);
        if (directional != null && directional.dim() != dim) {
            throw new IllegalArgumentException("directions are " + directional.dim() + "-dimensional, sketch rows " + dim);
        }
        this.directional = directional;
    }

    public SketchAccumulator(int order, int inputDim, Basis basis) {
        this(order, inputDim, basis, defaultBlockRows(order, basis == null ? inputDim : basis.dim()));
    }

    /**
     * Rows per block: large enough for BLAS-3 to run near peak, small enough that the block's symmetric square
     * (rows × d(d+1)/2 doubles, orders 3–4) stays around 16 MB.
     */
    public static int defaultBlockRows(int order, int dim) {
        if (order == 2) {
            return 2048;
        }
        long p2 = PackedSymmetric.size(dim, 2);
        long rows = (2L << 20) / Math.max(1, p2);
        return (int) Math.max(128, Math.min(4096, rows));
    }

    /**
     * The most numbers an accumulator of rows of {@code inputDim} values sketched at {@code order} in {@code dim}
     * dimensions (fewer when projected) holds besides its sketch, with the default block size: the two halves' row
     * buffers, a projected block and the kernel's scratch.
     */
    public static long workingDoubles(int order, int inputDim, int dim) {
        long rows = defaultBlockRows(order, dim);
        return rows * (2L * inputDim + dim) + BlockKernel.scratchDoubles(order, (int) rows, dim);
    }

    /** Adds one row of {@code inputDim} values (copied). */
    public void add(double[] row) {
        add(row, 0);
    }

    /** Adds a row given as a slice of a larger array (rows are buffered row-major: one contiguous copy). */
    public void add(double[] values, int offset) {
        int h = SplitHalfSketch.halfOf(values, offset, inputDim);
        System.arraycopy(values, offset, buffers[h], filled[h] * inputDim, inputDim);
        if (++filled[h] == blockRows) {
            flush(h);
        }
    }

    private void flush(int h) {
        if (filled[h] == 0) {
            return;
        }
        int rows = filled[h];
        // the kernel may overwrite the buffer: every slot is rewritten before the next flush
        double[] block = buffers[h];
        if (basis != null) {
            block = basis.project(block, rows);
        }
        if (directional != null) {
            directional.addBlock(block, rows, rowsFlushed);
        }
        BlockKernel.mergeInto(result.half(h), block, rows, dim, workspace);
        rowsFlushed += rows;
        filled[h] = 0;
    }

    /** Flushes the last partial blocks and returns the partition's sketch. */
    public SplitHalfSketch finish() {
        flush(0);
        flush(1);
        return result;
    }

    /** The directional statistics accumulated so far (null when none were asked for). */
    public DirectionalSums directional() {
        return directional;
    }

    public int blockRows() {
        return blockRows;
    }
}
