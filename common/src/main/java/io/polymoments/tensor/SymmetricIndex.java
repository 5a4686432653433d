package io.polymoments.tensor;

import io.polymoments.model.Hermite;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Index bookkeeping for symmetric order-q tensors in m dimensions stored densely: entry (a_1..a_q) of a dense
 * tensor lives at Σ_v a_v·m^v (first index fastest, like column-major matrices). The unique entries are the
 * sorted tuples a_1 ≤ … ≤ a_q in lexicographic order, the layout of {@link PackedSymmetric};
 * {@code multiplicity[t]} is the number of dense entries equal to unique entry t.
 */
public final class SymmetricIndex {
    private static final ConcurrentHashMap<Long, SymmetricIndex> CACHE = new ConcurrentHashMap<>();

    public final int m;
    public final int q;
    /** tuples[t][v]: the v-th (sorted) index of unique entry t. */
    public final int[][] tuples;
    public final double[] multiplicity;
    /** dense position → unique entry. */
    public final int[] denseToUnique;
    /** unique entry → its dense position (the sorted tuple). */
    public final int[] uniqueToDense;

    private SymmetricIndex(int m, int q) {
        this.m = m;
        this.q = q;
        PackedSymmetric packed = new PackedSymmetric(m, q);
        int count = (int) PackedSymmetric.size(m, q);
        tuples = new int[count][];
        multiplicity = new double[count];
        uniqueToDense = new int[count];
        int dense = 1;
        for (int v = 0; v < q; v++) {
            dense *= m;
        }
        denseToUnique = new int[dense];
        int[] t = new int[q];
        int k = 0;
        if (count > 0) {
            while (true) {
                tuples[k] = t.clone();
                multiplicity[k] = multiplicityOf(t);
                uniqueToDense[k] = denseIndex(t);
                k++;
                int v = q - 1;
                while (v >= 0 && t[v] == m - 1) {
                    v--;
                }
                if (v < 0) {
                    break;
                }
                t[v]++;
                for (int w = v + 1; w < q; w++) {
                    t[w] = t[v];
                }
            }
        }
        int[] idx = new int[q];
        for (int d = 0; d < dense; d++) {
            int r = d;
            for (int v = 0; v < q; v++) {
                idx[v] = r % m;
                r /= m;
            }
            java.util.Arrays.sort(idx);
            denseToUnique[d] = packed.index(idx);
        }
    }

    public static SymmetricIndex of(int m, int q) {
        if (m < 1 || q < 1 || Math.pow(m, q) > 5e7) {
            throw new IllegalArgumentException("symmetric index needs m >= 1, q >= 1 and m^q <= 5e7; got m=" + m + ", q=" + q);
        }
        return CACHE.computeIfAbsent(((long) m << 8) | q, key -> new SymmetricIndex(m, q));
    }

    public int size() {
        return tuples.length;
    }

    public int denseSize() {
        return denseToUnique.length;
    }

    private int denseIndex(int[] t) {
        int d = 0;
        int stride = 1;
        for (int v = 0; v < q; v++) {
            d += t[v] * stride;
            stride *= m;
        }
        return d;
    }

    private static double multiplicityOf(int[] sorted) {
        double mult = Hermite.factorial(sorted.length);
        int run = 1;
        for (int v = 1; v <= sorted.length; v++) {
            if (v < sorted.length && sorted[v] == sorted[v - 1]) {
                run++;
            } else {
                mult /= Hermite.factorial(run);
                run = 1;
            }
        }
        return mult;
    }

    /** Dense symmetric tensor from its unique entries. */
    public double[] toDense(double[] unique) {
        double[] out = new double[denseToUnique.length];
        for (int d = 0; d < out.length; d++) {
            out[d] = unique[denseToUnique[d]];
        }
        return out;
    }

    /** The unique entries of a dense tensor (read at the sorted tuples; no symmetrisation). */
    public double[] toUnique(double[] dense) {
        double[] out = new double[tuples.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = dense[uniqueToDense[t]];
        }
        return out;
    }

    public static long binomial(int n, int k) {
        if (k < 0 || k > n) {
            return 0;
        }
        long b = 1;
        for (int i = 1; i <= k; i++) {
            b = b * (n - k + i) / i;
        }
        return b;
    }
}
