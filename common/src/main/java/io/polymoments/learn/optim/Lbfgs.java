package io.polymoments.learn.optim;

import java.util.Arrays;

/**
 * Limited-memory BFGS (two-loop recursion, initial Hessian scaling s^Ty / y^Ty) with a strong-Wolfe line search
 * (bracketing + safeguarded cubic interpolation, Nocedal &amp; Wright Alg. 3.5/3.6).
 *
 * <p>Stops when the relative decrease {@code (f_prev − f) / max(|f_prev|, |f|)} of an iteration is below {@code tol},
 * when {@code max|∇f| < gtol}, when no decrease can be found any more (machine precision), or after {@code nIterMax}
 * iterations. The relative test is deliberately <em>not</em> floored at 1 (scipy floors it): the moment-matching
 * objectives here go to 1e-30 on exact moments and must keep iterating there.
 *
 * <p>Configuration is immutable; the {@code withX} methods return modified copies.
 */
public final class Lbfgs {
    private static final double C1 = 1e-4;   // sufficient decrease (Armijo)
    private static final double C2 = 0.9;    // curvature (strong Wolfe), the usual quasi-Newton value
    private static final int MAX_LINE_SEARCH_EVALUATIONS = 40;

    private final int memory;
    private final int nIterMax;
    private final double tol;
    private final double gtol;

    /** Defaults: memory 30, nIterMax 5000, tol 1e-16, gtol 1e-12 (the values of docs/quadratic.md §7). */
    public Lbfgs() {
        this(30, 5000, 1e-16, 1e-12);
    }

    public Lbfgs(int memory, int nIterMax, double tol, double gtol) {
        if (memory < 1) {
            throw new IllegalArgumentException("memory must be >= 1, got " + memory);
        }
        if (nIterMax < 0) {
            throw new IllegalArgumentException("nIterMax must be >= 0, got " + nIterMax);
        }
        if (!(tol >= 0) || !(gtol >= 0)) {
            throw new IllegalArgumentException("tol and gtol must be >= 0, got tol=" + tol + ", gtol=" + gtol);
        }
        this.memory = memory;
        this.nIterMax = nIterMax;
        this.tol = tol;
        this.gtol = gtol;
    }

    public Lbfgs withMemory(int m) {
        return new Lbfgs(m, nIterMax, tol, gtol);
    }

    public Lbfgs withNIterMax(int n) {
        return new Lbfgs(memory, n, tol, gtol);
    }

    public Lbfgs withTol(double t) {
        return new Lbfgs(memory, nIterMax, t, gtol);
    }

    public Lbfgs withGtol(double g) {
        return new Lbfgs(memory, nIterMax, tol, g);
    }

    public int memory() {
        return memory;
    }

    public int nIterMax() {
        return nIterMax;
    }

    public double tol() {
        return tol;
    }

    public double gtol() {
        return gtol;
    }

    /** Minimises f starting from x0 (not modified). */
    public OptimizationResult minimize(DifferentiableFunction f, double[] x0) {
        return minimize(f, x0, null);
    }

    /** As {@link #minimize(DifferentiableFunction, double[])}, reporting every accepted iteration to the listener. */
    public OptimizationResult minimize(DifferentiableFunction f, double[] x0, IterationListener listener) {
        final int n = x0.length;
        Counter fc = new Counter(f);
        double[] x = x0.clone();
        double[] g = new double[n];
        double fx = fc.eval(x, g);
        if (!Double.isFinite(fx)) {
            throw new IllegalArgumentException("objective is not finite at the starting point (f(x0) = " + fx + ")");
        }
        double[][] s = new double[memory][];
        double[][] y = new double[memory][];
        double[] rho = new double[memory];
        int stored = 0;
        int head = 0;   // index of the next slot to write
        double[] history = new double[Math.min(nIterMax, 1 << 16) + 1];
        history[0] = fx;
        int iter = 0;
        StopReason reason = null;
        double[] d = new double[n];
        double[] alphaBuf = new double[memory];
        boolean steepest = true;   // first step and after a reset

        if (maxAbs(g) < gtol || fx == 0.0) {
            reason = StopReason.GRADIENT_TOLERANCE;
        }
        while (reason == null) {
            if (iter >= nIterMax) {
                reason = StopReason.MAX_ITERATIONS;
                break;
            }
            // search direction d = -H g (two-loop recursion)
            System.arraycopy(g, 0, d, 0, n);
            for (int i = 0; i < n; i++) {
                d[i] = -d[i];
            }
            if (!steepest && stored > 0) {
                for (int j = 0; j < stored; j++) {
                    int idx = Math.floorMod(head - 1 - j, memory);
                    double a = rho[idx] * dot(s[idx], d);
                    alphaBuf[idx] = a;
                    axpy(-a, y[idx], d);
                }
                int last = Math.floorMod(head - 1, memory);
                double gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
                scale(gamma, d);
                for (int j = stored - 1; j >= 0; j--) {
                    int idx = Math.floorMod(head - 1 - j, memory);
                    double b = rho[idx] * dot(y[idx], d);
                    axpy(alphaBuf[idx] - b, s[idx], d);
                }
            }
            double dg = dot(d, g);
            if (!(dg < 0)) {   // not a descent direction (numerical breakdown): restart from steepest descent
                stored = 0;
                steepest = true;
                continue;
            }
            double alpha0 = steepest ? Math.min(1.0, 1.0 / Math.max(norm(g), 1e-300)) : 1.0;
            LineSearch ls = new LineSearch(fc, x, fx, g, d, dg);
            boolean ok = ls.search(alpha0);
            if (!ok) {
                if (steepest) {
                    reason = StopReason.NO_PROGRESS;
                    break;
                }
                stored = 0;      // curvature pairs may be stale: retry along -g
                steepest = true;
                continue;
            }
            // accept
            double[] sNew = new double[n];
            double[] yNew = new double[n];
            for (int i = 0; i < n; i++) {
                sNew[i] = ls.xBest[i] - x[i];
                yNew[i] = ls.gBest[i] - g[i];
            }
            double fPrev = fx;
            x = ls.xBest;
            g = ls.gBest;
            fx = ls.fBest;
            iter++;
            if (iter >= history.length) {
                history = Arrays.copyOf(history, (int) Math.min(2L * history.length, nIterMax + 1L));
            }
            history[iter] = fx;
            if (listener != null) {
                listener.accepted(iter, x, fx);
            }
            steepest = false;
            double sy = dot(sNew, yNew);
            // skip the update when curvature is not safely positive (keeps H positive definite)
            if (sy > 1e-12 * norm(sNew) * norm(yNew) && sy > 0) {
                s[head] = sNew;
                y[head] = yNew;
                rho[head] = 1.0 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            if (fx == 0.0 || maxAbs(g) < gtol) {
                reason = StopReason.GRADIENT_TOLERANCE;
            } else if ((fPrev - fx) <= tol * Math.max(Math.abs(fPrev), Math.abs(fx))) {
                reason = StopReason.RELATIVE_DECREASE;
            }
        }
        return new OptimizationResult(x, fx, maxAbs(g), iter, fc.count, reason, Arrays.copyOf(history, iter + 1));
    }

    /** Strong-Wolfe line search along d from x; the accepted point ends in xBest/fBest/gBest. */
    private static final class LineSearch {
        private final Counter f;
        private final double[] x0;
        private final double f0;
        private final double dphi0;
        private final double[] d;
        private final int n;
        double[] xBest;
        double[] gBest;
        double fBest;
        private int evals;

        LineSearch(Counter f, double[] x0, double f0, double[] g0, double[] d, double dphi0) {
            this.f = f;
            this.x0 = x0;
            this.f0 = f0;
            this.d = d;
            this.dphi0 = dphi0;
            this.n = x0.length;
            this.xBest = x0;
            this.gBest = g0;
            this.fBest = f0;
        }

        /** A trial point: α, φ(α), φ'(α), and the point and gradient (kept so the accepted one needs no re-evaluation). */
        private record Trial(double alpha, double phi, double dphi, double[] x, double[] g) {
        }

        private Trial eval(double alpha) {
            evals++;
            double[] xt = new double[n];
            for (int i = 0; i < n; i++) {
                xt[i] = x0[i] + alpha * d[i];
            }
            double[] gt = new double[n];
            double ft = f.eval(xt, gt);
            return new Trial(alpha, ft, Double.isFinite(ft) ? dot(gt, d) : Double.NaN, xt, gt);
        }

        private boolean armijo(Trial t) {
            return Double.isFinite(t.phi) && t.phi <= f0 + C1 * t.alpha * dphi0;
        }

        private boolean curvature(Trial t) {
            return Math.abs(t.dphi) <= -C2 * dphi0;
        }

        private boolean accept(Trial t) {
            xBest = t.x;
            gBest = t.g;
            fBest = t.phi;
            return t.phi < f0;   // a "Wolfe" point that does not decrease f (rounding) is useless
        }

        boolean search(double alphaInit) {
            Trial prev = new Trial(0.0, f0, dphi0, x0, null);
            double alpha = alphaInit;
            for (int i = 0; evals < MAX_LINE_SEARCH_EVALUATIONS; i++) {
                Trial t = eval(alpha);
                if (!Double.isFinite(t.phi)) {   // overflow/NaN: shrink towards the last good point
                    alpha = prev.alpha + 0.1 * (alpha - prev.alpha);
                    if (alpha - prev.alpha <= 1e-20 * Math.max(1.0, prev.alpha)) {
                        return fallback(prev);
                    }
                    continue;
                }
                if (!armijo(t) || (i > 0 && t.phi >= prev.phi)) {
                    return zoom(prev, t);
                }
                if (curvature(t)) {
                    return accept(t);
                }
                if (t.dphi >= 0) {
                    return zoom(t, prev);
                }
                // still descending steeply: extrapolate (cubic step clamped to [1.1α, 4α])
                double next = cubicMin(prev, t);
                double lo = t.alpha + 1.1 * (t.alpha - prev.alpha);
                double hi = t.alpha + 4.0 * (t.alpha - prev.alpha);
                alpha = (Double.isFinite(next) && next > lo) ? Math.min(next, hi) : lo;
                prev = t;
            }
            return fallback(prev);
        }

        /** lo satisfies Armijo and has the lowest φ seen so far; hi brackets a Wolfe point with lo. */
        private boolean zoom(Trial lo, Trial hi) {
            while (evals < MAX_LINE_SEARCH_EVALUATIONS) {
                double a = lo.alpha;
                double b = hi.alpha;
                double width = Math.abs(b - a);
                if (width <= 1e-16 * Math.max(Math.abs(a), Math.abs(b))) {
                    break;
                }
                double c = Double.isFinite(hi.phi) ? cubicMin(lo, hi) : Double.NaN;
                double left = Math.min(a, b) + 0.1 * width;
                double right = Math.max(a, b) - 0.1 * width;
                if (!Double.isFinite(c) || c < left || c > right) {
                    c = 0.5 * (a + b);
                }
                Trial t = eval(c);
                if (!armijo(t) || t.phi >= lo.phi) {
                    hi = t;
                } else {
                    if (curvature(t)) {
                        return accept(t);
                    }
                    if (t.dphi * (hi.alpha - lo.alpha) >= 0) {
                        hi = lo;
                    }
                    lo = t;
                }
            }
            return fallback(lo);
        }

        /** Out of budget: take the best Armijo point found, if it decreases f at all. */
        private boolean fallback(Trial best) {
            if (best.alpha > 0 && best.g != null && best.phi < f0) {
                return accept(best);
            }
            return false;
        }

        /** Minimiser of the cubic interpolating φ, φ' at two trial points (NaN if it has none). */
        private static double cubicMin(Trial p, Trial q) {
            double a = p.alpha;
            double b = q.alpha;
            double d1 = p.dphi + q.dphi - 3 * (p.phi - q.phi) / (a - b);
            double disc = d1 * d1 - p.dphi * q.dphi;
            if (!(disc >= 0)) {
                return Double.NaN;
            }
            double d2 = Math.signum(b - a) * Math.sqrt(disc);
            return b - (b - a) * (q.dphi + d2 - d1) / (q.dphi - p.dphi + 2 * d2);
        }
    }

    private static final class Counter {
        private final DifferentiableFunction f;
        int count;

        Counter(DifferentiableFunction f) {
            this.f = f;
        }

        double eval(double[] x, double[] g) {
            count++;
            return f.valueAndGradient(x, g);
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        double s = 0;
        for (double v : a) {
            double t = v / scale;
            s += t * t;
        }
        return scale * Math.sqrt(s);
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }
}
