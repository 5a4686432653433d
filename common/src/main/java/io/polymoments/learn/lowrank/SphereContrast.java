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

    /** Euclidean Hessian 2a·T3(t,·,·) + 3b·T4(t,t,·,·) (m×m). */
    double[] hessian(double[] t) {
        double[] h = new double[m * m];
        if (a != 0) {
            axpy(2 * a, DenseTensors.contract(t3, m, 3, t, 2), h);
        }
        if (b != 0) {
            axpy(3 * b, DenseTensors.contract(t4, m, 4, t, 2), h);
        }
        return h;
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

    /** Riemannian Hessian P(H − ⟨t,∇f⟩I)P restricted to the tangent space, plus ttᵀ·{@code normalShift}. */
    private double[] riemannianHessian(double[] t, double normalShift) {
        double[] g = gradient(t);
        double lam = dot(g, t);
        double[] h = hessian(t);
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
        double[] rh = riemannianHessian(t, -1.0);
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
            double[] g = gradient(t);
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
            boolean useGradient = ascentOnly && !isLocalMaximum(t);
            if (useGradient) {
                step = rg.clone();
                double sc = 0.1 / Math.max(1.0, rgNorm);
                for (int i = 0; i < m; i++) {
                    step[i] *= sc;
                }
            } else {
                double[] rh = riemannianHessian(t, 1.0);
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
     * Shifted symmetric higher-order power method (SS-HOPM) for one tensor T of order q: t ← normalise(T(t..t,·) +
     * shift·t). Used to bring random starts into basins of maxima before Newton.
     */
    static double[] powerIteration(double[] tensor, int q, int m, double shift, double[] t0, int iters, double tol) {
        double[] t = normalised(t0);
        for (int it = 0; it < iters; it++) {
            double[] g = DenseTensors.contract(tensor, m, q, t, 1);
            for (int i = 0; i < m; i++) {
                g[i] += shift * t[i];
            }
            double[] tn = normalised(g);
            double diff = 0;
            for (int i = 0; i < m; i++) {
                diff = Math.max(diff, Math.abs(tn[i] - t[i]));
            }
            t = tn;
            if (diff < tol) {
                break;
            }
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
