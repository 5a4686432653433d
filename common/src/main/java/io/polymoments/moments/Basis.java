package io.polymoments.moments;

import io.polymoments.linalg.Matrices;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The coordinates a sketch was taken in: z = Wᵀ(y − shift), W an inputDim×dim column-major matrix. Sketches are
 * mergeable only within one basis (compared exactly: the basis is chosen once by the driver and broadcast).
 */
public record Basis(int inputDim, int dim, double[] shift, double[] matrix) implements Serializable {

    public Basis {
        if (shift.length != inputDim) {
            throw new IllegalArgumentException("basis shift has " + shift.length + " entries, expected inputDim=" + inputDim);
        }
        if (matrix.length != (long) inputDim * dim) {
            throw new IllegalArgumentException("basis matrix has " + matrix.length + " entries, expected "
                    + inputDim + "x" + dim);
        }
    }

    /**
     * Projects the first {@code rows} rows of a row-major block (rows × inputDim; shifted in place) into a new
     * row-major rows × dim block: as column-major matrices, Zᵀ = Wᵀ·(Y − shift)ᵀ, one dgemm.
     */
    public double[] project(double[] block, int rows) {
        for (int r = 0; r < rows; r++) {
            int off = r * inputDim;
            for (int c = 0; c < inputDim; c++) {
                block[off + c] -= shift[c];
            }
        }
        double[] out = new double[rows * dim];
        Matrices.gemm(true, false, dim, rows, inputDim, 1.0, matrix, block, 0.0, out);
        return out;
    }

    public boolean sameAs(Basis other) {
        return other != null && inputDim == other.inputDim && dim == other.dim
                && Arrays.equals(shift, other.shift) && Arrays.equals(matrix, other.matrix);
    }

    /** Whether two optional bases agree (both absent, or the same basis). */
    public static boolean same(Basis a, Basis b) {
        return a == null ? b == null : a.sameAs(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Basis b && sameAs(b);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shift) + Arrays.hashCode(matrix);
    }

    @Override
    public String toString() {
        return "Basis[" + inputDim + " -> " + dim + "]";
    }
}
