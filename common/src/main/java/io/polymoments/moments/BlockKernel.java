package io.polymoments.moments;

import io.polymoments.linalg.NetlibProvider;
import io.polymoments.tensor.PackedSymmetric;

/**
 * Central co-moment sums of one in-memory block of rows, around the block's own mean, with BLAS-3, merged straight into
 * a sketch. The block is row-major (rows × dim), i.e. the column-major dim × rows matrix X = Zᵀ, so rows are copied in
 * contiguously. M2 = X·Xᵀ (dsyrk). The higher orders are computed in tiles of the symmetric square S (column (i≤j)
 * holds z_i·z_j row by row) and handed to the merge a run of packed entries at a time ({@link PackedRuns}): a tile is
 * the pairs (i, j) for j in [j0, j1) of one i, and
 * <ul>
 * <li>M3[i, j, k] (k ≥ j) = S[:, (i,j)]ᵀ·Z[:, j0..], one dgemm of w × (d − j0) over the block's rows;
 * <li>M4[i, j, k, l] (k ≥ j) = S[:, (i,j)]ᵀ·S[:, (j0,j0)..], one dgemm of w × (p2 − index(j0, j0)), p2 = d(d+1)/2.
 * </ul>
 * Each tile holds at most {@code tileDoubles} numbers (its width w shrinks as the rows grow longer), so the scratch no
 * longer grows with the square of the square (the (p2 × p2) Gram matrix of a whole block was 3.2 GB at d = 200), and
 * the tiles skip most entries outside the packed tuples that one dsyrk of the square computes (a third of them are
 * needed). Per-block centring keeps full precision when the mean is large relative to the spread.
 */
final class BlockKernel {
    /** Numbers per tile: 8 MB, large enough for dgemm to run near peak. */
    static final int TILE_DOUBLES = 1 << 20;

    private BlockKernel() {}

    /**
     * Scratch arrays reused from block to block: the symmetric square of a block (order 4) and the tiles. Allocating
     * and zeroing them per block costs as much as the GEMM.
     */
    static final class Workspace {
        private final int tileDoubles;
        private double[] square = new double[0];
        private double[] tileSquare = new double[0];
        private double[] product = new double[0];
        private double[] runs = new double[0];

        Workspace() {
            this(TILE_DOUBLES);
        }

        /** @param tileDoubles the most numbers a tile's product may hold (at least one row of it is always computed) */
        Workspace(int tileDoubles) {
            this.tileDoubles = tileDoubles;
        }

        /** Tile width: how many j of one i share a tile whose rows are {@code length} long. */
        int width(int remaining, int length) {
            return Math.max(1, Math.min(remaining, tileDoubles / Math.max(1, length)));
        }

        private static double[] grow(double[] a, int size) {
            return a.length < size ? new double[size] : a;
        }
    }

    /**
     * The most numbers a block of {@code rows} rows in {@code dim} dimensions at {@code order} holds besides the sketch
     * it merges into: its M2 (dense and packed), at order 4 its square and whole M3, the tiles, and the merge's
     * temporaries (one packed array of order 2, and at order 4 one of order 3).
     */
    static long scratchDoubles(int order, int rows, int dim) {
        long p2 = PackedSymmetric.size(dim, 2);
        long doubles = (long) dim * dim + 2 * p2;
        if (order >= 3) {
            // product, runs and the tile's columns of the square: each at most a tile, or one row of it
            doubles += 3L * Math.max(TILE_DOUBLES, order == 4 ? p2 : dim + rows);
        }
        if (order >= 4) {
            doubles += rows * p2 + 2 * PackedSymmetric.size(dim, 3) + p2;
        }
        return doubles;
    }

    /**
     * Summarises the block and merges it into {@code target} (of the block's dimension, order and basis).
     *
     * @param block row-major rows×dim (overwritten with the centred block)
     */
    static void mergeInto(MomentSketch target, double[] block, int rows, int dim, Workspace ws) {
        if (rows == 0) {
            return;
        }
        int order = target.order();
        double[] mean = centre(block, rows, dim);
        double[] m2 = packedGram(block, rows, dim);
        PackedRuns third = null;
        double[] thirdPacked = null;
        PackedRuns fourth = null;
        if (order >= 3) {
            third = new ThirdTiles(block, rows, dim, ws);
            if (order >= 4) {
                // the order-4 update reads the whole M3 of the block; it is 4/(d+3) of the size of M4
                thirdPacked = PackedRuns.gather(third, dim, 3, PackedSymmetric.arraySize(dim, 3));
                third = PackedRuns.whole(thirdPacked, dim);
                int p2 = PackedSymmetric.arraySize(dim, 2);
                ws.square = Workspace.grow(ws.square, Math.multiplyExact(rows, p2));
                fourth = new FourthTiles(symmetricSquare(block, rows, dim, p2, ws.square), rows, dim, p2, ws);
            }
        }
        target.merge(rows, mean, m2, third, thirdPacked, fourth);
    }
    /** Subtracts the column means (with one correction sweep, so the mean is accurate to the last bit). */
    private static double[] centre(double[] z, int rows, int dim) {
        double[] sum = new double[dim];
        for (int r = 0; r < rows; r++) {
            int off = r * dim;
            for (int c = 0; c < dim; c++) {
                sum[c] += z[off + c];
            }
        }
        double[] mean = new double[dim];
        for (int c = 0; c < dim; c++) {
            mean[c] = sum[c] / rows;
        }
        double[] corr = new double[dim];
        for (int r = 0; r < rows; r++) {
            int off = r * dim;
            for (int c = 0; c < dim; c++) {
                corr[c] += z[off + c] - mean[c];
            }
        }
        for (int c = 0; c < dim; c++) {
            mean[c] += corr[c] / rows;
        }
        for (int r = 0; r < rows; r++) {
            int off = r * dim;
            for (int c = 0; c < dim; c++) {
                z[off + c] -= mean[c];
            }
        }
        return mean;
    }

    private static double[] packedGram(double[] z, int rows, int dim) {
        double[] g = new double[dim * dim];
        NetlibProvider.blas().dsyrk("U", "N", dim, rows, 1.0, z, dim, 0.0, g, dim);
        double[] packed = new double[PackedSymmetric.arraySize(dim, 2)];
        int p = 0;
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                packed[p++] = g[i + j * dim];
            }
        }
        return packed;
    }

    /** Sᵀ: column-major p2 × rows, column r = (z_i·z_j) over i ≤ j of row r (written contiguously). */
    private static double[] symmetricSquare(double[] z, int rows, int dim, int p2, double[] sqT) {
        for (int r = 0; r < rows; r++) {
            int zo = r * dim;
            int o = r * p2;
            for (int i = 0; i < dim; i++) {
                double zi = z[zo + i];
                for (int j = i; j < dim; j++) {
                    sqT[o++] = zi * z[zo + j];
                }
            }
        }
        return sqT;
    }

    /** M3 of the centred block, a tile of pairs (i, j0..j1−1) at a time; the tile's columns of S are formed on the fly. */
    private static final class ThirdTiles implements PackedRuns {
        private final double[] z;
        private final int rows;
        private final int dim;
        private final Workspace ws;
        private int offset;

        ThirdTiles(double[] z, int rows, int dim, Workspace ws) {
            this.z = z;
            this.rows = rows;
            this.dim = dim;
            this.ws = ws;
        }

        @Override
        public int load(int i, int j0, int start) {
            int cols = dim - j0;
            int w = ws.width(cols, cols + rows);
            double[] sq = ws.tileSquare = Workspace.grow(ws.tileSquare, w * rows);
            for (int r = 0; r < rows; r++) {
                double zi = z[r * dim + i];
                for (int t = 0; t < w; t++) {
                    sq[t + r * w] = zi * z[r * dim + j0 + t];
                }
            }
            double[] h = ws.product = Workspace.grow(ws.product, w * cols);
            NetlibProvider.blas().dgemm("N", "T", w, cols, rows, 1.0, sq, 0, w, z, j0, dim, 0.0, h, 0, w);
            double[] out = ws.runs = Workspace.grow(ws.runs, w * cols);
            int q = 0;
            for (int t = 0; t < w; t++) {
                for (int k = j0 + t; k < dim; k++) {
                    out[q++] = h[t + (k - j0) * w];
                }
            }
            offset = start;
            return j0 + w;
        }

        @Override
        public double[] array() {
            return ws.runs;
        }

        @Override
        public int offset() {
            return offset;
        }
    }

    /** M4 of the centred block from its square Sᵀ (p2 × rows), a tile of pairs (i, j0..j1−1) at a time. */
    private static final class FourthTiles implements PackedRuns {
        private final double[] sqT;
        private final int rows;
        private final int dim;
        private final int p2;
        private final Workspace ws;
        private int offset;

        FourthTiles(double[] sqT, int rows, int dim, int p2, Workspace ws) {
            this.sqT = sqT;
            this.rows = rows;
            this.dim = dim;
            this.p2 = p2;
            this.ws = ws;
        }

        @Override
        public int load(int i, int j0, int start) {
            int c0 = PackedSymmetric.index2(dim, j0, j0);
            int cols = p2 - c0;
            int w = ws.width(dim - j0, cols);
            double[] g = ws.product = Workspace.grow(ws.product, w * cols);
            NetlibProvider.blas().dgemm("N", "T", w, cols, rows, 1.0, sqT, PackedSymmetric.index2(dim, i, j0), p2,
                    sqT, c0, p2, 0.0, g, 0, w);
            double[] out = ws.runs = Workspace.grow(ws.runs, w * cols);
            int q = 0;
            for (int t = 0; t < w; t++) {
                for (int k = j0 + t; k < dim; k++) {
                    int kk = (PackedSymmetric.index2(dim, k, k) - c0) * w + t;
                    for (int l = k; l < dim; l++) {
                        out[q++] = g[kk + (l - k) * w];
                    }
                }
            }
            offset = start;
            return j0 + w;
        }

        @Override
        public double[] array() {
            return ws.runs;
        }

        @Override
        public int offset() {
            return offset;
        }
    }
}
