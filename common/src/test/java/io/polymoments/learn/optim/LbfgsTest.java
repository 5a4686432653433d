package io.polymoments.learn.optim;

import io.polymoments.linalg.Matrices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LbfgsTest {

    /** Extended Rosenbrock Σ 100(x_{i+1} − x_i²)² + (1 − x_i)²; unique minimiser (1,…,1) with value 0. */
    static double rosenbrock(double[] x, double[] g) {
        java.util.Arrays.fill(g, 0.0);
        double f = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] += -400 * a * x[i] - 2 * b;
            g[i + 1] += 200 * a;
        }
        return f;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 5, 10, 50})
    void rosenbrockReachesAllOnes(int n) {
        double[] x0 = new double[n];
        for (int i = 0; i < n; i++) {
            x0[i] = (i % 2 == 0) ? -1.2 : 1.0;
        }
        OptimizationResult res = new Lbfgs().withGtol(1e-10).minimize(LbfgsTest::rosenbrock, x0);
        assertTrue(res.stopReason().converged(), "stop reason " + res.stopReason());
        for (int i = 0; i < n; i++) {
            assertEquals(1.0, res.x()[i], 1e-7, "coordinate " + i);
        }
        assertTrue(res.value() < 1e-14, "value " + res.value());
        assertNonIncreasing(res.history());
        assertEquals(res.iterations() + 1, res.history().length);
    }

    @Test
    void illConditionedQuadraticHasKnownMinimiser() {
        int n = 40;
        Random rng = new Random(7);
        // A = U diag(s) U^T with condition number 1e4 (at 1e6 L-BFGS, like scipy, needs thousands of iterations)
        double[] q = orthogonal(n, rng);
        double[] a = new double[n * n];
        for (int k = 0; k < n; k++) {
            double s = Math.pow(10, 4.0 * k / (n - 1));
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    a[i + j * n] += s * q[i + k * n] * q[j + k * n];
                }
            }
        }
        double[] xStar = new double[n];
        for (int i = 0; i < n; i++) {
            xStar[i] = rng.nextGaussian();
        }
        DifferentiableFunction f = (x, g) -> {
            double[] dx = new double[n];
            for (int i = 0; i < n; i++) {
                dx[i] = x[i] - xStar[i];
            }
            double v = 0;
            for (int i = 0; i < n; i++) {
                double ai = 0;
                for (int j = 0; j < n; j++) {
                    ai += a[i + j * n] * dx[j];
                }
                g[i] = ai;
                v += 0.5 * ai * dx[i];
            }
            return v;
        };
        OptimizationResult res = new Lbfgs().minimize(f, new double[n]);
        assertTrue(res.stopReason().converged(), "stop reason " + res.stopReason());
        double err = Matrices.distance(res.x(), xStar) / Lbfgs.norm(xStar);
        assertTrue(err < 1e-9, "relative error " + err);
        assertNonIncreasing(res.history());
    }

    @Test
    void badlyScaledSeparableProblem() {
        // f = Σ s_i (x_i − c_i)^4 + s_i (x_i − c_i)^2 with s_i spanning 1e-4 … 1e4
        int n = 9;
        double[] s = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.pow(10, i - 4);
            c[i] = 1.0 / (i + 1) - 0.3;
        }
        DifferentiableFunction f = (x, g) -> {
            double v = 0;
            for (int i = 0; i < n; i++) {
                double d = x[i] - c[i];
                v += s[i] * (d * d * d * d + d * d);
                g[i] = s[i] * (4 * d * d * d + 2 * d);
            }
            return v;
        };
        OptimizationResult res = new Lbfgs().withGtol(1e-14).minimize(f, new double[n]);
        assertTrue(res.stopReason().converged(), "stop reason " + res.stopReason());
        for (int i = 0; i < n; i++) {
            // at the smallest scale s = 1e-4 the gradient test gtol=1e-14 bounds |x − c| by ~1e-10
            assertEquals(c[i], res.x()[i], 1e-8, "coordinate " + i);
        }
    }

    @Test
    void stopsAtIterationLimitAndReportsIt() {
        double[] x0 = {-1.2, 1.0};
        OptimizationResult res = new Lbfgs().withNIterMax(3).minimize(LbfgsTest::rosenbrock, x0);
        assertEquals(StopReason.MAX_ITERATIONS, res.stopReason());
        assertEquals(3, res.iterations());
        assertEquals(4, res.history().length);
    }

    @Test
    void survivesNonFiniteRegion() {
        // f = x − log(x) on x > 0 (minimum at 1), +∞ for x ≤ 0: the first steps overshoot into the infinite region
        DifferentiableFunction f = (x, g) -> {
            if (x[0] <= 0) {
                g[0] = Double.NaN;
                return Double.POSITIVE_INFINITY;
            }
            g[0] = 1 - 1 / x[0];
            return x[0] - Math.log(x[0]);
        };
        OptimizationResult res = new Lbfgs().minimize(f, new double[]{0.01});
        assertEquals(1.0, res.x()[0], 1e-9);
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs().withMemory(0));
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs().withTol(-1));
        assertThrows(IllegalArgumentException.class,
                () -> new Lbfgs().minimize((x, g) -> Double.NaN, new double[]{1}));
    }

    static void assertNonIncreasing(double[] h) {
        for (int i = 1; i < h.length; i++) {
            assertTrue(h[i] <= h[i - 1], "history increases at " + i + ": " + h[i - 1] + " -> " + h[i]);
        }
    }

    /** Random orthogonal matrix (Gram–Schmidt of a Gaussian matrix), column-major. */
    static double[] orthogonal(int n, Random rng) {
        double[] q = Matrices.gaussian(n, n, rng);
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < j; k++) {
                double d = 0;
                for (int i = 0; i < n; i++) {
                    d += q[i + j * n] * q[i + k * n];
                }
                for (int i = 0; i < n; i++) {
                    q[i + j * n] -= d * q[i + k * n];
                }
            }
            double nrm = 0;
            for (int i = 0; i < n; i++) {
                nrm += q[i + j * n] * q[i + j * n];
            }
            nrm = Math.sqrt(nrm);
            for (int i = 0; i < n; i++) {
                q[i + j * n] /= nrm;
            }
        }
        return q;
    }
}
