package io.polymoments.learn.lowrank;

import io.polymoments.model.DenseTensors;
import io.polymoments.model.LowRankTransform;
import io.polymoments.model.SymmetricIndex;

/**
 * Input of the low-rank learner: the whitening of pass 1 and the whitened 3rd/4th moments of pass 2
 * (population-normalised means of z⊗z⊗z and z⊗z⊗z⊗z, z = V(y − μ)), optionally with standard errors
 * (then used as GMM weights and for the noise level of the final cost).
 */
public record WhitenedMoments(Whitening whitening, double n, double[] z3, double[] z4, double[] z3StdErr,
                              double[] z4StdErr) {

    public WhitenedMoments {
        int m = whitening.m();
        if (z3.length != m * m * m || z4.length != m * m * m * m) {
            throw new IllegalArgumentException("whitened moments must be dense m^3=" + (m * m * m) + " and m^4="
                    + (m * m * m * m) + " arrays for m=" + m + "; got " + z3.length + " and " + z4.length);
        }
        if ((z3StdErr == null) != (z4StdErr == null)) {
            throw new IllegalArgumentException("give standard errors for both z3 and z4, or for neither");
        }
        if (z3StdErr != null && (z3StdErr.length != z3.length || z4StdErr.length != z4.length)) {
            throw new IllegalArgumentException("standard errors must have the shapes of z3 (" + z3.length + ") and z4 ("
                    + z4.length + "); got " + z3StdErr.length + " and " + z4StdErr.length);
        }
        if (!(n > 1)) {
            throw new IllegalArgumentException("sample count n must be > 1 (or +Infinity for population moments), got " + n);
        }
        for (double v : z3) {
            checkFinite(v, "z3");
        }
        for (double v : z4) {
            checkFinite(v, "z4");
        }
    }

    private static void checkFinite(double v, String name) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " contains NaN or infinite entries");
        }
    }

    public int m() {
        return whitening.m();
    }

    public boolean isPopulation() {
        return Double.isInfinite(n);
    }

    public boolean hasStdErr() {
        return z3StdErr != null;
    }

    /** Exact population moments of a model, whitened with its top-m = units() eigenvectors. */
    public static WhitenedMoments population(LowRankTransform t) {
        int m = t.units();
        int d = t.outputDim();
        Whitening wh = Whitening.of(t.mean(), t.covariance(), d, m);
        double[] b = io.polymoments.linalg.Matrices.multiply(wh.whitening(), t.outputWeights(), m, d, m); // z = B h
        double[] z3 = DenseTensors.transform(t.unitMoments(3), m, 3, b, m);
        double[] z4 = DenseTensors.transform(t.unitMoments(4), m, 4, b, m);
        return wh.withMoments(Double.POSITIVE_INFINITY, z3, z4, null, null);
    }

    /**
     * Both passes in plain Java on rows y (for tests and small data): mean and covariance, whitening to m
     * dimensions, then means and standard errors of the degree-3 and 4 monomials of z.
     */
    public static WhitenedMoments fromSamples(double[][] rows, int m) {
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
        SymmetricIndex i3 = SymmetricIndex.of(m, 3);
        SymmetricIndex i4 = SymmetricIndex.of(m, 4);
        double[] s3 = new double[i3.size()];
        double[] q3 = new double[i3.size()];
        double[] s4 = new double[i4.size()];
        double[] q4 = new double[i4.size()];
        for (double[] y : rows) {
            double[] z = wh.whiten(y);
            for (int t = 0; t < s3.length; t++) {
                int[] a = i3.tuples[t];
                double p = z[a[0]] * z[a[1]] * z[a[2]];
                s3[t] += p;
                q3[t] += p * p;
            }
            for (int t = 0; t < s4.length; t++) {
                int[] a = i4.tuples[t];
                double p = z[a[0]] * z[a[1]] * z[a[2]] * z[a[3]];
                s4[t] += p;
                q4[t] += p * p;
            }
        }
        double[] se3 = new double[s3.length];
        double[] se4 = new double[s4.length];
        for (int t = 0; t < s3.length; t++) {
            s3[t] /= n;
            se3[t] = Math.sqrt(Math.max(q3[t] / n - s3[t] * s3[t], 1e-300) / n);
        }
        for (int t = 0; t < s4.length; t++) {
            s4[t] /= n;
            se4[t] = Math.sqrt(Math.max(q4[t] / n - s4[t] * s4[t], 1e-300) / n);
        }
        return wh.withMoments(n, i3.toDense(s3), i4.toDense(s4), i3.toDense(se3), i4.toDense(se4));
    }
}
