package io.polymoments.metrics;

import io.polymoments.model.QuadraticTransform;

/**
 * Relative parameter error up to rotation (docs/quadratic.md §12.1):
 * min_O sqrt(Σ_i ‖OQ̂_iOᵀ − Q_i‖² + ‖Ob̂_i − b_i‖² + (ĉ_i − c_i)²) / sqrt(Σ_i ‖Q_i‖² + ‖b_i‖² + c_i²).
 *
 * @param relative the error
 * @param rotation the aligning O (r×r column-major), truth ≈ O·estimate·Oᵀ
 */
public record ParameterError(double relative, double[] rotation) {

    public static ParameterError of(QuadraticTransform estimate, QuadraticTransform truth) {
        return of(estimate, truth, 8, 1L);
    }

    public static ParameterError of(QuadraticTransform estimate, QuadraticTransform truth, int nInit, long seed) {
        RotationAlignment.Alignment al = RotationAlignment.align(estimate, truth, nInit, seed);
        double num = al.loss();
        double den = 0;
        for (double v : truth.q()) {
            den += v * v;
        }
        for (double v : truth.b()) {
            den += v * v;
        }
        double[] c = truth.c();
        double[] ch = estimate.c();
        for (int i = 0; i < c.length; i++) {
            den += c[i] * c[i];
            num += (ch[i] - c[i]) * (ch[i] - c[i]);
        }
        return new ParameterError(Math.sqrt(num / den), al.rotation());
    }
}
