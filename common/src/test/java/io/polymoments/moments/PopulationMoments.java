package io.polymoments.moments;

import io.polymoments.linalg.Matrices;
import io.polymoments.model.LowRankTransform;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.tensor.DenseTensors;

/** Exact population {@link WhitenedMoments} of the two model families, for tests. */
public final class PopulationMoments {
    private PopulationMoments() {}

    /** Exact population statistics of a quadratic {@code model} under input law {@code law}, whitened at rank m. */
    public static WhitenedMoments quadratic(QuadraticTransform model, RadialLaw law, int m) {
        int d = model.d();
        WhitenedMoments wm = WhitenedMoments.whiten(model.mean(), model.covariance(law), d, m);
        return wm.withThirdMoment(model.whitenedThirdCumulant(wm.w(), m, law));
    }

    /** Exact population moments of a low-rank model, whitened with its top-m = hidden() eigenvectors. */
    public static WhitenedMoments lowRank(LowRankTransform t) {
        int m = t.hidden();
        int d = t.outputDim();
        Whitening wh = Whitening.of(t.mean(), t.covariance(), d, m);
        double[] v = Matrices.transpose(wh.basis().matrix(), d, m);
        double[] b = Matrices.multiply(v, t.outputWeights(), m, d, m); // z = B h
        double[] z3 = DenseTensors.transform(t.unitMoments(3), m, 3, b, m);
        double[] z4 = DenseTensors.transform(t.unitMoments(4), m, 4, b, m);
        return new WhitenedMoments(wh, Double.POSITIVE_INFINITY, z3, z4, null, null);
    }
}
