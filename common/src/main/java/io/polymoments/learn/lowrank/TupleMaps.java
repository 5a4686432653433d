package io.polymoments.learn.lowrank;

import io.polymoments.tensor.PackedSymmetric;
import io.polymoments.tensor.SymmetricIndex;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps between the unique (sorted) tuples of orders q − 1 and q over m indices ({@link SymmetricIndex} order):
 * inserting an index into a tuple and removing one position from it. A Jacobian column of the moment map that
 * moves one unit is q·sym(e_c ⊗ Y) for an order-(q−1) tensor Y (docs/lowrank.md §7), so these maps carry all the
 * sparsity {@link MomentMap} exploits.
 */
final class TupleMaps {
    private static final ConcurrentHashMap<Long, TupleMaps> CACHE = new ConcurrentHashMap<>();

    final int m;
    final int q;
    /** The unique tuples of order q. */
    final SymmetricIndex upper;
    /** Number of unique tuples of order q − 1 (1 for q = 1: the empty tuple). */
    final int lowerSize;
    /** Dense position in [m]^{q−1} of each unique tuple of order q − 1. */
    final int[] lowerDense;
    /** Multiplicity (number of dense positions) of each unique tuple of order q − 1. */
    final double[] lowerMultiplicity;
    /** insert[c·lowerSize + s]: the unique tuple of order q made of index c and the tuple s of order q − 1. */
    final int[] insert;
    /** insertCount[c·lowerSize + s]: how often c occurs in that tuple. */
    final int[] insertCount;
    /** remove[t·q + v]: the tuple of order q − 1 left when position v of unique tuple t is removed. */
    final int[] remove;
    /** count[t·q + v]: how often the index at position v occurs in unique tuple t. */
    final int[] count;

    private TupleMaps(int m, int q) {
        this.m = m;
        this.q = q;
        upper = SymmetricIndex.of(m, q);
        PackedSymmetric upperPacked = new PackedSymmetric(m, q);
        SymmetricIndex lower = q > 1 ? SymmetricIndex.of(m, q - 1) : null;
        PackedSymmetric lowerPacked = q > 1 ? new PackedSymmetric(m, q - 1) : null;
        lowerSize = lower == null ? 1 : lower.size();
        lowerDense = lower == null ? new int[] {0} : lower.uniqueToDense.clone();
        lowerMultiplicity = lower == null ? new double[] {1} : lower.multiplicity.clone();
        insert = new int[m * lowerSize];
        insertCount = new int[m * lowerSize];
        int[] tuple = new int[q];
        for (int s = 0; s < lowerSize; s++) {
            int[] low = lower == null ? new int[0] : lower.tuples[s];
            for (int c = 0; c < m; c++) {
                int k = 0;
                boolean placed = false;
                for (int x : low) {
                    if (!placed && c <= x) {
                        tuple[k++] = c;
                        placed = true;
                    }
                    tuple[k++] = x;
                }
                if (!placed) {
                    tuple[k] = c;
                }
                insert[c * lowerSize + s] = upperPacked.index(tuple);
                int n = 0;
                for (int x : tuple) {
                    n += x == c ? 1 : 0;
                }
                insertCount[c * lowerSize + s] = n;
            }
        }
        int nu = upper.size();
        remove = new int[nu * q];
        count = new int[nu * q];
        int[] rest = new int[q - 1];
        for (int t = 0; t < nu; t++) {
            int[] tup = upper.tuples[t];
            for (int v = 0; v < q; v++) {
                int k = 0;
                int n = 0;
                for (int w = 0; w < q; w++) {
                    n += tup[w] == tup[v] ? 1 : 0;
                    if (w != v) {
                        rest[k++] = tup[w];
                    }
                }
                remove[t * q + v] = lowerPacked == null ? 0 : lowerPacked.index(rest);
                count[t * q + v] = n;
            }
        }
    }

    static TupleMaps of(int m, int q) {
        return CACHE.computeIfAbsent(((long) m << 8) | q, key -> new TupleMaps(m, q));
    }
}
