package io.polymoments.metrics;

import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SymmetryAlignmentTest {

    @Test
    void alignmentErrorIsZeroModuloSymmetriesAndPositiveOtherwise() {
        int d = 6;
        int m = 3;
        int r = 2;
        LowRankTransform t = LowRankTransform.random(ActivationMode.FREE, new double[4], r, m, d, 2L);
        // permute units (2,0,1), flip u_1 (S_1j → (−1)^j S_1j), flip W_2 & S_2, scale unit 0 by 3, rotate x
        int[] p = {2, 0, 1};
        double[] w = t.outputWeights();
        double[] u = t.unitDirections();
        double cs = Math.cos(0.4);
        double sn = Math.sin(0.4);
        double[] w2 = new double[d * m];
        double[] u2 = new double[m * r];
        double[][] act = new double[m][];
        for (int e = 0; e < m; e++) {
            int l = p[e];
            double[] cl = t.activation(l);
            double eps = l == 1 ? -1 : 1;
            double dl = l == 2 ? -1 : 1;
            double kappa = l == 0 ? 3 : 1;
            for (int j = 0; j < cl.length; j++) {
                cl[j] = cl[j] * Math.pow(eps, j) * dl / kappa;
            }
            act[e] = cl;
            for (int i = 0; i < d; i++) {
                w2[i + d * e] = w[i + d * l] * dl * kappa;
            }
            double u0 = eps * u[l];
            double u1 = eps * u[l + m];
            u2[e] = cs * u0 - sn * u1;
            u2[e + m] = sn * u0 + cs * u1;
        }
        LowRankTransform same = LowRankTransform.of(ActivationMode.FREE, w2, u2, t.offset(), act, d, m, r);
        SymmetryAlignment.AlignmentError err = SymmetryAlignment.align(t, same);
        assertEquals(0.0, err.errW(), 1e-14);
        assertEquals(0.0, err.errGram(), 1e-14);
        assertEquals(0.0, err.errS(), 1e-14);
        assertArrayEquals(new int[] {1, 2, 0}, err.permutation());
        LowRankTransform other = LowRankTransform.random(ActivationMode.FREE, new double[4], r, m, d, 3L);
        assertTrue(SymmetryAlignment.align(t, other).errW() > 0.1);
    }
}
