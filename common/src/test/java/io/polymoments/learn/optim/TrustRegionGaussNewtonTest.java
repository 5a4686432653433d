package io.polymoments.learn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.linalg.LeastSquares;
import io.polymoments.linalg.Matrices;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrustRegionGaussNewtonTest {

    /** f = ‖r‖², ∇f = 2Jᵀr and the product v ↦ 2Jᵀ(Jv), all from a dense residual function. */
    static GaussNewtonFunction sumOfSquares(ResidualFunction fn) {
        int n = fn.parameterCount();
        int p = fn.residualCount();
        return new GaussNewtonFunction() {
            @Override
            public int parameterCount() {
                return n;
            }

            @Override
            public double valueAndGradient(double[] x, double[] gradient) {
                double[] r = new double[p];
                double[] j = new double[p * n];
                fn.evaluate(x, r, j);
                double[] jtr = Matrices.multiply(true, j, false, r, n, 1, p);
                for (int i = 0; i < n; i++) {
                    gradient[i] = 2 * jtr[i];
                }
                return Lbfgs.dot(r, r);
            }

            @Override
            public Operator gaussNewtonMatrix(double[] x) {
                double[] j = new double[p * n];
                fn.evaluate(x, new double[p], j);
                return (v, out) -> {
                    double[] jtjv = Matrices.multiply(true, j, false, Matrices.multiply(j, v, p, n, 1), n, 1, p);
                    for (int i = 0; i < n; i++) {
                        out[i] = 2 * jtjv[i];
                    }
                };
            }
        };
    }

    private static final ResidualFunction ROSENBROCK = LevenbergMarquardtTest.residuals(2, 2, (x, r, j) -> {
        r[0] = 10 * (x[1] - x[0] * x[0]);
        r[1] = 1 - x[0];
        if (j != null) {
            j[0] = -20 * x[0];
            j[1] = -1;
            j[2] = 10;
            j[3] = 0;
        }
    });

    @Test
    void rosenbrockAsZeroResidualProblem() {
        OptimizationResult res = new TrustRegionGaussNewton().minimize(sumOfSquares(ROSENBROCK),
                new double[]{-1.2, 1.0}, null);
        assertEquals(StopReason.GRADIENT_TOLERANCE, res.stopReason());
        assertEquals(1.0, res.x()[0], 1e-12);
        assertEquals(1.0, res.x()[1], 1e-12);
        assertTrue(res.value() < 1e-24, "cost " + res.value());
        LbfgsTest.assertNonIncreasing(res.history());
    }

    @Test
    void linearLeastSquaresMatchesSvdSolver() {
        int p = 30;
        int n = 6;
        Random rng = new Random(3);
        double[] a = Matrices.gaussian(p, n, rng);
        // columns scaled 1e-1 … 1e1.5: curvatures over four decades, inside the 1e-6 damping of the solver (the
        // damping that keeps steps off a symmetry's null directions slows directions below it down)
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < n; k++) {
                a[i + k * p] *= Math.pow(10, 0.5 * k - 1);
            }
        }
        double[] b = Matrices.gaussian(p, 1, rng);
        double[] expected = LeastSquares.solve(a, p, n, b, 1);
        ResidualFunction f = LevenbergMarquardtTest.residuals(n, p, (x, r, j) -> {
            double[] ax = Matrices.multiply(a, x, p, n, 1);
            for (int i = 0; i < p; i++) {
                r[i] = ax[i] - b[i];
            }
            if (j != null) {
                System.arraycopy(a, 0, j, 0, a.length);
            }
        });
        OptimizationResult res = new TrustRegionGaussNewton().minimize(sumOfSquares(f), new double[n], null);
        assertTrue(res.stopReason().converged(), "stop reason " + res.stopReason());
        for (int k = 0; k < n; k++) {
            assertEquals(expected[k], res.x()[k], 1e-10 * Math.max(1, Math.abs(expected[k])), "coefficient " + k);
        }
        assertTrue(res.value() > 1, "a non-zero-residual problem");
    }

    @Test
    void nonZeroResidualReachesThePlantedStationaryPointAsDenseLevenbergMarquardtDoes() {
        // h_i(x) = x0·exp(x1·t_i) + x2; data y = h(x*) + e with e ⟂ range J(x*): x* is a stationary point of
        // ‖h(x) − y‖² with residual e
        int p = 25;
        double[] xStar = {2.0, -0.7, 0.5};
        double[] t = new double[p];
        double[] jStar = new double[p * 3];
        for (int i = 0; i < p; i++) {
            t[i] = 4.0 * i / (p - 1);
            double ex = Math.exp(xStar[1] * t[i]);
            jStar[i] = ex;
            jStar[i + p] = xStar[0] * t[i] * ex;
            jStar[i + 2 * p] = 1;
        }
        double[] e = Matrices.gaussian(p, 1, new Random(11));
        double[] proj = Matrices.multiply(jStar, LeastSquares.solve(jStar, p, 3, e, 1), p, 3, 1);
        double[] y = new double[p];
        double eNorm2 = 0;
        for (int i = 0; i < p; i++) {
            e[i] = 0.05 * (e[i] - proj[i]);
            eNorm2 += e[i] * e[i];
            y[i] = xStar[0] * Math.exp(xStar[1] * t[i]) + xStar[2] + e[i];
        }
        ResidualFunction f = LevenbergMarquardtTest.residuals(3, p, (x, r, j) -> {
            for (int i = 0; i < p; i++) {
                double ex = Math.exp(x[1] * t[i]);
                r[i] = x[0] * ex + x[2] - y[i];
                if (j != null) {
                    j[i] = ex;
                    j[i + p] = x[0] * t[i] * ex;
                    j[i + 2 * p] = 1;
                }
            }
        });
        double[] start = {1.0, 0.0, 0.0};
        OptimizationResult res = new TrustRegionGaussNewton().minimize(sumOfSquares(f), start, null);
        OptimizationResult lm = new LevenbergMarquardt().minimize(f, start);
        assertTrue(res.stopReason().converged(), "stop reason " + res.stopReason());
        for (int k = 0; k < 3; k++) {
            assertEquals(xStar[k], res.x()[k], 1e-12, "parameter " + k);
            assertEquals(lm.x()[k], res.x()[k], 1e-9, "parameter " + k + " against Levenberg-Marquardt");
        }
        assertEquals(eNorm2, res.value(), 1e-12 * eNorm2);
        assertTrue(res.gradientMaxAbs() < 1e-12, "gradient " + res.gradientMaxAbs());
        // a loose tolerance stops on the predicted relative decrease, earlier and less exactly
        OptimizationResult loose = new TrustRegionGaussNewton().withTol(1e-6).minimize(sumOfSquares(f), start, null);
        assertEquals(StopReason.RELATIVE_DECREASE, loose.stopReason());
        assertTrue(loose.iterations() < res.iterations(), loose.iterations() + " vs " + res.iterations());
        assertTrue(loose.value() <= eNorm2 * (1 + 1e-5), "cost " + loose.value());
    }

    @Test
    void stopsAtIterationLimitReportingEveryAcceptedStep() {
        List<Double> seen = new ArrayList<>();
        OptimizationResult res = new TrustRegionGaussNewton().withNIterMax(2).minimize(sumOfSquares(ROSENBROCK),
                new double[]{-1.2, 1.0}, (it, x, value) -> seen.add(value));
        assertEquals(StopReason.MAX_ITERATIONS, res.stopReason());
        assertEquals(2, res.iterations());
        assertEquals(3, res.history().length);
        assertEquals(List.of(res.history()[1], res.history()[2]), seen);
        assertTrue(res.history()[2] < res.history()[0]);
    }

    @Test
    void aStationaryStartEndsAtOnceEvenWithoutGradientTolerance() {
        // r(x) = (x − 1, x + 1): f = 2 + 2x², exactly stationary at x = 0 with f = 2
        ResidualFunction f = LevenbergMarquardtTest.residuals(1, 2, (x, r, j) -> {
            r[0] = x[0] - 1;
            r[1] = x[0] + 1;
            if (j != null) {
                j[0] = 1;
                j[1] = 1;
            }
        });
        OptimizationResult res = new TrustRegionGaussNewton().withGtol(0).minimize(sumOfSquares(f), new double[1], null);
        assertEquals(StopReason.GRADIENT_TOLERANCE, res.stopReason());
        assertEquals(0, res.iterations());
        assertEquals(2.0, res.value(), 0.0);
    }

    @Test
    void rejectsBadOptionsAndNonFiniteStarts() {
        assertThrows(IllegalArgumentException.class, () -> new TrustRegionGaussNewton().withTol(-1));
        assertThrows(IllegalArgumentException.class, () -> new TrustRegionGaussNewton(10, 1e-16, 1e-12, 1.5, 10));
        GaussNewtonFunction nan = sumOfSquares(LevenbergMarquardtTest.residuals(1, 1, (x, r, j) -> r[0] = Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new TrustRegionGaussNewton().minimize(nan, new double[]{1}, null));
    }
}
