package io.polymoments.decompose;

import java.util.ArrayList;
import java.util.List;

/**
 * The six orientations of an order-3 ring: T'[...] = T.transpose(perm) for the 3 rotations
 * (perm[n] = n+s mod 3, cores rotated) and the 3 reflections (perm[n] = s−n mod 3, cores reversed and each
 * transposed (a,i,b) → (b,i,a)). The spectral algorithm needs d1 ≥ r1r2, d2 ≥ r2r3, d3 ≥ 3 in the chosen
 * orientation (conditions C1–C3, docs/tensor-ring.md §2).
 */
public final class RingOrientation {
    private RingOrientation() {}

    /** All 6 permutations of (0,1,2). */
    public static List<int[]> all() {
        List<int[]> out = new ArrayList<>();
        int[][] perms = {{0, 1, 2}, {1, 2, 0}, {2, 0, 1}, {0, 2, 1}, {1, 0, 2}, {2, 1, 0}};
        for (int[] p : perms) {
            out.add(p.clone());
        }
        return out;
    }

    /** Rotation shift s ≥ 0, or −(s+1) for the reflection perm[n] = s − n. */
    static int kind(int[] perm) {
        for (int s = 0; s < 3; s++) {
            boolean rot = true;
            boolean ref = true;
            for (int n = 0; n < 3; n++) {
                rot &= perm[n] == (n + s) % 3;
                ref &= perm[n] == Math.floorMod(s - n, 3);
            }
            if (rot) {
                return s;
            }
            if (ref) {
                return -(s + 1);
            }
        }
        throw new IllegalArgumentException("not a permutation of (0,1,2)");
    }

    /** Ranks of the ring of T.transpose(perm). */
    public static int[] permuteRanks(int[] ranks, int[] perm) {
        int k = kind(perm);
        int[] out = new int[3];
        for (int n = 0; n < 3; n++) {
            out[n] = k >= 0 ? ranks[(n + k) % 3] : ranks[Math.floorMod(-(k + 1) - n + 1, 3)];
        }
        return out;
    }

    /** The ring of T from a ring of T.transpose(perm). */
    public static TensorRing unpermute(TensorRing permuted, int[] perm) {
        int k = kind(perm);
        int[] dp = permuted.dims();
        int[] rp = permuted.ranks();
        int[] dims = new int[3];
        int[] ranks = new int[3];
        double[][] cores = new double[3][];
        for (int n = 0; n < 3; n++) {
            if (k >= 0) {
                int m = (n + k) % 3;
                cores[m] = permuted.core(n);
                dims[m] = dp[n];
                ranks[m] = rp[n];
            } else {
                int m = Math.floorMod(-(k + 1) - n, 3);
                // reflected core n (rp[n] × d × rp[n+1]) becomes core m transposed; its left rank is rp[n+1]
                cores[m] = TensorRing.transposeCore(permuted.core(n), rp[n], dp[n], rp[(n + 1) % 3]);
                dims[m] = dp[n];
                ranks[m] = rp[(n + 1) % 3];
            }
        }
        return new TensorRing(dims, ranks, List.of(cores));
    }

    /** Whether the spectral algorithm applies to shape/ranks in this orientation (C1–C3). */
    static boolean applicable(long[] shape, int[] ranks, int[] perm) {
        int[] rp = permuteRanks(ranks, perm);
        long d0 = shape[perm[0]];
        long d1 = shape[perm[1]];
        long d2 = shape[perm[2]];
        return d0 >= (long) rp[0] * rp[1] && d1 >= (long) rp[1] * rp[2] && d2 >= 3;
    }

    static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    /** Eigenproblem size lcm(r1, r3)·r2 in the orientation. */
    static int eigenSize(int[] ranks, int[] perm) {
        int[] rp = permuteRanks(ranks, perm);
        return lcm(rp[0], rp[2]) * rp[1];
    }

    /**
     * The applicable orientation with the smallest eigenproblem, ties broken by the largest slack
     * min(d1 − r1r2, d2 − r2r3); null when none applies.
     */
    static int[] choose(long[] shape, int[] ranks) {
        int[] best = null;
        long bestSize = Long.MAX_VALUE;
        long bestSlack = Long.MIN_VALUE;
        for (int[] perm : all()) {
            if (!applicable(shape, ranks, perm)) {
                continue;
            }
            int[] rp = permuteRanks(ranks, perm);
            long size = eigenSize(ranks, perm);
            long slack = Math.min(shape[perm[0]] - (long) rp[0] * rp[1], shape[perm[1]] - (long) rp[1] * rp[2]);
            if (size < bestSize || (size == bestSize && slack > bestSlack)) {
                best = perm;
                bestSize = size;
                bestSlack = slack;
            }
        }
        return best;
    }
}
