package io.polymoments.learn.lowrank;

import io.polymoments.linalg.Matrices;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import io.polymoments.moments.PopulationMoments;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.moments.Whitening;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WhitenedMomentsTest {

    @Test
    void whiteningMakesTheCovarianceTheIdentity() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0.5, 1}, 3, 4, 7, 1L);
        Whitening wh = Whitening.of(t.mean(), t.covariance(), 7, 4);
        double[] v = Matrices.transpose(wh.basis().matrix(), 7, 4);
        double[] vs = Matrices.multiply(v, t.covariance(), 4, 7, 7);
        double[] i = Matrices.multiply(false, vs, true, v, 4, 4, 7);
        assertTrue(Matrices.distance(i, Matrices.identity(4)) < 1e-12);
        assertEquals(4, Whitening.numericalRank(wh.eigenvalues(), 1e-10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Whitening.of(t.mean(), t.covariance(), 7, 5));
        assertTrue(e.getMessage().contains("numerical rank"), e.getMessage());
    }

    @Test
    void accumulatorMatchesDirectMeansAndMergesPartitions() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.FREE, new double[4], 2, 3, 5, 2L);
        double[][] rows = t.sampleBlock(5L, 0, 3000);
        WhitenedMoments all = WhitenedMomentAccumulator.fromSamples(rows, 3);
        Whitening wh = all.whitening();
        WhitenedMomentAccumulator a = new WhitenedMomentAccumulator(wh);
        WhitenedMomentAccumulator b = new WhitenedMomentAccumulator(wh);
        for (int k = 0; k < rows.length; k++) {
            (k % 3 == 0 ? a : b).add(rows[k]);
        }
        WhitenedMoments merged = a.merge(b).result(wh);
        int m = 3;
        double[] z3 = new double[m * m * m];
        double[] z4 = new double[m * m * m * m];
        for (double[] y : rows) {
            double[] z = wh.whiten(y);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    for (int k = 0; k < m; k++) {
                        z3[i + m * j + m * m * k] += z[i] * z[j] * z[k] / rows.length;
                        for (int l = 0; l < m; l++) {
                            z4[i + m * j + m * m * k + m * m * m * l] += z[i] * z[j] * z[k] * z[l] / rows.length;
                        }
                    }
                }
            }
        }
        for (int p = 0; p < z3.length; p++) {
            assertEquals(z3[p], merged.z3()[p], 1e-12 * (1 + Math.abs(z3[p])));
            assertEquals(all.z3()[p], merged.z3()[p], 1e-12 * (1 + Math.abs(z3[p])));
        }
        for (int p = 0; p < z4.length; p++) {
            assertEquals(z4[p], merged.z4()[p], 1e-12 * (1 + Math.abs(z4[p])));
        }
    }

    @Test
    void sampleMomentsAgreeWithPopulationMomentsWithinTheirStandardErrors() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0.5, 1}, 3, 3, 6, 3L);
        WhitenedMoments pop = PopulationMoments.lowRank(t);
        WhitenedMomentAccumulator acc = new WhitenedMomentAccumulator(pop.whitening());
        for (double[] y : t.sampleBlock(8L, 0, 200_000)) {
            acc.add(y);
        }
        WhitenedMoments smp = acc.result(pop.whitening());
        double worst = 0;
        for (int p = 0; p < pop.z3().length; p++) {
            worst = Math.max(worst, Math.abs(smp.z3()[p] - pop.z3()[p]) / smp.z3StdErr()[p]);
        }
        for (int p = 0; p < pop.z4().length; p++) {
            worst = Math.max(worst, Math.abs(smp.z4()[p] - pop.z4()[p]) / smp.z4StdErr()[p]);
        }
        assertTrue(worst < 5, "largest standardised deviation " + worst);
        assertTrue(worst > 0.1, "sampling noise must be visible: " + worst);
    }
}
