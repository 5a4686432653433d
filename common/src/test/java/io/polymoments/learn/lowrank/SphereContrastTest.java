package io.polymoments.learn.lowrank;

import io.polymoments.tensor.DenseTensors;
import io.polymoments.tensor.SymmetricIndex;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SphereContrastTest {

    /** SS-HOPM from one start, one contraction of T per step: the reference the batched iteration must reproduce. */
    private static double[] powerIteration(double[] tensor, int q, int m, double shift, double[] t0, int iters,
                                           double tol) {
        double[] t = SphereContrast.normalised(t0);
        for (int it = 0; it < iters; it++) {
            double[] g = DenseTensors.contract(tensor, m, q, t, 1);
            for (int i = 0; i < m; i++) {
                g[i] += shift * t[i];
            }
            double[] tn = SphereContrast.normalised(g);
            double diff = 0;
            for (int i = 0; i < m; i++) {
                diff = Math.max(diff, Math.abs(tn[i] - t[i]));
            }
            t = tn;
            if (diff < tol) {
                break;
            }
        }
        return t;
    }

    /**
     * Starts sharing passes over the tensor end where separate runs end (to rounding: the shared pass is one matrix
     * product), whether they converged or were stopped by the cap.
     */
    @Test
    void batchedPowerIterationsEqualSeparateRuns() {
        SplittableRandom rng = new SplittableRandom(11);
        int m = 5;
        for (int q = 3; q <= 4; q++) {
            SymmetricIndex idx = SymmetricIndex.of(m, q);
            double[] unique = new double[idx.size()];
            for (int t = 0; t < unique.length; t++) {
                unique[t] = rng.nextGaussian();
            }
            double[] tensor = idx.toDense(unique);
            double[][] starts = new double[37][m];
            for (double[] s : starts) {
                for (int i = 0; i < m; i++) {
                    s[i] = rng.nextGaussian();
                }
            }
            double shift = q;
            double[][] batched = SphereContrast.powerIterations(tensor, q, m, shift, starts, 60, 1e-9);
            int converged = 0;
            for (int s = 0; s < starts.length; s++) {
                double[] one = powerIteration(tensor, q, m, shift, starts[s], 60, 1e-9);
                assertArrayEquals(one, batched[s], 1e-12, "start " + s + ", order " + q);
                converged += java.util.Arrays.equals(one, powerIteration(tensor, q, m, shift, starts[s], 61, 1e-9)) ? 1 : 0;
            }
            assertTrue(converged > 0 && converged < starts.length,
                    "both stopping rules must occur: " + converged + " of " + starts.length + " converged early");
        }
    }
}
