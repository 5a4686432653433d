package io.polymoments.learn.quadratic;

/**
 * The moment-matching objective at one point and the unweighted Frobenius norms of its three residuals
 * (docs/quadratic.md §7): {@code mean = ‖tr Z − ν‖} (0 when no ν was supplied; reported even when w1 = 0), {@code
 * covariance = ‖2⟨Z_a,Z_b⟩ − I‖_F}, {@code thirdMoment = ‖8 tr(Z_aZ_bZ_c) − T̃‖_F}.
 */
public record MomentResiduals(double value, double mean, double covariance, double thirdMoment) {
}
