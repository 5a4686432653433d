package io.polymoments.decompose;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring container: conventions against an independent numpy computation, and internal consistency. */
class RingTensorTest {

    /**
     * Cores G_n[a,i,b] = sin(1 + n + 0.7a + 0.3i + 1.1b), dims (3,4,2), ranks (2,3,2) — the same formula as
     * docs/scripts/golden_vectors.py.
     */
    static TensorRing sineRing() {
        int[] dims = {3, 4, 2};
        int[] ranks = {2, 3, 2};
        List<double[]> cores = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            int rn = ranks[n];
            int rn1 = ranks[(n + 1) % 3];
            double[] g = new double[rn * dims[n] * rn1];
            for (int a = 0; a < rn; a++) {
                for (int i = 0; i < dims[n]; i++) {
                    for (int b = 0; b < rn1; b++) {
                        g[a + rn * (i + dims[n] * b)] = Math.sin(1.0 + n + 0.7 * a + 0.3 * i + 1.1 * b);
                    }
                }
            }
            cores.add(g);
        }
        return new TensorRing(dims, ranks, cores);
    }

    @Test
    void entriesAndNormMatchNumpyReference() {
        // golden values recomputed by docs/scripts/golden_vectors.py (numpy): the ring's entries and its norm
        TensorRing ring = sineRing();
        DenseTensor full = ring.full();
        int[][] idx = {{0, 0, 0}, {2, 3, 1}, {1, 2, 0}, {2, 0, 1}};
        double[] expected = {-1.112239262717888, -1.1012882835924067, -0.670901199849783, -2.3202299498372416};
        for (int k = 0; k < idx.length; k++) {
            assertEquals(expected[k], ring.entry(idx[k]), 1e-13);
            assertEquals(expected[k], full.get(idx[k]), 1e-13);
        }
        assertEquals(6.273124939315089, ring.norm(), 1e-12);
        assertEquals(6.273124939315089, full.norm(), 1e-12);
    }

    @Test
    void fullAgreesWithEntrywiseTraceForOrder4() {
        Random rng = new Random(3);
        TensorRing ring = TensorRing.random(new int[] {3, 4, 2, 5}, new int[] {2, 3, 1, 2}, rng);
        DenseTensor full = ring.full();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 2; k++) {
                    for (int l = 0; l < 5; l++) {
                        assertEquals(ring.entry(i, j, k, l), full.get(i, j, k, l), 1e-13);
                    }
                }
            }
        }
        assertEquals(full.norm(), ring.norm(), 1e-12 * full.norm());
    }

    @Test
    void balancingIsAGaugeAndEqualisesCoreNorms() {
        TensorRing ring = TensorRing.random(new int[] {5, 6, 7}, new int[] {2, 3, 4}, new Random(9));
        List<double[]> scaled = new ArrayList<>(ring.cores());
        double[] c0 = scaled.get(0).clone();
        for (int k = 0; k < c0.length; k++) {
            c0[k] *= 40;
        }
        scaled.set(0, c0);
        double[] c2 = scaled.get(2).clone();
        for (int k = 0; k < c2.length; k++) {
            c2[k] /= 40;
        }
        scaled.set(2, c2);
        TensorRing unbalanced = new TensorRing(ring.dims(), ring.ranks(), scaled);
        TensorRing balanced = unbalanced.balanced();
        assertTrue(balanced.relativeError(ring.full()) < 1e-14);
        double n0 = io.polymoments.linalg.Matrices.frobeniusNorm(balanced.core(0));
        for (int n = 1; n < 3; n++) {
            assertEquals(n0, io.polymoments.linalg.Matrices.frobeniusNorm(balanced.core(n)), 1e-12 * n0);
        }
    }

    @Test
    void permuteFollowsNumpyTransposeSemantics() {
        DenseTensor t = TensorRing.random(new int[] {2, 3, 4}, new int[] {1, 2, 2}, new Random(1)).full();
        DenseTensor p = t.permute(2, 0, 1); // p[k,i,j] = t[i,j,k]
        assertArrayEquals(new int[] {4, 2, 3}, p.dims());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(t.get(i, j, k), p.get(k, i, j));
                }
            }
        }
    }

    @Test
    void gaugeAlignmentUndoesARandomGauge() {
        Random rng = new Random(21);
        TensorRing truth = TensorRing.random(new int[] {6, 7, 8}, new int[] {2, 3, 2}, rng);
        List<double[]> gauged = new ArrayList<>();
        double[][] p = new double[3][];
        for (int n = 0; n < 3; n++) {
            p[n] = io.polymoments.linalg.Matrices.gaussian(truth.ranks()[n], truth.ranks()[n], rng);
        }
        for (int n = 0; n < 3; n++) {
            int rn = truth.ranks()[n];
            int rn1 = truth.rank(n + 1);
            double[] pinv = io.polymoments.linalg.Lu.of(p[(n + 1) % 3], rn1)
                    .solve(io.polymoments.linalg.Matrices.identity(rn1), rn1, false);
            double[] core = new double[truth.core(n).length];
            for (int i = 0; i < truth.dims()[n]; i++) {
                double[] s = io.polymoments.linalg.Matrices.multiply(
                        io.polymoments.linalg.Matrices.multiply(p[n], truth.slice(n, i), rn, rn, rn1), pinv, rn, rn1, rn1);
                for (int b = 0; b < rn1; b++) {
                    System.arraycopy(s, rn * b, core, rn * (i + truth.dims()[n] * b), rn);
                }
            }
            gauged.add(core);
        }
        TensorRing est = new TensorRing(truth.dims(), truth.ranks(), gauged);
        assertTrue(est.relativeError(truth.full()) < 1e-12, "a gauge leaves the tensor unchanged");
        assertTrue(GaugeAlignment.coreError(est, truth) < 1e-12);
        // and a different ring is far away
        TensorRing other = TensorRing.random(truth.dims(), truth.ranks(), new Random(22));
        assertTrue(GaugeAlignment.coreError(other, truth) > 0.1);
    }

    @Test
    void rejectsInconsistentCoreShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TensorRing(new int[] {2, 3, 4}, new int[] {2, 2, 2}, List.of(new double[8], new double[12], new double[15])));
        assertTrue(e.getMessage().contains("core 2"), e.getMessage());
    }
}
