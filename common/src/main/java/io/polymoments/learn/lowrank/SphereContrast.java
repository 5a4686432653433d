package io.polymoments.learn.lowrank;

import io.polymoments.linalg.LeastSquares;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.tensor.DenseTensors;

/**
 * A polynomial contrast on the unit sphere of the whitened space, f(t) = (a/3)·T3(t,t,t) + (b/4)·T4(t,t,t,t)
 * with symmetric dense tensors T3 (m³) and T4 (m⁴), and its Riemannian Newton iteration. Step A uses it with
 * (T3 = E z⊗z⊗z, b = 0), (T4 = ±whitened 4th cumulant, a = 0) and the ω = 2 matched contrast (both).
 */
final class SphereContrast {
    final int m;
    private final double[] t3;
    private final double[] t4;
    private final double a;
    private final double b;

    SphereContrast(int m, double[] t3, double a, double[] t4, double b) {
        this.m = m;
        this.t3 = t3;
        this.t4 = t4;
        this.a = t3 == null ? 0 : a;
        this.b = t4 == null ? 0 : b;
    }

    double value(double[] t) {
        double v = 0;
        if (a != 0) {
            v += a / 3 * dot(DenseTensors.contract(t3, m, 3, t, 1), t);
        }
        if (b != 0) {
            v += b / 4 * dot(DenseTensors.contract(t4, m, 4, t, 1), t);
        }
        return v;
    }

    /** Euclidean gradient a·T3(t,t,·) + b·T4(t,t,t,·). */
    double[] gradient(double[] t) {
        double[] g = new double[m];
        if (a != 0) {
            axpy(a, DenseTensors.contract(t3, m, 3, t, 1), g);
        }
        if (b != 0) {
            axpy(b, DenseTensors.contract(t4, m, 4, t, 1), g);
        }
        return g;
    }

    /** Riemannian gradient norm ‖(I − ttᵀ)∇f‖. */
    double tangentGradientNorm(double[] t) {
        double[] g = gradient(t);
        double lam = dot(g, t);
        double s = 0;
        for (int i = 0; i < m; i++) {
            double v = g[i] - lam * t[i];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /**
     * The Euclidean gradient ({@link #gradient}) and Hessian 2a·T3(t,·,·) + 3b·T4(t,t,·,·) at t from one pass over the
     * tensors: the gradient's contraction goes through the Hessian's.
     */
    private double[][] gradientAndHessian(double[] t) {
        double[] g = new double[m];
        double[] h = new double[m * m];
        if (a != 0) {
            double[] c = DenseTensors.contract(t3, m, 3, t, 2);
            axpy(a, DenseTensors.contract(c, m, 2, t, 1), g);
            axpy(2 * a, c, h);
        }
        if (b != 0) {
            double[] c = DenseTensors.contract(t4, m, 4, t, 2);
            axpy(b, DenseTensors.contract(c, m, 2, t, 1), g);
            axpy(3 * b, c, h);
        }
        return new double[][] {g, h};
    }

    /** Riemannian Hessian P(H − ⟨t,∇f⟩I)P restricted to the tangent space, plus ttᵀ·{@code normalShift}. */
    private double[] riemannianHessian(double[] t, double normalShift) {
        double[][] gh = gradientAndHessian(t);
        return riemannianHessian(t, gh[0], gh[1], normalShift);
    }

    /** As {@link #riemannianHessian(double[], double)} from the Euclidean gradient g and Hessian at t. */
    private double[] riemannianHessian(double[] t, double[] g, double[] hessian, double normalShift) {
        double lam = dot(g, t);
        double[] h = hessian.clone();
        for (int i = 0; i < m; i++) {
            h[i + m * i] -= lam;
        }
        double[] p = projector(t);
        double[] ph = mul(p, mul(h, p));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                ph[i + m * j] += normalShift * t[i] * t[j];
            }
        }
        return ph;
    }

    /** True when the Riemannian Hessian is negative definite on the tangent space (strict local maximum). */
    boolean isLocalMaximum(double[] t) {
        return isNegativeDefinite(riemannianHessian(t, -1.0));
    }

    private boolean isNegativeDefinite(double[] rh) {
        SymmetricEigen e = SymmetricEigen.of(Matrices.symmetrizeInPlace(rh, m), m);
        return e.values()[0] < 0;
    }

    /**
     * Riemannian Newton from t0 (normalised). With {@code ascentOnly}, falls back to a gradient step whenever
     * the Hessian is not negative definite, so it converges to maxima (Step A); otherwise it goes to any nearby
     * critical point with steps capped at {@code maxStep} (matched contrast).
     */
    double[] newton(double[] t0, int iters, boolean ascentOnly, double maxStep, double tol) {
        double[] t = normalised(t0);
        for (int it = 0; it < iters; it++) {
            double[][] gh = gradientAndHessian(t);
            double[] g = gh[0];
            double lam = dot(g, t);
            double[] rg = new double[m];
            double rgNorm = 0;
            for (int i = 0; i < m; i++) {
                rg[i] = g[i] - lam * t[i];
                rgNorm += rg[i] * rg[i];
            }
            rgNorm = Math.sqrt(rgNorm);
            if (rgNorm < 1e-15) {
                break;
            }
            double[] step;
            boolean useGradient = ascentOnly && !isNegativeDefinite(riemannianHessian(t, g, gh[1], -1.0));
            if (useGradient) {
                step = rg.clone();
                double sc = 0.1 / Math.max(1.0, rgNorm);
                for (int i = 0; i < m; i++) {
                    step[i] *= sc;
                }
            } else {
                double[] rh = riemannianHessian(t, g, gh[1], 1.0);
                double[] neg = new double[m];
                for (int i = 0; i < m; i++) {
                    neg[i] = -rg[i];
                }
                step = LeastSquares.solve(rh, m, m, neg, 1, 1e-12);
                double proj = dot(step, t);
                double sn = 0;
                for (int i = 0; i < m; i++) {
                    step[i] -= proj * t[i];
                    sn += step[i] * step[i];
                }
                sn = Math.sqrt(sn);
                if (sn > maxStep) {
                    for (int i = 0; i < m; i++) {
                        step[i] *= maxStep / sn;
                    }
                }
            }
            double[] tn = t.clone();
            for (int i = 0; i < m; i++) {
                tn[i] += step[i];
            }
            tn = normalised(tn);
            double diff = 0;
            for (int i = 0; i < m; i++) {
                diff += (tn[i] - t[i]) * (tn[i] - t[i]);
            }
            t = tn;
            if (Math.sqrt(diff) < tol) {
                break;
            }
        }
        return t;
    }

    /**
     * Shifted symmetric higher-order power method (SS-HOPM) for one tensor T of order q, from many starts:
     * t ← normalise(T(t..t,·) + shift·t) until no entry moves by {@code tol}, at most {@code iters} times. Used to
     * bring random starts into basins of maxima before Newton. Each step contracts T's last mode with every start still
     * moving in one matrix product (the pass over T dominates), then each start's remaining modes alone.
     */
    static double[][] powerIterations(double[] tensor, int q, int m, double shift, double[][] t0, int iters, double tol) {
        int n = t0.length;
        int inner = tensor.length / m;
        double[][] t = new double[n][];
        int[] active = new int[n];
        for (int s = 0; s < n; s++) {
            t[s] = normalised(t0[s]);
            active[s] = s;
        }
        int moving = n;
        for (int it = 0; it < iters && moving > 0; it++) {
            double[] starts = new double[m * moving];
            for (int k = 0; k < moving; k++) {
                System.arraycopy(t[active[k]], 0, starts, k * m, m);
            }
            double[] partial = new double[inner * moving]; // column k: T(·, …, ·, t_k), order q − 1
            Matrices.gemm(false, false, inner, moving, m, 1.0, tensor, starts, 0.0, partial);
            int kept = 0;
            for (int k = 0; k < moving; k++) {
                int s = active[k];
                double[] g = DenseTensors.contract(java.util.Arrays.copyOfRange(partial, k * inner, (k + 1) * inner), m,
                        q - 1, t[s], 1);
                for (int i = 0; i < m; i++) {
                    g[i] += shift * t[s][i];
                }
                double[] tn = normalised(g);
                double diff = 0;
                for (int i = 0; i < m; i++) {
                    diff = Math.max(diff, Math.abs(tn[i] - t[s][i]));
                }
                t[s] = tn;
                if (!(diff < tol)) {
                    active[kept++] = s;
                }
            }
            moving = kept;
        }
        return t;
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    static double[] normalised(double[] x) {
        double n = Math.sqrt(dot(x, x));
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] / n;
        }
        return out;
    }

    private static void axpy(double s, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += s * x[i];
        }
    }

    private double[] projector(double[] t) {
        double[] p = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                p[i + m * j] = (i == j ? 1.0 : 0.0) - t[i] * t[j];
            }
        }
        return p;
    }

    private double[] mul(double[] x, double[] y) {
        double[] out = new double[m * m];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < m; k++) {
                double ykj = y[k + m * j];
                for (int i = 0; i < m; i++) {
                    out[i + m * j] += x[i + m * k] * ykj;
                }
            }
        }
        return out;
    }
}
