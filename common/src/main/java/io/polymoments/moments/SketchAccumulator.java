package io.polymoments.moments;

import io.polymoments.tensor.PackedSymmetric;

/**
 * Builds the sketch of a stream of rows (one partition): rows are buffered into a row-major block, the block is
 * projected into the sketch's basis if it has one, summarised by {@link BlockKernel}, and merged into the even or
 * odd half alternately. Not thread-safe; one per partition.
 */
public final class SketchAccumulator {
    private final int order;
    private final int inputDim;
    private final int dim;
    private final Basis basis;
    private final int blockRows;
    private final double[] buffer;
    private final SplitHalfSketch result;
    private final DirectionalSums directional;
    private final BlockKernel.Workspace workspace = new BlockKernel.Workspace();
    private int filled;
    private long blocks;
    private long rowsSeen;

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
        this.order = order;
        this.inputDim = inputDim;
        this.basis = basis;
        this.dim = basis == null ? inputDim : basis.dim();
        this.blockRows = blockRows;
        this.buffer = new double[Math.multiplyExact(blockRows, inputDim)];
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

    /** Adds one row of {@code inputDim} values (copied). */
    public void add(double[] row) {
        add(row, 0);
    }

    /** Adds a row given as a slice of a larger array (rows are buffered row-major: one contiguous copy). */
    public void add(double[] values, int offset) {
        System.arraycopy(values, offset, buffer, filled * inputDim, inputDim);
        if (++filled == blockRows) {
            flush();
        }
    }

    private void flush() {
        if (filled == 0) {
            return;
        }
        int rows = filled;
        // the kernel may overwrite the buffer: every slot is rewritten before the next flush
        double[] block = buffer;
        if (basis != null) {
            block = basis.project(block, rows);
        }
        if (directional != null) {
            directional.addBlock(block, rows, rowsSeen);
        }
        MomentSketch s = BlockKernel.sketch(block, rows, dim, order, basis, workspace);
        result.half((int) (blocks & 1)).mergeInPlace(s);
        blocks++;
        rowsSeen += rows;
        filled = 0;
    }

    /** Flushes the last partial block and returns the partition's sketch. */
    public SplitHalfSketch finish() {
        flush();
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
