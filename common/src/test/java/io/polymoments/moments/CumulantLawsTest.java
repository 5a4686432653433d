package io.polymoments.moments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.linalg.Matrices;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Sample cumulants against exact laws, with tolerances from the central limit theorem: each entry must lie within
 * 5 standard errors of the truth, the standard error estimated by batch means (20 batches) of the same data.
 */
class CumulantLawsTest {
    private static final int BATCHES = 20;

    /** Estimates of one statistic on each batch; returns {full estimate..., standard error...}. */
    private static double[][] batchEstimate(double[][] rows, int order, Function<MomentSketch, double[]> stat) {
        int per = rows.length / BATCHES;
        MomentSketch all = MomentSketch.empty(order, rows[0].length, null);
        double[][] est = new double[BATCHES][];
        for (int b = 0; b < BATCHES; b++) {
            SketchAccumulator acc = new SketchAccumulator(order, rows[0].length, null);
            for (int r = b * per; r < (b + 1) * per; r++) {
                acc.add(rows[r]);
            }
            MomentSketch s = acc.finish().total();
            est[b] = stat.apply(s);
            all.mergeInPlace(s);
        }
        double[] full = stat.apply(all);
        double[] se = new double[full.length];
        for (int e = 0; e < full.length; e++) {
            double m = 0;
            for (double[] x : est) {
                m += x[e];
            }
            m /= BATCHES;
            double v = 0;
            for (double[] x : est) {
                v += (x[e] - m) * (x[e] - m);
            }
            se[e] = Math.sqrt(v / (BATCHES - 1) / BATCHES);
        }
        return new double[][] {full, se};
    }

    private static void assertWithinClt(double[] truth, double[][] estimate, String what) {
        double[] est = estimate[0];
        double[] se = estimate[1];
        double worst = 0;
        for (int e = 0; e < truth.length; e++) {
            worst = Math.max(worst, Math.abs(est[e] - truth[e]) / se[e]);
        }
        assertTrue(worst < 5, what + ": worst |z| = " + worst);
    }

    @Test
    void gaussianDataHasVanishingThirdAndFourthCumulants() {
        int d = 4;
        int n = 200_000;
        Random rng = new Random(2024);
        double[] a = Matrices.gaussian(d, d, rng);
        double[][] rows = new double[n][d];
        for (double[] row : rows) {
            double[] g = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            for (int i = 0; i < d; i++) {
                double s = 7.0;
                for (int c = 0; c < d; c++) {
                    s += a[i + c * d] * g[c];
                }
                row[i] = s;
            }
        }
        assertWithinClt(new double[d * d * d], batchEstimate(rows, 3, MomentSketch::thirdCumulant), "kappa3");
        assertWithinClt(new double[d * d * d * d], batchEstimate(rows, 4, MomentSketch::fourthCumulant), "kappa4");
        // and the covariance is A·Aᵀ
        double[] cov = Matrices.multiply(false, a, true, a, d, d, d);
        assertWithinClt(cov, batchEstimate(rows, 2, MomentSketch::covariance), "covariance");
    }

    /** y_i = xᵀQ_i x, x ~ N(0, I_r): Cov = 2 tr(Q_iQ_j), κ3 = 8 tr(Q_iQ_jQ_k) (docs/quadratic.md §2.1). */
    @Test
    void quadraticModelMatchesClosedFormCumulants() {
        int r = 3;
        int d = 5;
        int n = 200_000;
        Random rng = new Random(77);
        double[][] q = new double[d][];
        for (int i = 0; i < d; i++) {
            q[i] = Matrices.symmetrizeInPlace(Matrices.gaussian(r, r, rng), r);
        }
        double[][] rows = new double[n][d];
        double[] x = new double[r];
        for (double[] row : rows) {
            for (int t = 0; t < r; t++) {
                x[t] = rng.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int u = 0; u < r; u++) {
                    for (int v = 0; v < r; v++) {
                        s += x[u] * q[i][u + v * r] * x[v];
                    }
                }
                row[i] = s;
            }
        }
        double[] cov = new double[d * d];
        double[] k3 = new double[d * d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double[] qq = Matrices.multiply(q[i], q[j], r, r, r);
                cov[i + j * d] = 2 * trace(qq, r);
                for (int k = 0; k < d; k++) {
                    k3[(i * d + j) * d + k] = 8 * trace(Matrices.multiply(qq, q[k], r, r, r), r);
                }
            }
        }
        assertWithinClt(cov, batchEstimate(rows, 3, MomentSketch::covariance), "covariance");
        assertWithinClt(k3, batchEstimate(rows, 3, MomentSketch::thirdCumulant), "kappa3");
    }

    private static double trace(double[] m, int r) {
        double t = 0;
        for (int i = 0; i < r; i++) {
            t += m[i + i * r];
        }
        return t;
    }
}
