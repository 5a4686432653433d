package io.polymoments.decompose;

import io.polymoments.linalg.Matrices;

import java.util.Arrays;

/**
 * A dense real tensor of order N ≥ 1 in <b>first-index-fastest</b> (Fortran / column-major) layout:
 * entry (i0, …, iN−1) is at {@code i0 + d0·(i1 + d1·(i2 + …))}. With this layout the data array is, without
 * copying, the column-major mode-0 unfolding (d0 × d1⋯dN−1), which is what the ring algorithms contract.
 */
public final class DenseTensor {
    private final int[] dims;
    private final double[] data;

    public DenseTensor(int[] dims, double[] data) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a tensor needs at least one mode");
        }
        long size = 1;
        for (int n = 0; n < dims.length; n++) {
            if (dims[n] < 1) {
                throw new IllegalArgumentException("dimension of mode " + n + " must be >= 1, got " + dims[n]);
            }
            size *= dims[n];
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(dims) + " has " + size
                    + " entries, more than a Java array holds");
        }
        if (data.length != size) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " needs " + size + " entries, got "
                    + data.length);
        }
        this.dims = dims.clone();
        this.data = data;
    }

    public static DenseTensor zeros(int... dims) {
        long size = 1;
        for (int d : dims) {
            size *= Math.max(d, 0);
        }
        return new DenseTensor(dims, new double[(int) Math.min(size, Integer.MAX_VALUE)]);
    }

    public int order() {
        return dims.length;
    }

    public int[] dims() {
        return dims.clone();
    }

    public int dim(int mode) {
        return dims[mode];
    }

    /** The backing array (not a copy): first index fastest. */
    public double[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    public int offset(int... index) {
        if (index.length != dims.length) {
            throw new IllegalArgumentException("index has " + index.length + " components, tensor order is " + dims.length);
        }
        int off = 0;
        for (int n = dims.length - 1; n >= 0; n--) {
            if (index[n] < 0 || index[n] >= dims[n]) {
                throw new IndexOutOfBoundsException("index " + index[n] + " of mode " + n + " outside [0, " + dims[n] + ")");
            }
            off = off * dims[n] + index[n];
        }
        return off;
    }

    public double get(int... index) {
        return data[offset(index)];
    }

    public double norm() {
        return Matrices.frobeniusNorm(data);
    }

    /** ‖this − other‖ / ‖other‖ (same shape). */
    public double relativeErrorTo(DenseTensor other) {
        if (!Arrays.equals(dims, other.dims)) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(dims) + " vs " + Arrays.toString(other.dims));
        }
        return Matrices.distance(data, other.data) / other.norm();
    }

    /**
     * numpy's {@code transpose(perm)}: mode t of the result is mode {@code perm[t]} of this tensor, i.e.
     * {@code result[j0,…] = this[i]} with {@code i[perm[t]] = j_t}.
     */
    public DenseTensor permute(int... perm) {
        int nd = dims.length;
        if (perm.length != nd) {
            throw new IllegalArgumentException("permutation has " + perm.length + " entries, tensor order is " + nd);
        }
        boolean[] seen = new boolean[nd];
        boolean identity = true;
        for (int t = 0; t < nd; t++) {
            if (perm[t] < 0 || perm[t] >= nd || seen[perm[t]]) {
                throw new IllegalArgumentException("not a permutation of 0.." + (nd - 1) + ": " + Arrays.toString(perm));
            }
            seen[perm[t]] = true;
            identity &= perm[t] == t;
        }
        if (identity) {
            return new DenseTensor(dims, data.clone());
        }
        int[] newDims = new int[nd];
        int[] oldStride = new int[nd];
        int s = 1;
        for (int n = 0; n < nd; n++) {
            oldStride[n] = s;
            s *= dims[n];
        }
        int[] stride = new int[nd]; // stride in the OLD array of the new mode t
        for (int t = 0; t < nd; t++) {
            newDims[t] = dims[perm[t]];
            stride[t] = oldStride[perm[t]];
        }
        double[] out = new double[data.length];
        int[] idx = new int[nd];
        int src = 0;
        int d0 = newDims[0];
        int st0 = stride[0];
        for (int dst = 0; dst < out.length; dst += d0) {
            // innermost mode in a tight loop
            for (int i = 0, p = src; i < d0; i++, p += st0) {
                out[dst + i] = data[p];
            }
            // advance the multi-index of modes 1..nd-1
            for (int t = 1; t < nd; t++) {
                idx[t]++;
                src += stride[t];
                if (idx[t] < newDims[t]) {
                    break;
                }
                src -= stride[t] * newDims[t];
                idx[t] = 0;
            }
        }
        return new DenseTensor(newDims, out);
    }

    /**
     * The cyclic mode-n unfolding as a column-major d_n × (∏_{m≠n} d_m) matrix whose column index runs
     * over (i_{n+1}, …, i_{N−1}, i_0, …, i_{n−1}) with i_{n+1} fastest — the order of a ring's subchain
     * G_{n+1}⋯G_{n−1}.
     */
    public double[] cyclicUnfolding(int n) {
        return permute(cyclicOrder(dims.length, n)).data;
    }

    /** (n, n+1, …, n−1) mod N. */
    public static int[] cyclicOrder(int order, int start) {
        int[] p = new int[order];
        for (int t = 0; t < order; t++) {
            p[t] = (start + t) % order;
        }
        return p;
    }

    /** Same data viewed with new dimensions whose product is unchanged (no copy). */
    public DenseTensor reshape(int... newDims) {
        return new DenseTensor(newDims, data);
    }

    @Override
    public String toString() {
        return "DenseTensor" + Arrays.toString(dims);
    }
}
