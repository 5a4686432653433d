package io.polymoments.learn.lowrank;

import io.polymoments.linalg.Matrices;
import io.polymoments.model.LowRankTransform;
import io.polymoments.moments.Whitening;
import io.polymoments.tensor.DenseTensors;
import io.polymoments.tensor.SymmetricIndex;

/**
 * Input of the low-rank learner: the whitening of pass 1 and the whitened 3rd/4th moments of pass 2
 * (population-normalised means of z⊗z⊗z and z⊗z⊗z⊗z, z = Wᵀ(y − μ)), optionally with standard errors
 * (then used as GMM weights and for the noise level of the final cost).
 */
public record WhitenedMoments(Whitening whitening, double n, double[] z3, double[] z4, double[] z3StdErr,
                              double[] z4StdErr) {

    public WhitenedMoments {
        int m = whitening.rank();
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
        return whitening.rank();
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
        double[] v = Matrices.transpose(wh.basis().matrix(), d, m);
        double[] b = Matrices.multiply(v, t.outputWeights(), m, d, m); // z = B h
        double[] z3 = DenseTensors.transform(t.unitMoments(3), m, 3, b, m);
        double[] z4 = DenseTensors.transform(t.unitMoments(4), m, 4, b, m);
        return new WhitenedMoments(wh, Double.POSITIVE_INFINITY, z3, z4, null, null);
    }
}
