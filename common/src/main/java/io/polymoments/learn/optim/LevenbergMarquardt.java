package io.polymoments.learn.optim;

import io.polymoments.linalg.Cholesky;
import io.polymoments.linalg.Matrices;

import java.util.Arrays;

/**
 * Levenberg–Marquardt for min ‖r(x)‖² with an exact Jacobian: dense normal equations
 * (J^TJ + λ D) h = −J^T r, solved by Cholesky, with Marquardt scaling D = diag of the running maximum of
 * diag(J^TJ) (MINPACK's choice: invariant to rescaling the parameters, and the scale never shrinks, so
 * temporarily flat directions do not get huge steps). Damping is updated from the gain ratio
 * (actual / predicted decrease) as in Nielsen (1999): λ ← λ·max(1/3, 1 − (2ρ − 1)³) on success, λ ← λ·ν, ν ← 2ν
 * on failure. A step is accepted only if it lowers the cost, so the reported cost never increases.
 *
 * <p>Stops on: cost 0 or max|2J^Tr| < {@code gtol}; relative cost decrease of an accepted step below
 * {@code tol}; a decrease over the last accepted steps below the noise floor ({@link #withNoiseFloor}); step ‖h‖ ≤ {@code xtol}·(‖x‖ + xtol); damping overflow (no decrease possible); {@code nIterMax}.
 * Memory is p·n for J plus n² for the normal matrix, so this is for problems up to a few thousand parameters.
 */
public final class LevenbergMarquardt {
    private static final double LAMBDA_MAX = 1e16;
    /** Accepted steps over which the decrease is compared with the noise floor. */
    static final int FLOOR_WINDOW = 10;

    private final int nIterMax;
    private final double tol;
    private final double gtol;
    private final double xtol;
    private final double lambdaInit;
    private final double noiseFloor;

    /** Defaults: nIterMax 200, tol 1e-15, gtol 1e-14, xtol 1e-15, initial damping 1e-3 (relative to diag J^TJ). */
    public LevenbergMarquardt() {
        this(200, 1e-15, 1e-14, 1e-15, 1e-3);
    }

    public LevenbergMarquardt(int nIterMax, double tol, double gtol, double xtol, double lambdaInit) {
        this(nIterMax, tol, gtol, xtol, lambdaInit, 0);
    }

    private LevenbergMarquardt(int nIterMax, double tol, double gtol, double xtol, double lambdaInit,
                               double noiseFloor) {
        if (nIterMax < 0) {
            throw new IllegalArgumentException("nIterMax must be >= 0, got " + nIterMax);
        }
        if (!(tol >= 0) || !(gtol >= 0) || !(xtol >= 0)) {
            throw new IllegalArgumentException("tol, gtol and xtol must be >= 0, got " + tol + ", " + gtol + ", " + xtol);
        }
        if (!(lambdaInit > 0) || !Double.isFinite(lambdaInit)) {
            throw new IllegalArgumentException("lambdaInit must be a positive finite number, got " + lambdaInit);
        }
        this.nIterMax = nIterMax;
        this.tol = tol;
        this.gtol = gtol;
        this.xtol = xtol;
        this.lambdaInit = lambdaInit;
        this.noiseFloor = noiseFloor;
    }

    public LevenbergMarquardt withNIterMax(int n) {
        return new LevenbergMarquardt(n, tol, gtol, xtol, lambdaInit, noiseFloor);
    }

    public LevenbergMarquardt withTol(double t) {
        return new LevenbergMarquardt(nIterMax, t, gtol, xtol, lambdaInit, noiseFloor);
    }

    public LevenbergMarquardt withGtol(double g) {
        return new LevenbergMarquardt(nIterMax, tol, g, xtol, lambdaInit, noiseFloor);
    }

    public LevenbergMarquardt withXtol(double x) {
        return new LevenbergMarquardt(nIterMax, tol, gtol, x, lambdaInit, noiseFloor);
    }

    public LevenbergMarquardt withLambdaInit(double l) {
        return new LevenbergMarquardt(nIterMax, tol, gtol, xtol, l, noiseFloor);
    }

    /**
     * Stops once {@value #FLOOR_WINDOW} accepted steps together lowered the cost by less than {@code decrease}
     * (absolute; 0: never). For a cost of sampled quantities, whose minimum is itself known only to its noise level,
     * resolving it far below that level buys nothing: a small fraction of the noise level is the natural floor.
     */
    public LevenbergMarquardt withNoiseFloor(double decrease) {
        if (!(decrease >= 0) || !Double.isFinite(decrease)) {
            throw new IllegalArgumentException("the noise floor must be a finite number >= 0, got " + decrease);
        }
        return new LevenbergMarquardt(nIterMax, tol, gtol, xtol, lambdaInit, decrease);
    }

    /** Minimises ‖r(x)‖² from x0 (not modified). */
    public OptimizationResult minimize(ResidualFunction fn, double[] x0) {
        return minimize(fn, x0, null);
    }

    /** As {@link #minimize(ResidualFunction, double[])}, reporting every accepted step to the listener. */
    public OptimizationResult minimize(ResidualFunction fn, double[] x0, IterationListener listener) {
        final int n = fn.parameterCount();
        final int p = fn.residualCount();
        if (x0.length != n) {
            throw new IllegalArgumentException("x0 has length " + x0.length + " but the residual function has "
                    + n + " parameters");
        }
        if ((long) p * n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Jacobian " + p + "x" + n + " is too large for a dense array; "
                    + "use L-BFGS on the sum of squares instead");
        }
        return minimize(new DenseNormalEquations(fn), x0, listener);
    }

    /** Minimises ‖r(x)‖² given through its normal equations, from x0 (not modified). */
    public OptimizationResult minimize(NormalEquationsFunction fn, double[] x0) {
        return minimize(fn, x0, null);
    }

    /** As {@link #minimize(NormalEquationsFunction, double[])}, reporting every accepted step to the listener. */
    public OptimizationResult minimize(NormalEquationsFunction fn, double[] x0, IterationListener listener) {
        final int n = fn.parameterCount();
        if (x0.length != n) {
            throw new IllegalArgumentException("x0 has length " + x0.length + " but the problem has " + n
                    + " parameters");
        }
        double[] x = x0.clone();
        double[] jtj = new double[n * n];
        double[] g = new double[n];        // J^T r  (the cost gradient is 2g)
        double cost = fn.normalEquations(x, jtj, g);
        int evaluations = 1;
        if (!Double.isFinite(cost)) {
            throw new IllegalArgumentException("residual is not finite at the starting point");
        }
        double[] dScale = new double[n];
        updateScale(jtj, n, dScale);
        double lambda = lambdaInit;
        double nu = 2.0;
        double[] history = new double[Math.min(nIterMax, 1 << 12) + 1];
        history[0] = cost;
        int iter = 0;
        StopReason reason = null;

        if (cost == 0.0 || 2 * Lbfgs.maxAbs(g) < gtol) {
            reason = StopReason.GRADIENT_TOLERANCE;
        }
        while (reason == null) {
            if (iter >= nIterMax) {
                reason = StopReason.MAX_ITERATIONS;
                break;
            }
            double[] a = jtj.clone();
            for (int i = 0; i < n; i++) {
                a[i + i * n] += lambda * dScale[i];
            }
            Cholesky chol = Cholesky.tryFactor(a, n);
            if (chol == null) {   // J^TJ + λD numerically indefinite: damp harder
                lambda *= nu;
                nu *= 2;
                if (lambda > LAMBDA_MAX) {
                    reason = StopReason.NO_PROGRESS;
                }
                continue;
            }
            double[] negG = new double[n];
            for (int i = 0; i < n; i++) {
                negG[i] = -g[i];
            }
            double[] h = chol.solve(negG);
            double hNorm = Lbfgs.norm(h);
            if (hNorm <= xtol * (Lbfgs.norm(x) + xtol)) {
                reason = StopReason.STEP_TOLERANCE;
                break;
            }
            double[] xTrial = x.clone();
            for (int i = 0; i < n; i++) {
                xTrial[i] += h[i];
            }
            double costTrial = fn.cost(xTrial);
            evaluations++;
            // decrease predicted by the linear model: ‖r‖² − ‖r + Jh‖² = −2h^Tg − h^T J^TJ h
            double predicted = -2 * Lbfgs.dot(h, g) - quadForm(jtj, h, n);
            if (Double.isFinite(costTrial) && costTrial < cost) {
                double rhoGain = predicted > 0 ? (cost - costTrial) / predicted : 0.5;
                double fPrev = cost;
                x = xTrial;
                cost = fn.normalEquations(x, jtj, g);   // identical to costTrial for a deterministic function
                evaluations++;
                updateScale(jtj, n, dScale);
                iter++;
                if (iter >= history.length) {
                    history = Arrays.copyOf(history, (int) Math.min(2L * history.length, nIterMax + 1L));
                }
                history[iter] = cost;
                if (listener != null) {
                    listener.accepted(iter, x, cost);
                }
                double t = 2 * rhoGain - 1;
                lambda *= Math.max(1.0 / 3.0, 1 - t * t * t);
                lambda = Math.max(lambda, 1e-300);
                nu = 2.0;
                if (cost == 0.0 || 2 * Lbfgs.maxAbs(g) < gtol) {
                    reason = StopReason.GRADIENT_TOLERANCE;
                } else if (fPrev - cost <= tol * fPrev) {
                    reason = StopReason.RELATIVE_DECREASE;
                } else if (iter >= FLOOR_WINDOW && history[iter - FLOOR_WINDOW] - cost < noiseFloor) {
                    reason = StopReason.NOISE_FLOOR;
                }
            } else {
                lambda *= nu;
                nu *= 2;
                if (lambda > LAMBDA_MAX || !Double.isFinite(lambda)) {
                    reason = StopReason.NO_PROGRESS;
                }
            }
        }
        return new OptimizationResult(x, cost, 2 * Lbfgs.maxAbs(g), iter, evaluations, reason,
                Arrays.copyOf(history, iter + 1));
    }

    /** Adapter: dense Jacobian → normal equations by two GEMMs. */
    private static final class DenseNormalEquations implements NormalEquationsFunction {
        private final ResidualFunction fn;
        private final int n;
        private final int p;
        private final double[] r;
        private final double[] jac;

        DenseNormalEquations(ResidualFunction fn) {
            this.fn = fn;
            this.n = fn.parameterCount();
            this.p = fn.residualCount();
            this.r = new double[p];
            this.jac = new double[p * n];
        }

        @Override
        public int parameterCount() {
            return n;
        }

        @Override
        public double cost(double[] x) {
            fn.evaluate(x, r, null);
            return sumSquares(r);
        }

        @Override
        public double normalEquations(double[] x, double[] jtj, double[] jtr) {
            fn.evaluate(x, r, jac);
            LevenbergMarquardt.normalEquations(jac, r, p, n, jtj, jtr);
            return sumSquares(r);
        }
    }

    private static void normalEquations(double[] jac, double[] r, int p, int n, double[] jtj, double[] g) {
        Matrices.gemm(true, false, n, n, p, 1.0, jac, jac, 0.0, jtj);
        Matrices.gemm(true, false, n, 1, p, 1.0, jac, r, 0.0, g);
    }

    /** D_i = max over iterations of (J^TJ)_ii, floored so that an all-zero column still gets damped. */
    private static void updateScale(double[] jtj, int n, double[] dScale) {
        double maxDiag = 0;
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, jtj[i + i * n]);
        }
        double floor = Math.max(maxDiag * 1e-12, 1e-300);
        for (int i = 0; i < n; i++) {
            dScale[i] = Math.max(dScale[i], Math.max(jtj[i + i * n], floor));
        }
    }

    private static double quadForm(double[] a, double[] h, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double col = 0;
            for (int i = 0; i < n; i++) {
                col += a[i + j * n] * h[i];
            }
            s += col * h[j];
        }
        return s;
    }

    private static double sumSquares(double[] r) {
        double s = 0;
        for (double v : r) {
            s += v * v;
        }
        return s;
    }
}
