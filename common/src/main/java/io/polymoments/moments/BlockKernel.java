package io.polymoments.moments;

import io.polymoments.linalg.NetlibProvider;
import io.polymoments.tensor.PackedSymmetric;

/**
 * Central co-moment sums of one in-memory block of rows, around the block's own mean, with BLAS-3:
 * M2 = ZᵀZ (dsyrk), M3[(i≤j),k] = SᵀZ (dgemm with the row-wise symmetric square S), M4 = SᵀS (dsyrk).
 * Per-block centring is what keeps full precision when the mean is large relative to the spread.
 */
final class BlockKernel {
    private BlockKernel() {}

    /**
     * @param block column-major rows×dim (overwritten with the centred block Z)
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
            double[] sq = symmetricSquare(block, rows, dim, p2);
            m3 = packedThird(sq, block, rows, dim, p2);
            if (order >= 4) {
                m4 = packedFourth(sq, rows, dim, p2);
            }
        }
        s.setState(rows, mean, m2, m3, m4);
        return s;
    }

    /** Subtracts the column means (with one correction sweep, so the mean is accurate to the last bit). */
    private static double[] centre(double[] z, int rows, int dim) {
        double[] mean = new double[dim];
        for (int c = 0; c < dim; c++) {
            int off = c * rows;
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += z[off + r];
            }
            double mu = sum / rows;
            double corr = 0;
            for (int r = 0; r < rows; r++) {
                corr += z[off + r] - mu;
            }
            mu += corr / rows;
            for (int r = 0; r < rows; r++) {
                z[off + r] -= mu;
            }
            mean[c] = mu;
        }
        return mean;
    }

    private static double[] packedGram(double[] z, int rows, int dim) {
        double[] g = new double[dim * dim];
        NetlibProvider.blas().dsyrk("U", "T", dim, rows, 1.0, z, rows, 0.0, g, dim);
        double[] packed = new double[PackedSymmetric.arraySize(dim, 2)];
        int p = 0;
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                packed[p++] = g[i + j * dim];
            }
        }
        return packed;
    }

    /** S: rows × p2, column (i≤j) = z_i ∘ z_j (column-major). */
    private static double[] symmetricSquare(double[] z, int rows, int dim, int p2) {
        double[] sq = new double[rows * p2];
        int col = 0;
        for (int i = 0; i < dim; i++) {
            int oi = i * rows;
            for (int j = i; j < dim; j++) {
                int oj = j * rows;
                int oc = col * rows;
                for (int r = 0; r < rows; r++) {
                    sq[oc + r] = z[oi + r] * z[oj + r];
                }
                col++;
            }
        }
        return sq;
    }

    private static double[] packedThird(double[] sq, double[] z, int rows, int dim, int p2) {
        double[] h = new double[p2 * dim];
        NetlibProvider.blas().dgemm("T", "N", p2, dim, rows, 1.0, sq, rows, z, rows, 0.0, h, p2);
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

    private static double[] packedFourth(double[] sq, int rows, int dim, int p2) {
        double[] g = new double[p2 * p2];
        NetlibProvider.blas().dsyrk("U", "T", p2, rows, 1.0, sq, rows, 0.0, g, p2);
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
