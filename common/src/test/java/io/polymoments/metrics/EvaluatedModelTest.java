package io.polymoments.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvaluatedModelTest {
    @Test
    void lowRankWhitenedThirdCumulantIsTheContractedCentralMoment() {
        int d = 5;
        int k = 3;
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0.5, 1, 0.3}, 2, 3, d, 8L);
        double[] w = new double[d * k];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        double[] m3 = t.centralMoment(3); // dense d³, symmetric
        double[] expected = new double[k * k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                for (int c = 0; c < k; c++) {
                    double s = 0;
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < d; j++) {
                            for (int l = 0; l < d; l++) {
                                s += w[i + d * a] * w[j + d * b] * w[l + d * c] * m3[i + d * (j + d * l)];
                            }
                        }
                    }
                    expected[a + k * (b + k * c)] = s;
                }
            }
        }
        double[] got = EvaluatedModel.lowRank(t).whitenedThirdCumulant(w, k);
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0.1);
        assertArrayEquals(expected, got, 1e-10 * scale);
    }

    @Test
    void lowRankSamplesHaveTheExactMeanAndCovariance() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0.5, 1}, 2, 3, 4, 2L);
        EvaluatedModel e = EvaluatedModel.lowRank(t);
        int n = 200_000;
        int d = 4;
        double[] y = e.sample(n, 5L);
        assertArrayEquals(y, e.sample(n, 5L), 0.0);
        double[] mu = e.mean();
        double[] cov = e.covariance();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                mean[a] += y[i * d + a] / n;
            }
        }
        for (int a = 0; a < d; a++) {
            // 6 standard errors of the sample mean
            assertEquals(mu[a], mean[a], 6 * Math.sqrt(cov[a + d * a] / n), "mean " + a);
        }
        double var0 = 0;
        for (int i = 0; i < n; i++) {
            double c = y[i * d] - mu[0];
            var0 += c * c / n;
        }
        assertEquals(cov[0], var0, 0.03 * cov[0]);
    }
}
