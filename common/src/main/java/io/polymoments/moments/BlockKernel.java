package io.polymoments.moments;

import io.polymoments.linalg.NetlibProvider;
import io.polymoments.tensor.PackedSymmetric;

/**
 * Central co-moment sums of one in-memory block of rows, around the block's own mean, with BLAS-3.
 * The block is row-major (rows × dim), i.e. the column-major dim × rows matrix X = Zᵀ, so rows are copied in
 * contiguously: M2 = X·Xᵀ (dsyrk), M3[(i≤j),k] = Sᵀ·Z with Sᵀ the p2 × rows matrix of row-wise products
 * z_i·z_j (one dgemm), M4 = Sᵀ·S (dsyrk). Per-block centring keeps full precision when the mean is large
 * relative to the spread.
 */
final class BlockKernel {
    private BlockKernel() {}

    /**
     * @param block row-major rows×dim (overwritten with the centred block)
     * @return a sketch of the block
     */
    static MomentSketch sketch(double[] block, int rows, int dim, int order, Basis basis) {
        MomentSketch s = MomentSketch.empty(order, dim, basis);
        if (rows == 0) {
            return s;
        }
        double[] mean = centre(block, rows, dim);
        double[] m2 = packedGram(block, rows, dim);
        double[] m3 = null;
        double[] m4 = null;
        if (order >= 3) {
            int p2 = PackedSymmetric.arraySize(dim, 2);
            double[] sqT = symmetricSquare(block, rows, dim, p2);
            m3 = packedThird(sqT, block, rows, dim, p2);
            if (order >= 4) {
                m4 = packedFourth(sqT, rows, dim, p2);
            }
        }
        s.setState(rows, mean, m2, m3, m4);
        return s;
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
    private static double[] symmetricSquare(double[] z, int rows, int dim, int p2) {
        double[] sqT = new double[rows * p2];
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

    private static double[] packedThird(double[] sqT, double[] z, int rows, int dim, int p2) {
        double[] h = new double[p2 * dim];
        NetlibProvider.blas().dgemm("N", "T", p2, dim, rows, 1.0, sqT, p2, z, dim, 0.0, h, p2);
        double[] packed = new double[PackedSymmetric.arraySize(dim, 3)];
        int p = 0;
        int pair = 0;
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                for (int k = j; k < dim; k++) {
                    packed[p++] = h[pair + k * p2];
                }
                pair++;
            }
        }
        return packed;
    }

    private static double[] packedFourth(double[] sqT, int rows, int dim, int p2) {
        double[] g = new double[p2 * p2];
        NetlibProvider.blas().dsyrk("U", "N", p2, rows, 1.0, sqT, p2, 0.0, g, p2);
        double[] packed = new double[PackedSymmetric.arraySize(dim, 4)];
        int p = 0;
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                int ij = PackedSymmetric.index2(dim, i, j);
                for (int k = j; k < dim; k++) {
                    for (int l = k; l < dim; l++) {
                        packed[p++] = g[ij + PackedSymmetric.index2(dim, k, l) * p2];
                    }
                }
            }
        }
        return packed;
    }
}
