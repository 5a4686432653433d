package io.polymoments.learn.lowrank;

import io.polymoments.moments.WhitenedMoments;
import io.polymoments.moments.Whitening;
import io.polymoments.tensor.SymmetricIndex;

/**
 * A plain-Java reference for pass 2 (docs/lowrank.md §5), for tests on small in-memory data: for each row,
 * z = Wᵀ(y − μ) and the unique monomials of degree 3 and 4 of z, with their squares, so that it gives exact per-entry
 * standard errors (the moment engine's order-4 sketch cannot). Partitions accumulate independently and are
 * {@link #merge merged}; {@link #result} gives the learner's input. Production data go through the moment engine
 * ({@code moments.SketchAccumulator} → {@link SketchMoments}).
 */
final class WhitenedMomentAccumulator {

    private final int d;
    private final int m;
    private final double[] mean;
    private final double[] w;
    private long count;
    private final double[] sum3;
    private final double[] sumSq3;
    private final double[] sum4;
    private final double[] sumSq4;
    private double[] z;

    WhitenedMomentAccumulator(Whitening wh) {
        d = wh.d();
        m = wh.rank();
        mean = wh.mean().clone();
        w = wh.basis().matrix().clone();
        sum3 = new double[SymmetricIndex.of(m, 3).size()];
        sumSq3 = new double[sum3.length];
        sum4 = new double[SymmetricIndex.of(m, 4).size()];
        sumSq4 = new double[sum4.length];
    }

    /** Adds one row y (length d). */
    WhitenedMomentAccumulator add(double[] y) {
        if (y.length != d) {
            throw new IllegalArgumentException("row has length " + y.length + ", expected d=" + d);
        }
        if (z == null) {
            z = new double[m];
        }
        java.util.Arrays.fill(z, 0.0);
        for (int i = 0; i < d; i++) {
            double yi = y[i] - mean[i];
            for (int k = 0; k < m; k++) {
                z[k] += w[i + d * k] * yi;
            }
        }
        // unique tuples a ≤ b ≤ c (≤ e) in the order of SymmetricIndex
        int t3 = 0;
        int t4 = 0;
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                double zab = z[a] * z[b];
                for (int c = b; c < m; c++) {
                    double p3 = zab * z[c];
                    sum3[t3] += p3;
                    sumSq3[t3] += p3 * p3;
                    t3++;
                    for (int e = c; e < m; e++) {
                        double p4 = p3 * z[e];
                        sum4[t4] += p4;
                        sumSq4[t4] += p4 * p4;
                        t4++;
                    }
                }
            }
        }
        count++;
        return this;
    }

    /** Adds the counts of another accumulator built from the same whitening. */
    WhitenedMomentAccumulator merge(WhitenedMomentAccumulator o) {
        if (o.d != d || o.m != m) {
            throw new IllegalArgumentException("cannot merge accumulators of shapes (d=" + o.d + ", m=" + o.m
                    + ") and (d=" + d + ", m=" + m + ")");
        }
        count += o.count;
        add(sum3, o.sum3);
        add(sumSq3, o.sumSq3);
        add(sum4, o.sum4);
        add(sumSq4, o.sumSq4);
        return this;
    }

    private static void add(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }

    long count() {
        return count;
    }

    /** Means and standard errors of the whitened moments, ready for {@link LowRankLearner#fit}. */
    WhitenedMoments result(Whitening wh) {
        if (count < 2) {
            throw new IllegalStateException("need at least 2 rows, got " + count);
        }
        SymmetricIndex i3 = SymmetricIndex.of(m, 3);
        SymmetricIndex i4 = SymmetricIndex.of(m, 4);
        double n = count;
        double[] m3 = new double[sum3.length];
        double[] se3 = new double[sum3.length];
        double[] m4 = new double[sum4.length];
        double[] se4 = new double[sum4.length];
        for (int t = 0; t < m3.length; t++) {
            m3[t] = sum3[t] / n;
            se3[t] = Math.sqrt(Math.max(sumSq3[t] / n - m3[t] * m3[t], 1e-300) / n);
        }
        for (int t = 0; t < m4.length; t++) {
            m4[t] = sum4[t] / n;
            se4[t] = Math.sqrt(Math.max(sumSq4[t] / n - m4[t] * m4[t], 1e-300) / n);
        }
        return new WhitenedMoments(wh, n, i3.toDense(m3), i4.toDense(m4), i3.toDense(se3), i4.toDense(se4));
    }

    /**
     * Both passes in plain Java on rows y (for tests and small data): mean and covariance, whitening to m
     * dimensions, then means and standard errors of the degree-3 and 4 monomials of z.
     */
    static WhitenedMoments fromSamples(double[][] rows, int m) {
        int n = rows.length;
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 rows, got " + n);
        }
        int d = rows[0].length;
        double[] mean = new double[d];
        for (double[] y : rows) {
            for (int i = 0; i < d; i++) {
                mean[i] += y[i] / n;
            }
        }
        double[] cov = new double[d * d];
        for (double[] y : rows) {
            for (int j = 0; j < d; j++) {
                double yj = y[j] - mean[j];
                for (int i = 0; i < d; i++) {
                    cov[i + d * j] += (y[i] - mean[i]) * yj / n;
                }
            }
        }
        Whitening wh = Whitening.of(mean, cov, d, m);
        WhitenedMomentAccumulator acc = new WhitenedMomentAccumulator(wh);
        for (double[] y : rows) {
            acc.add(y);
        }
        return acc.result(wh);
    }
}
