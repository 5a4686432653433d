package io.polymoments.decompose;

import io.polymoments.linalg.Svd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Order N > 3 (docs/tensor-ring.md §4): group consecutive modes into an order-3 ring, solve that spectrally and
 * split each grouped core (an open tensor train of its constituent cores) by sequential truncated SVD.
 *
 * @param start       cyclic start s: modes are taken in the order s, s+1, … (mod N)
 * @param groups      three groups of consecutive modes (original mode numbers)
 * @param orientation orientation the order-3 solver will use on the grouped tensor
 */
record RingGrouping(int start, List<int[]> groups, int[] orientation) {

    /** Enumerates all cyclic starts and two cuts; keeps the applicable grouping with the smallest eigenproblem, then the smallest largest group. */
    static RingGrouping choose(int[] dims, int[] ranks) {
        int order = dims.length;
        RingGrouping best = null;
        long bestSize = Long.MAX_VALUE;
        long bestMaxDim = Long.MAX_VALUE;
        for (int s = 0; s < order; s++) {
            int[] ord = DenseTensor.cyclicOrder(order, s);
            for (int b1 = 1; b1 < order - 1; b1++) {
                for (int b2 = b1 + 1; b2 < order; b2++) {
                    List<int[]> gs = List.of(Arrays.copyOfRange(ord, 0, b1), Arrays.copyOfRange(ord, b1, b2),
                            Arrays.copyOfRange(ord, b2, order));
                    long[] dg = groupDims(dims, gs);
                    if (dg == null) {
                        continue;
                    }
                    int[] rg = groupRanks(ranks, gs);
                    int[] perm = RingOrientation.choose(dg, rg);
                    if (perm == null) {
                        continue;
                    }
                    long size = RingOrientation.eigenSize(rg, perm);
                    long maxDim = Math.max(dg[0], Math.max(dg[1], dg[2]));
                    if (size < bestSize || (size == bestSize && maxDim < bestMaxDim)) {
                        best = new RingGrouping(s, gs, perm);
                        bestSize = size;
                        bestMaxDim = maxDim;
                    }
                }
            }
        }
        return best;
    }

    private static long[] groupDims(int[] dims, List<int[]> gs) {
        long[] out = new long[3];
        for (int g = 0; g < 3; g++) {
            long p = 1;
            for (int m : gs.get(g)) {
                p *= dims[m];
                if (p > Integer.MAX_VALUE) {
                    return null;
                }
            }
            out[g] = p;
        }
        return out;
    }

    static int[] groupRanks(int[] ranks, List<int[]> gs) {
        return new int[] {ranks[gs.get(0)[0]], ranks[gs.get(1)[0]], ranks[gs.get(2)[0]]};
    }

    int[] modeOrder(int order) {
        return DenseTensor.cyclicOrder(order, start);
    }

    /** The order-3 tensor of grouped modes (within a group the first mode runs fastest). */
    DenseTensor group(DenseTensor t) {
        DenseTensor rotated = t.permute(modeOrder(t.order()));
        int[] dg = new int[3];
        for (int g = 0; g < 3; g++) {
            int p = 1;
            for (int m : groups.get(g)) {
                p *= t.dim(m);
            }
            dg[g] = p;
        }
        return rotated.reshape(dg);
    }

    /** Splits the grouped order-3 ring back into the N cores of the original mode order. */
    TensorRing split(TensorRing grouped, int[] dims, int[] ranks) {
        int order = dims.length;
        double[][] cores = new double[order][];
        for (int g = 0; g < 3; g++) {
            int[] modes = groups.get(g);
            int rIn = grouped.ranks()[g];
            int rOut = grouped.rank(g + 1);
            int[] gd = new int[modes.length];
            int[] inner = new int[modes.length - 1];
            for (int t = 0; t < modes.length; t++) {
                gd[t] = dims[modes[t]];
                if (t > 0) {
                    inner[t - 1] = ranks[modes[t]];
                }
            }
            List<double[]> parts = splitGroupCore(grouped.core(g), rIn, gd, inner, rOut);
            for (int t = 0; t < modes.length; t++) {
                cores[modes[t]] = parts.get(t);
            }
        }
        return new TensorRing(dims, ranks, List.of(cores));
    }

    /**
     * TT-SVD of one grouped core R_in × (d_0⋯d_{k−1}) × R_out with known inner ranks. With first-index-fastest
     * layout every unfolding (left·d_t) × rest is the data array itself.
     */
    static List<double[]> splitGroupCore(double[] core, int rIn, int[] dims, int[] inner, int rOut) {
        List<double[]> out = new ArrayList<>();
        if (dims.length == 1) {
            out.add(core);
            return out;
        }
        double[] rest = core;
        int left = rIn;
        long remaining = core.length;
        for (int t = 0; t < dims.length - 1; t++) {
            int rows = left * dims[t];
            int cols = (int) (remaining / rows);
            int rk = inner[t];
            if (rk > Math.min(rows, cols)) {
                throw new IllegalArgumentException("cannot split grouped core: inner rank " + rk + " exceeds the "
                        + rows + "x" + cols + " unfolding (need R_in*d_m >= R_{m+1}, see docs/tensor-ring.md"
                        + " section 4)");
            }
            Svd svd = Svd.of(rest, rows, cols);
            out.add(svd.leadingU(rk));
            int p = svd.s().length;
            double[] next = new double[rk * cols];
            for (int j = 0; j < cols; j++) {
                for (int c = 0; c < rk; c++) {
                    next[c + rk * j] = svd.s()[c] * svd.vt()[c + p * j];
                }
            }
            rest = next;
            remaining = next.length;
            left = rk;
        }
        out.add(rest);
        return out;
    }
}
