package io.polymoments.learn.optim;

import io.polymoments.linalg.LeastSquares;
import io.polymoments.linalg.Matrices;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LevenbergMarquardtTest {

    /** Residual function from lambdas, for tests. */
    interface Eval {
        void apply(double[] x, double[] r, double[] j);
    }

    static ResidualFunction residuals(int n, int p, Eval e) {
        return new ResidualFunction() {
            @Override
            public int parameterCount() {
                return n;
            }

            @Override
            public int residualCount() {
                return p;
            }

            @Override
            public void evaluate(double[] x, double[] residual, double[] jacobian) {
                e.apply(x, residual, jacobian);
            }
        };
    }

    @Test
    void rosenbrockAsZeroResidualProblem() {
        ResidualFunction f = residuals(2, 2, (x, r, j) -> {
            r[0] = 10 * (x[1] - x[0] * x[0]);
            r[1] = 1 - x[0];
            if (j != null) {
                j[0] = -20 * x[0];
                j[1] = -1;
                j[2] = 10;
                j[3] = 0;
            }
        });
        OptimizationResult res = new LevenbergMarquardt().minimize(f, new double[]{-1.2, 1.0});
        assertTrue(res.stopReason().converged(), "stop reason " + res.stopReason());
        assertEquals(1.0, res.x()[0], 1e-10);
        assertEquals(1.0, res.x()[1], 1e-10);
        assertTrue(res.value() < 1e-20, "cost " + res.value());
        LbfgsTest.assertNonIncreasing(res.history());
    }

    @Test
    void brownBadlyScaledReachesKnownSolution() {
        // Moré–Garbow–Hillstrom #4: r = (x1 − 1e6, x2 − 2e-6, x1·x2 − 2), zero residual at (1e6, 2e-6)
        ResidualFunction f = residuals(2, 3, (x, r, j) -> {
            r[0] = x[0] - 1e6;
            r[1] = x[1] - 2e-6;
            r[2] = x[0] * x[1] - 2;
            if (j != null) {
                j[0] = 1;
                j[1] = 0;
                j[2] = x[1];
                j[3] = 0;
                j[4] = 1;
                j[5] = x[0];
            }
        });
        OptimizationResult res = new LevenbergMarquardt().withNIterMax(500).minimize(f, new double[]{1, 1});
        assertTrue(res.stopReason().converged(), "stop reason " + res.stopReason());
        assertEquals(1e6, res.x()[0], 1e-6);
        assertEquals(2e-6, res.x()[1], 1e-15);
        LbfgsTest.assertNonIncreasing(res.history());
    }

    @Test
    void powellBadlyScaledDrivesResidualToZero() {
        // Moré–Garbow–Hillstrom #3: r = (1e4 x1 x2 − 1, e^{−x1} + e^{−x2} − 1.0001), a zero-residual problem
        ResidualFunction f = residuals(2, 2, (x, r, j) -> {
            r[0] = 1e4 * x[0] * x[1] - 1;
            r[1] = Math.exp(-x[0]) + Math.exp(-x[1]) - 1.0001;
            if (j != null) {
                j[0] = 1e4 * x[1];
                j[1] = -Math.exp(-x[0]);
                j[2] = 1e4 * x[0];
                j[3] = -Math.exp(-x[1]);
            }
        });
        OptimizationResult res = new LevenbergMarquardt().withNIterMax(1000).minimize(f, new double[]{0, 1});
        assertTrue(res.value() < 1e-24, "cost " + res.value() + " stop " + res.stopReason());
        // the known solution (1.098159e-5, 9.106146)
        assertEquals(1.098159e-5, res.x()[0], 1e-11);
        assertEquals(9.106146, res.x()[1], 1e-5);
        LbfgsTest.assertNonIncreasing(res.history());
    }

    /**
     * A cost that cannot fall below a noise level N (Powell's badly scaled problem, a slow tail, plus a constant
     * residual √N): with a floor of 1e-3·N, Levenberg–Marquardt stops at the floor in fewer steps than it takes to
     * resolve the minimum, and within the floor's window of it (N + 10·floor).
     */
    @Test
    void stopsAtTheNoiseFloorNearTheMinimum() {
        double noise = 100;
        ResidualFunction f = residuals(2, 3, (x, r, j) -> {
            r[0] = 1e4 * x[0] * x[1] - 1;
            r[1] = Math.exp(-x[0]) + Math.exp(-x[1]) - 1.0001;
            r[2] = Math.sqrt(noise);
            if (j != null) {
                j[0] = 1e4 * x[1];
                j[1] = -Math.exp(-x[0]);
                j[2] = 0;
                j[3] = 1e4 * x[0];
                j[4] = -Math.exp(-x[1]);
                j[5] = 0;
            }
        });
        LevenbergMarquardt lm = new LevenbergMarquardt().withNIterMax(1000);
        OptimizationResult full = lm.minimize(f, new double[]{0, 1});
        double floor = 1e-3 * noise;
        OptimizationResult floored = lm.withNoiseFloor(floor).minimize(f, new double[]{0, 1});
        assertEquals(StopReason.NOISE_FLOOR, floored.stopReason());
        assertTrue(floored.iterations() < full.iterations(), floored.iterations() + " vs " + full.iterations());
        assertEquals(noise, full.value(), 1e-9);
        assertTrue(floored.value() - noise <= LevenbergMarquardt.FLOOR_WINDOW * floor, "cost " + floored.value());
    }

    @Test
    void linearLeastSquaresMatchesSvdSolver() {
        int p = 30;
        int n = 6;
        Random rng = new Random(3);
        double[] a = Matrices.gaussian(p, n, rng);
        for (int i = 0; i < p; i++) {     // badly scaled columns: 1e-3 … 1e2
            for (int k = 0; k < n; k++) {
                a[i + k * p] *= Math.pow(10, k - 3);
            }
        }
        double[] b = Matrices.gaussian(p, 1, rng);
        double[] expected = LeastSquares.solve(a, p, n, b, 1);
        ResidualFunction f = residuals(n, p, (x, r, j) -> {
            double[] ax = Matrices.multiply(a, x, p, n, 1);
            for (int i = 0; i < p; i++) {
                r[i] = ax[i] - b[i];
            }
            if (j != null) {
                System.arraycopy(a, 0, j, 0, a.length);
            }
        });
        OptimizationResult res = new LevenbergMarquardt().minimize(f, new double[n]);
        assertTrue(res.stopReason().converged(), "stop reason " + res.stopReason());
        for (int k = 0; k < n; k++) {
            assertEquals(expected[k], res.x()[k], 1e-9 * Math.max(1, Math.abs(expected[k])), "coefficient " + k);
        }
        assertTrue(res.value() > 1, "a non-zero-residual problem");
        LbfgsTest.assertNonIncreasing(res.history());
    }

    @Test
    void nonZeroResidualExponentialFitHasPlantedStationaryPoint() {
        // Model h_i(x) = x0·exp(x1·t_i) + x2. Data y = h(x*) + e with e ⟂ range J(x*): then x* is a stationary point
        // of ‖h(x) − y‖² with residual e (a local minimiser for small ‖e‖ — the Gauss–Newton matrix dominates).
        int p = 25;
        double[] xStar = {2.0, -0.7, 0.5};
        double[] t = new double[p];
        for (int i = 0; i < p; i++) {
            t[i] = 4.0 * i / (p - 1);
        }
        double[] jStar = new double[p * 3];
        for (int i = 0; i < p; i++) {
            double ex = Math.exp(xStar[1] * t[i]);
            jStar[i] = ex;
            jStar[i + p] = xStar[0] * t[i] * ex;
            jStar[i + 2 * p] = 1;
        }
        Random rng = new Random(11);
        double[] e = Matrices.gaussian(p, 1, rng);
        double[] coef = LeastSquares.solve(jStar, p, 3, e, 1);
        double[] proj = Matrices.multiply(jStar, coef, p, 3, 1);
        double[] y = new double[p];
        double eNorm2 = 0;
        for (int i = 0; i < p; i++) {
            e[i] = 0.05 * (e[i] - proj[i]);
            eNorm2 += e[i] * e[i];
            y[i] = xStar[0] * Math.exp(xStar[1] * t[i]) + xStar[2] + e[i];
        }
        ResidualFunction f = residuals(3, p, (x, r, j) -> {
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
        OptimizationResult res = new LevenbergMarquardt().minimize(f, new double[]{1.0, 0.0, 0.0});
        assertTrue(res.stopReason().converged(), "stop reason " + res.stopReason());
        for (int k = 0; k < 3; k++) {
            assertEquals(xStar[k], res.x()[k], 1e-9, "parameter " + k);
        }
        assertEquals(eNorm2, res.value(), 1e-12 * eNorm2);
        LbfgsTest.assertNonIncreasing(res.history());
    }

    @Test
    void stopsAtIterationLimitWithHistoryPerAcceptedStep() {
        ResidualFunction f = residuals(2, 2, (x, r, j) -> {
            r[0] = 10 * (x[1] - x[0] * x[0]);
            r[1] = 1 - x[0];
            if (j != null) {
                j[0] = -20 * x[0];
                j[1] = -1;
                j[2] = 10;
                j[3] = 0;
            }
        });
        OptimizationResult res = new LevenbergMarquardt().withNIterMax(2).minimize(f, new double[]{-1.2, 1.0});
        assertEquals(StopReason.MAX_ITERATIONS, res.stopReason());
        assertEquals(2, res.iterations());
        assertEquals(3, res.history().length);
        assertTrue(res.history()[2] < res.history()[0]);
    }

    @Test
    void rejectsMismatchedStart() {
        ResidualFunction f = residuals(2, 2, (x, r, j) -> { });
        assertThrows(IllegalArgumentException.class, () -> new LevenbergMarquardt().minimize(f, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new LevenbergMarquardt().withLambdaInit(0));
    }
}
