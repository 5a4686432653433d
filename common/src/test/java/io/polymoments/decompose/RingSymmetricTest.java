package io.polymoments.decompose;

import io.polymoments.linalg.Lu;
import io.polymoments.linalg.Matrices;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingSymmetricTest {

    static List<double[]> randomSymmetric(int m, int r, Random rng) {
        List<double[]> q = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            q.add(Matrices.symmetrizeInPlace(Matrices.gaussian(r, r, rng), r));
        }
        return q;
    }

    /** Cores s_n·G_n Q_i G_{n+1}⁻¹ with random G_n and scalars s_n of product 1: a general ring of the same tensor. */
    static TensorRing gauged(List<double[]> q, int r, double[] scalars, Random rng) {
        int m = q.size();
        double[][] g = new double[3][];
        double[][] gi = new double[3][];
        for (int n = 0; n < 3; n++) {
            g[n] = Matrices.gaussian(r, r, rng);
            gi[n] = Lu.of(g[n], r).solve(Matrices.identity(r), r, false);
        }
        List<double[]> cores = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            double[] core = new double[r * m * r];
            for (int i = 0; i < m; i++) {
                double[] s = Matrices.multiply(Matrices.multiply(g[n], q.get(i), r, r, r), gi[(n + 1) % 3], r, r, r);
                for (int b = 0; b < r; b++) {
                    for (int a = 0; a < r; a++) {
                        core[a + r * (i + m * b)] = scalars[n] * s[a + r * b];
                    }
                }
            }
            cores.add(core);
        }
        return new TensorRing(new int[] {m, m, m}, new int[] {r, r, r}, cores);
    }

    @Test
    void symmetriserRecoversQUpToRotationFromAGaugedRing() {
        Random rng = new Random(2024);
        for (int[] mr : new int[][] {{12, 4}, {6, 3}, {20, 5}}) {
            int m = mr[0];
            int r = mr[1];
            List<double[]> q = randomSymmetric(m, r, rng);
            TensorRing general = gauged(q, r, new double[] {1.5, -0.4, 1 / (1.5 * -0.4)}, rng);
            // same tensor as tr(Q_i Q_j Q_k)
            assertTrue(general.relativeError(SymmetricRing.ring(q, r).full()) < 1e-12);
            SymmetricRing.Result res = SymmetricRing.symmetrise(general);
            double err = SymmetricRing.orthogonalAlignedError(res.q(), q, r);
            assertTrue(err <= 1e-10, "m=" + m + " r=" + r + ": orthogonal-aligned error " + err);
            assertTrue(res.asymmetry() < 1e-10);
        }
    }

    @Test
    void symmetriserWorksOnAConvergedAlsRing() {
        Random rng = new Random(7);
        int m = 10;
        int r = 3;
        List<double[]> q = randomSymmetric(m, r, rng);
        DenseTensor t = SymmetricRing.ring(q, r).full();
        // start ALS from a perturbed gauged ring (the general spectral algorithm does not apply: the
        // mode-1 unfolding has rank r(r+1)/2 < r²)
        TensorRing start = gauged(q, r, new double[] {1, 1, 1}, rng);
        List<double[]> perturbed = new ArrayList<>();
        for (double[] c : start.cores()) {
            double[] p = c.clone();
            for (int k = 0; k < p.length; k++) {
                p[k] += 1e-3 * rng.nextGaussian();
            }
            perturbed.add(p);
        }
        RingAls.Result als = RingAls.refine(new RingAls.Unfoldings(t), new TensorRing(start.dims(), start.ranks(), perturbed),
                500, 1e-13, 1e-9);
        assertTrue(als.bestError() < 1e-12, "ALS fit " + als.bestError());
        double err = SymmetricRing.orthogonalAlignedError(SymmetricRing.symmetrise(als.best()).q(), q, r);
        assertTrue(err <= 1e-10, "orthogonal-aligned error " + err);
    }

    @Test
    void orthogonalAlignedErrorIsInvariantUnderRotationAndDetectsDifferences() {
        Random rng = new Random(3);
        int r = 4;
        List<double[]> q = randomSymmetric(12, r, rng);
        double[] o = io.polymoments.linalg.Qr.of(Matrices.gaussian(r, r, rng), r, r).q();
        List<double[]> rotated = new ArrayList<>();
        for (double[] qi : q) {
            rotated.add(Matrices.multiply(Matrices.multiply(o, qi, r, r, r), Matrices.transpose(o, r, r), r, r, r));
        }
        assertTrue(SymmetricRing.orthogonalAlignedError(rotated, q, r) < 1e-13);
        assertTrue(SymmetricRing.orthogonalAlignedError(randomSymmetric(12, r, rng), q, r) > 0.1);
    }

    @Test
    void nonSymmetricRingIsRejected() {
        TensorRing general = TensorRing.random(new int[] {10, 10, 10}, new int[] {3, 3, 3}, new Random(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SymmetricRing.symmetrise(general));
        assertTrue(e.getMessage().contains("not"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SymmetricRing.symmetrise(TensorRing.random(new int[] {4, 4, 4}, new int[] {3, 3, 3}, new Random(1))));
    }
}
