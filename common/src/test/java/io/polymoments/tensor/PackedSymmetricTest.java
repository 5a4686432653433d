package io.polymoments.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedSymmetricTest {

    @Test
    void sizesAreBinomials() {
        assertEquals(55, PackedSymmetric.size(10, 2));
        assertEquals(220, PackedSymmetric.size(10, 3));
        assertEquals(715, PackedSymmetric.size(10, 4));
        assertEquals(1, PackedSymmetric.size(1, 4));
    }

    @Test
    void indexEnumeratesSortedTuplesInLexicographicOrder() {
        for (int order = 1; order <= 4; order++) {
            for (int d : new int[] {1, 2, 5}) {
                PackedSymmetric ps = new PackedSymmetric(d, order);
                int[] t = new int[order];
                int expected = 0;
                while (true) {
                    assertEquals(expected++, ps.index(t.clone()));
                    if (order == 2) {
                        assertEquals(expected - 1, PackedSymmetric.index2(d, t[0], t[1]));
                        assertEquals(expected - 1, PackedSymmetric.index2(d, t[1], t[0]));
                    }
                    if (order == 3) {
                        assertEquals(expected - 1, ps.index3(t[0], t[1], t[2]));
                    }
                    if (order == 4) {
                        assertEquals(expected - 1, ps.index4(t[0], t[1], t[2], t[3]));
                    }
                    int k = order - 1;
                    while (k >= 0 && t[k] == d - 1) {
                        k--;
                    }
                    if (k < 0) {
                        break;
                    }
                    t[k]++;
                    for (int u = k + 1; u < order; u++) {
                        t[u] = t[k];
                    }
                }
                assertEquals(PackedSymmetric.size(d, order), expected);
            }
        }
    }

    @Test
    void packUnpackRoundTripOfASymmetrisedTensor() {
        int d = 4;
        Random rng = new Random(1);
        double[] dense = new double[d * d * d];
        // symmetric by construction: sum of outer products v⊗v⊗v
        for (int s = 0; s < 3; s++) {
            double[] v = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    for (int k = 0; k < d; k++) {
                        int[] t = {i, j, k};
                        java.util.Arrays.sort(t); // same rounding for every permutation: exactly symmetric
                        dense[(i * d + j) * d + k] += v[t[0]] * v[t[1]] * v[t[2]];
                    }
                }
            }
        }
        PackedSymmetric ps = new PackedSymmetric(d, 3);
        assertArrayEquals(dense, ps.unpack(ps.pack(dense)), 0.0);
    }

    @Test
    void unpackPutsEveryPackedEntryAtEachPermutationOfItsTuple() {
        for (int order = 1; order <= 4; order++) {
            for (int d : new int[] {1, 3, 5}) {
                PackedSymmetric ps = new PackedSymmetric(d, order);
                double[] packed = new double[PackedSymmetric.arraySize(d, order)];
                for (int p = 0; p < packed.length; p++) {
                    packed[p] = p + 1;
                }
                double[] dense = ps.unpack(packed);
                assertEquals((int) Math.pow(d, order), dense.length);
                for (int flat = 0; flat < dense.length; flat++) {
                    int[] t = new int[order];
                    for (int v = order - 1, rem = flat; v >= 0; v--, rem /= d) {
                        t[v] = rem % d;
                    }
                    java.util.Arrays.sort(t);
                    assertEquals(packed[ps.index(t)], dense[flat], 0.0, "order " + order + ", d " + d + ", " + flat);
                }
            }
        }
    }
}
