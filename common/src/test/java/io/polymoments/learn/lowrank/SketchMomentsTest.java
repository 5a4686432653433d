package io.polymoments.learn.lowrank;

import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.PopulationMoments;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.SplitHalfSketch;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.moments.Whitening;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SketchMomentsTest {

    /** Both passes of the engine in plain Java (what the Spark job does per partition). */
    static SketchBundle bundle(double[][] rows, int m) {
        int d = rows[0].length;
        SketchAccumulator p1 = new SketchAccumulator(2, d, null);
        for (double[] y : rows) {
            p1.add(y);
        }
        SplitHalfSketch raw = p1.finish();
        MomentSketch total = raw.total();
        Whitening w = Whitening.of(total,
                Whitening.spectrum(total), m, "hidden");
        SketchAccumulator p2 = new SketchAccumulator(4, d, w.basis());
        for (double[] y : rows) {
            p2.add(y);
        }
        return new SketchBundle(raw, p2.finish(), 0);
    }

    @Test
    void momentsAboutZeroOfTheWhitenedRowsAreRecoveredExactly() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.FREE, new double[3], 2, 3, 5, 2L);
        double[][] rows = t.sampleBlock(5L, 0, 3000);
        SketchBundle b = bundle(rows, 3);
        WhitenedMoments wm = SketchMoments.fromBundle(b);
        int m = 3;
        double[] w = b.whitened().basis().matrix();
        double[] shift = b.whitened().basis().shift();
        double[] z3 = new double[m * m * m];
        double[] z4 = new double[m * m * m * m];
        for (double[] y : rows) {
            double[] z = new double[m];
            for (int k = 0; k < m; k++) {
                for (int i = 0; i < 5; i++) {
                    z[k] += w[i + 5 * k] * (y[i] - shift[i]);
                }
            }
            assertEquals(0.0, io.polymoments.linalg.Matrices.distance(z, wm.whitening().whiten(y)), 1e-12);
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
            assertEquals(z3[p], wm.z3()[p], 1e-10 * (1 + Math.abs(z3[p])));
        }
        for (int p = 0; p < z4.length; p++) {
            assertEquals(z4[p], wm.z4()[p], 1e-10 * (1 + Math.abs(z4[p])));
        }
        assertEquals(3000.0, wm.n());
        // the whitening's eigenvalues/basis are those of the raw covariance: V Σ Vᵀ = I
        Whitening wh = wm.whitening();
        double[] v = io.polymoments.linalg.Matrices.transpose(wh.basis().matrix(), 5, m);
        double[] vs = io.polymoments.linalg.Matrices.multiply(v, wh.covariance(), m, 5, 5);
        double[] id = io.polymoments.linalg.Matrices.multiply(false, vs, true, v, m, m, 5);
        assertTrue(io.polymoments.linalg.Matrices.distance(id, io.polymoments.linalg.Matrices.identity(m)) < 1e-9);
    }

    @Test
    void centralToRawConversionHandlesANonZeroMean() {
        // sketch of shifted rows (mean far from 0): the conversion must give the moments about 0
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        int m = 2;
        SketchAccumulator acc = new SketchAccumulator(4, m, null);
        double[] z3 = new double[8];
        double[] z4 = new double[16];
        int n = 500;
        for (int s = 0; s < n; s++) {
            double[] z = {1.5 + rng.nextGaussian(), -0.7 + Math.pow(rng.nextGaussian(), 2)};
            acc.add(z);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    for (int k = 0; k < 2; k++) {
                        z3[i + 2 * j + 4 * k] += z[i] * z[j] * z[k] / n;
                        for (int l = 0; l < 2; l++) {
                            z4[i + 2 * j + 4 * k + 8 * l] += z[i] * z[j] * z[k] * z[l] / n;
                        }
                    }
                }
            }
        }
        double[][] got = SketchMoments.rawMoments(acc.finish().total(), m);
        for (int p = 0; p < 8; p++) {
            assertEquals(z3[p], got[0][p], 1e-12 * (1 + Math.abs(z3[p])));
        }
        for (int p = 0; p < 16; p++) {
            assertEquals(z4[p], got[1][p], 1e-12 * (1 + Math.abs(z4[p])));
        }
    }

    @Test
    void gaussianReferenceVariancesFollowIsserlis() {
        assertEquals(15 - 0, SketchMoments.gaussianVariance(new int[] {0, 0, 0}, 3), 0);      // z^3: 15 − 0
        assertEquals(105 - 9, SketchMoments.gaussianVariance(new int[] {1, 1, 1, 1}, 3), 0); // z^4: 105 − 3²
        assertEquals(9 - 1, SketchMoments.gaussianVariance(new int[] {0, 0, 1, 1}, 3), 0);   // z_a² z_b²: 3·3 − 1
        assertEquals(1, SketchMoments.gaussianVariance(new int[] {0, 1, 2}, 3), 0);
        assertEquals(3, SketchMoments.gaussianVariance(new int[] {0, 0, 2}, 3), 0);
    }

    @Test
    void sampleMomentsAgreeWithPopulationMomentsWithinTheirStandardErrors() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0.5, 1}, 3, 3, 6, 3L);
        WhitenedMoments pop = PopulationMoments.lowRank(t);
        WhitenedMoments smp = SketchMoments.fromBundle(bundle(t.sampleBlock(8L, 0, 200_000), 3));
        // whitening bases may differ in column signs from the population one: compare sign-invariant statistics
        double worst = 0;
        int m = 3;
        double[] sign = new double[m];
        double[] vp = pop.whitening().basis().matrix();
        double[] vs = smp.whitening().basis().matrix();
        for (int k = 0; k < m; k++) {
            double dot = 0;
            for (int i = 0; i < 6; i++) {
                dot += vp[i + 6 * k] * vs[i + 6 * k];
            }
            sign[k] = Math.signum(dot);
        }
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                for (int c = 0; c < m; c++) {
                    int p = a + m * b + m * m * c;
                    double s = sign[a] * sign[b] * sign[c];
                    worst = Math.max(worst, Math.abs(smp.z3()[p] - s * pop.z3()[p]) / smp.z3StdErr()[p]);
                }
            }
        }
        assertTrue(worst < 6, "largest standardised deviation " + worst);
        assertTrue(worst > 0.1, "sampling noise must be visible: " + worst);
    }

    @Test
    void unwhitenedOrLowOrderSketchesAreRejectedClearly() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.FREE, new double[3], 2, 3, 5, 2L);
        double[][] rows = t.sampleBlock(5L, 0, 200);
        SketchAccumulator p1 = new SketchAccumulator(2, 5, null);
        for (double[] y : rows) {
            p1.add(y);
        }
        SketchBundle unwhitened = new SketchBundle(p1.finish(), null, 0);
        Exception e = assertThrows(RuntimeException.class, () -> SketchMoments.fromBundle(unwhitened));
        assertTrue(e.getMessage().contains("--whiten --order 4"), e.getMessage());
    }
}
