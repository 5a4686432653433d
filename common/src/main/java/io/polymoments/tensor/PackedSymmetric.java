package io.polymoments.tensor;

/**
 * Packed storage of fully symmetric tensors of order 2–4 over dimension d: one entry per index tuple
 * i1 ≤ i2 ≤ … ≤ iq, in lexicographic order (d(d+1)/2, d(d+1)(d+2)/6, d(d+1)(d+2)(d+3)/24 entries).
 * Dense tensors are row-major {@code double[d^q]} (for a symmetric tensor the layout does not matter).
 */
public final class PackedSymmetric {
    private final int dim;
    private final int order;
    /** offsets[q][i] = number of packed tuples of order q (over indices ≥ 0) whose first index is below i. */
    private final long[][] firstIndexOffset;

    public PackedSymmetric(int dim, int order) {
        if (dim < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dim);
        }
        if (order < 1 || order > 4) {
            throw new IllegalArgumentException("order must be 1..4, got " + order);
        }
        this.dim = dim;
        this.order = order;
        firstIndexOffset = new long[order + 1][];
        for (int q = 1; q <= order; q++) {
            long[] off = new long[dim + 1];
            for (int i = 0; i < dim; i++) {
                off[i + 1] = off[i] + size(dim - i, q - 1);
            }
            firstIndexOffset[q] = off;
        }
    }

    public int dim() {
        return dim;
    }

    public int order() {
        return order;
    }

    /** Number of packed entries of a symmetric tensor of order q over dimension d: C(d+q−1, q). */
    public static long size(int d, int q) {
        long s = 1;
        for (int t = 0; t < q; t++) {
            s = s * (d + t) / (t + 1);
        }
        return s;
    }

    /** Packed size as an array length, refusing tensors that do not fit a Java array. */
    public static int arraySize(int d, int q) {
        long s = size(d, q);
        if (s > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a packed order-" + q + " tensor over " + d + " dimensions has " + s
                    + " entries, more than a Java array holds; whiten to fewer dimensions (--whiten --rank K)");
        }
        return (int) s;
    }

    /** Packed position of a sorted (non-decreasing) index tuple of this tensor's order. */
    public int index(int... sorted) {
        if (sorted.length != order) {
            throw new IllegalArgumentException("expected " + order + " indices, got " + sorted.length);
        }
        long pos = 0;
        int base = 0;
        for (int t = 0; t < order; t++) {
            int q = order - t;
            int i = sorted[t] - base;
            // tuples over dimension (dim − base) of order q whose first index is below i
            pos += offsetFor(q, dim - base, i);
            base = sorted[t];
        }
        return (int) pos;
    }

    /** Fast packed position of a sorted triple i ≤ j ≤ k (order-3 tensors). */
    public int index3(int i, int j, int k) {
        long[] o3 = firstIndexOffset[3];
        long[] o2 = firstIndexOffset[2];
        long pos = o3[i] + (o2[j] - o2[i]) + (k - j);
        return (int) pos;
    }

    /** Fast packed position of a sorted quadruple i ≤ j ≤ k ≤ l (order-4 tensors). */
    public int index4(int i, int j, int k, int l) {
        long[] o4 = firstIndexOffset[4];
        long[] o3 = firstIndexOffset[3];
        long[] o2 = firstIndexOffset[2];
        long pos = o4[i] + (o3[j] - o3[i]) + (o2[k] - o2[j]) + (l - k);
        return (int) pos;
    }

    private long offsetFor(int q, int d, int i) {
        // firstIndexOffset was computed for dimension dim; a sub-dimension d shares the tail of it
        long[] off = firstIndexOffset[q];
        int shift = dim - d;
        return off[shift + i] - off[shift];
    }

    /** Index of a pair in any order. */
    public static int index2(int d, int i, int j) {
        if (i > j) {
            int t = i;
            i = j;
            j = t;
        }
        return i * d - i * (i - 1) / 2 + (j - i);
    }

    /**
     * Unpacks to a dense row-major tensor of size d^order: each packed entry, visited in packed (lexicographic) order,
     * is written at every permutation of its sorted tuple.
     */
    public double[] unpack(double[] packed) {
        int total = 1;
        for (int t = 0; t < order; t++) {
            total = Math.multiplyExact(total, dim);
        }
        double[] dense = new double[total];
        int[][] perms = permutations(order);
        int[] stride = new int[order];   // row-major: stride[t] = dim^(order − 1 − t)
        stride[order - 1] = 1;
        for (int t = order - 2; t >= 0; t--) {
            stride[t] = stride[t + 1] * dim;
        }
        int[] sorted = new int[order];
        int p = 0;
        while (true) {
            double v = packed[p++];
            for (int[] perm : perms) {
                int flat = 0;
                for (int t = 0; t < order; t++) {
                    flat += sorted[perm[t]] * stride[t];
                }
                dense[flat] = v;
            }
            int t = order - 1;
            while (t >= 0 && sorted[t] == dim - 1) {
                t--;
            }
            if (t < 0) {
                break;
            }
            sorted[t]++;
            for (int u = t + 1; u < order; u++) {
                sorted[u] = sorted[t];
            }
        }
        return dense;
    }

    /** All q! orderings of 0 … q−1 (repeated indices in a tuple only write the same entry twice). */
    private static int[][] permutations(int q) {
        if (q == 1) {
            return new int[][] {{0}};
        }
        int[][] shorter = permutations(q - 1);
        int[][] out = new int[shorter.length * q][];
        int n = 0;
        for (int[] s : shorter) {
            for (int pos = 0; pos < q; pos++) {
                int[] perm = new int[q];
                for (int i = 0, j = 0; i < q; i++) {
                    perm[i] = i == pos ? q - 1 : s[j++];
                }
                out[n++] = perm;
            }
        }
        return out;
    }

    /** Packs a dense symmetric tensor (reads the entry at the sorted index tuple). */
    public double[] pack(double[] dense) {
        double[] packed = new double[arraySize(dim, order)];
        int[] sorted = new int[order];
        int p = 0;
        // iterate sorted tuples lexicographically
        for (int t = 0; t < order; t++) {
            sorted[t] = 0;
        }
        while (true) {
            int flat = 0;
            for (int t = 0; t < order; t++) {
                flat = flat * dim + sorted[t];
            }
            packed[p++] = dense[flat];
            int t = order - 1;
            while (t >= 0 && sorted[t] == dim - 1) {
                t--;
            }
            if (t < 0) {
                break;
            }
            sorted[t]++;
            for (int u = t + 1; u < order; u++) {
                sorted[u] = sorted[t];
            }
        }
        return packed;
    }
}
