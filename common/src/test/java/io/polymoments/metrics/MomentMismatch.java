package io.polymoments.metrics;

import io.polymoments.linalg.Matrices;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.WhitenedMoments;

/**
 * Relative residuals between a model's population moments and given moments: ‖μ_model − ȳ‖/‖ȳ‖,
 * ‖C_model − C‖_F/‖C‖_F and, in whitened coordinates, ‖T̃_model − T̃‖_F/‖T̃‖_F with T̃_model = κ3(W, W, W).
 * Test code: it reads the quadratic learner's moments, which the metrics package does not depend on.
 */
record MomentMismatch(double mean, double covariance, double third) {

    static MomentMismatch of(QuadraticTransform model, RadialLaw law, WhitenedMoments moments) {
        if (model.d() != moments.d()) {
            throw new IllegalArgumentException("model has d = " + model.d() + " outputs, moments d = " + moments.d());
        }
        double mr = rel(model.mean(), moments.mean());
        double cr = rel(model.covariance(law), moments.covariance());
        double tr = Double.NaN;
        if (moments.z3() != null) {
            tr = rel(model.whitenedThirdCumulant(moments.w(), moments.m(), law), moments.z3());
        }
        return new MomentMismatch(mr, cr, tr);
    }

    private static double rel(double[] model, double[] data) {
        double den = Matrices.frobeniusNorm(data);
        double num = Matrices.distance(model, data);
        return den > 0 ? num / den : num;
    }
}
