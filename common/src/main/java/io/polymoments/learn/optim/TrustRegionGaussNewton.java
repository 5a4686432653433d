package io.polymoments.learn.optim;

import java.util.Arrays;

/**
 * Gauss–Newton with a trust region for min ‖r(x)‖², matrix-free: each step solves H s = −∇f with H = 2JᵀJ by the
 * Steihaug–Toint truncated conjugate gradient (stopped at the trust-region boundary, at a residual below
 * {@code forcing}·‖∇f‖, or after {@code maxCg} products), so only products Hv are needed
 * ({@link GaussNewtonFunction}). The radius follows the gain ratio ρ = actual / predicted decrease: quartered below
 * ¼, doubled above ¾ when the step reached the boundary (Nocedal &amp; Wright, Alg. 4.1 and 7.2).
 *
 * <p>Near a minimum with small residuals Gauss–Newton converges linearly at a rate of the order of the residuals'
 * curvature, and every iteration costs one value-and-gradient plus a few products; an L-BFGS line search needs many
 * more value-and-gradient evaluations on the same problem.
 *
 * <p>A step is accepted when it lowers f, or when it leaves f unchanged up to rounding (within 1e-12 relative) and
 * shrinks max|∇f|: a cost-based rule alone resolves the minimum only to about √ε relative, since f is flat to ε·f
 * within that distance, while the gradient keeps resolving it down to its own rounding. H is damped by μ = 1e-6 times
 * the curvature gᵀHg/gᵀg along the first gradient: problems with a symmetry (here the rotations of the latent
 * coordinates) have null directions of H, along which an undamped solve turns the gradient's rounding into large
 * steps; directions with more than 1e-6 of the typical curvature converge as in Gauss–Newton.
 *
 * <p>Stops when max|∇f| &lt; {@code gtol} or f = 0; when the decrease the Gauss–Newton model predicts for the next
 * step is at most {@code tol}·f (relative decrease); with a {@code tol} below the rounding of f (1e-12, e.g. the
 * default 1e-16), when a step whose predicted decrease f cannot resolve fails to shrink the gradient — the optimum
 * to machine precision; when a rejected step falls below 1e-12·‖x‖ (no progress); or after {@code nIterMax} accepted
 * iterations. Configuration is immutable; the {@code withX} methods return modified copies.
 */
public final class TrustRegionGaussNewton {
    private static final double ROUNDING_SLACK = 1e-12;
    private static final double DAMPING = 1e-6;
    private static final double STEP_TOLERANCE = 1e-12;

    private final int nIterMax;
    private final double tol;
    private final double gtol;
    private final double forcing;
    private final int maxCg;

    /** Defaults: nIterMax 5000, tol 1e-16, gtol 1e-12, forcing 1e-3, at most 200 products per step. */
    public TrustRegionGaussNewton() {
        this(5000, 1e-16, 1e-12, 1e-3, 200);
    }

    public TrustRegionGaussNewton(int nIterMax, double tol, double gtol, double forcing, int maxCg) {
        if (nIterMax < 0 || maxCg < 1) {
            throw new IllegalArgumentException("need nIterMax >= 0 and maxCg >= 1, got " + nIterMax + ", " + maxCg);
        }
        if (!(tol >= 0) || !(gtol >= 0) || !(forcing > 0 && forcing < 1)) {
            throw new IllegalArgumentException("need tol >= 0, gtol >= 0 and 0 < forcing < 1, got tol=" + tol
                    + ", gtol=" + gtol + ", forcing=" + forcing);
        }
        this.nIterMax = nIterMax;
        this.tol = tol;
        this.gtol = gtol;
        this.forcing = forcing;
        this.maxCg = maxCg;
    }

    public TrustRegionGaussNewton withNIterMax(int n) {
        return new TrustRegionGaussNewton(n, tol, gtol, forcing, maxCg);
    }

    public TrustRegionGaussNewton withTol(double t) {
        return new TrustRegionGaussNewton(nIterMax, t, gtol, forcing, maxCg);
    }

    public TrustRegionGaussNewton withGtol(double g) {
        return new TrustRegionGaussNewton(nIterMax, tol, g, forcing, maxCg);
    }

    public int nIterMax() {
        return nIterMax;
    }

    public double tol() {
        return tol;
    }

    /** Minimises f from x0 (not modified), reporting every accepted iteration to the listener (may be null). */
    public OptimizationResult minimize(GaussNewtonFunction f, double[] x0, IterationListener listener) {
        final int n = f.parameterCount();
        if (x0.length != n) {
            throw new IllegalArgumentException("x0 has length " + x0.length + " but the problem has " + n
                    + " parameters");
        }
        double[] x = x0.clone();
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        int evaluations = 1;
        if (!Double.isFinite(fx)) {
            throw new IllegalArgumentException("objective is not finite at the starting point (f(x0) = " + fx + ")");
        }
        double gMax = Lbfgs.maxAbs(g);
        double radius = Math.max(Lbfgs.norm(x), 1.0);
        double damping = Double.NaN;
        double[] history = new double[Math.min(nIterMax, 1 << 12) + 1];
        history[0] = fx;
        int iter = 0;
        StopReason reason = null;
        double[] gTrial = new double[n];
        while (reason == null) {
            if (fx == 0.0 || gMax < gtol || gMax == 0.0) {
                reason = StopReason.GRADIENT_TOLERANCE;
                break;
            }
            if (iter >= nIterMax) {
                reason = StopReason.MAX_ITERATIONS;
                break;
            }
            GaussNewtonFunction.Operator h = f.gaussNewtonMatrix(x);
            if (Double.isNaN(damping)) {
                damping = DAMPING * curvature(h, g);
            }
            Step step = steihaug(h, damping, g, radius, n);
            // below f's own rounding a decrease cannot be seen: then the gradient decides (see the class comment)
            boolean blind = !(step.predicted > ROUNDING_SLACK * fx);
            if (!(step.predicted > tol * fx) && (tol >= ROUNDING_SLACK || step.predicted <= 0)) {
                reason = StopReason.RELATIVE_DECREASE;
                break;
            }
            double[] xTrial = x.clone();
            for (int i = 0; i < n; i++) {
                xTrial[i] += step.s[i];
            }
            double fTrial = f.valueAndGradient(xTrial, gTrial);
            evaluations++;
            double gain = (fx - fTrial) / step.predicted;
            double gTrialMax = Lbfgs.maxAbs(gTrial);
            boolean accept = Double.isFinite(fTrial) && (fTrial < fx
                    || (fTrial <= fx * (1 + ROUNDING_SLACK) && gTrialMax < gMax));
            if (!(gain >= 0.25)) {
                radius = 0.25 * step.norm;
            } else if (gain > 0.75 && step.onBoundary) {
                radius = 2 * radius;
            }
            if (accept) {
                x = xTrial;
                fx = fTrial;
                System.arraycopy(gTrial, 0, g, 0, n);
                gMax = gTrialMax;
                iter++;
                if (iter >= history.length) {
                    history = Arrays.copyOf(history, (int) Math.min(2L * history.length, nIterMax + 1L));
                }
                history[iter] = fx;
                if (listener != null) {
                    listener.accepted(iter, x, fx);
                }
            } else if (blind) {
                reason = StopReason.RELATIVE_DECREASE;   // neither f nor the gradient can be improved
            } else if (step.norm <= STEP_TOLERANCE * Lbfgs.norm(x)) {
                reason = StopReason.NO_PROGRESS;
            }
        }
        return new OptimizationResult(x, fx, gMax, iter, evaluations, reason, Arrays.copyOf(history, iter + 1));
    }

    /** A trial step s, its length, whether it stopped at the boundary, and the model decrease −(gᵀs + ½sᵀHs). */
    private record Step(double[] s, double norm, boolean onBoundary, double predicted) {}

    /** The Rayleigh quotient gᵀHg / gᵀg: a typical curvature along the gradient. */
    private static double curvature(GaussNewtonFunction.Operator h, double[] g) {
        double[] hg = new double[g.length];
        h.apply(g, hg);
        return Lbfgs.dot(g, hg) / Lbfgs.dot(g, g);
    }

    /** Steihaug–Toint CG on (H + μI) s = −g within ‖s‖ ≤ radius (Nocedal &amp; Wright Alg. 7.2). */
    private Step steihaug(GaussNewtonFunction.Operator h, double mu, double[] g, double radius, int n) {
        double[] s = new double[n];
        double[] res = g.clone();          // residual H s + g
        double[] dir = new double[n];
        for (int i = 0; i < n; i++) {
            dir[i] = -g[i];
        }
        double[] hd = new double[n];
        double rr = Lbfgs.dot(res, res);
        double stopRr = forcing * forcing * rr;
        double model = 0;                  // gᵀs + ½ sᵀHs, updated along the iterations
        for (int it = 0; it < maxCg; it++) {
            h.apply(dir, hd);
            for (int i = 0; i < n; i++) {
                hd[i] += mu * dir[i];
            }
            double dhd = Lbfgs.dot(dir, hd);
            double rd = Lbfgs.dot(res, dir);
            if (!(dhd > 0)) {              // no curvature along dir (a gauge direction, or rounding): to the boundary
                return toBoundary(s, dir, rd, dhd, radius, model, n);
            }
            double alpha = rr / dhd;
            double sNew2 = 0;
            for (int i = 0; i < n; i++) {
                double v = s[i] + alpha * dir[i];
                sNew2 += v * v;
            }
            if (Math.sqrt(sNew2) >= radius) {
                return toBoundary(s, dir, rd, dhd, radius, model, n);
            }
            model += alpha * rd + 0.5 * alpha * alpha * dhd;
            for (int i = 0; i < n; i++) {
                s[i] += alpha * dir[i];
                res[i] += alpha * hd[i];
            }
            double rrNew = Lbfgs.dot(res, res);
            if (rrNew <= stopRr) {
                break;
            }
            double beta = rrNew / rr;
            rr = rrNew;
            for (int i = 0; i < n; i++) {
                dir[i] = -res[i] + beta * dir[i];
            }
        }
        return new Step(s, Lbfgs.norm(s), false, -model);
    }

    /** s + τ·dir with τ ≥ 0 and ‖s + τ·dir‖ = radius. */
    private static Step toBoundary(double[] s, double[] dir, double rd, double dhd, double radius, double model,
                                   int n) {
        double ss = Lbfgs.dot(s, s);
        double sd = Lbfgs.dot(s, dir);
        double dd = Lbfgs.dot(dir, dir);
        double tau = (-sd + Math.sqrt(Math.max(0, sd * sd + dd * (radius * radius - ss)))) / dd;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = s[i] + tau * dir[i];
        }
        double m = model + tau * rd + 0.5 * tau * tau * Math.max(dhd, 0);
        return new Step(out, radius, true, -m);
    }
}
