package io.polymoments.moments;

import io.polymoments.linalg.LeastSquares;
import io.polymoments.linalg.Svd;
import io.polymoments.linalg.SymmetricEigen;
import java.util.Arrays;
import java.util.Locale;

/**
 * Independent Gaussian noise added to every output, y = s + ε with ε ~ N(0, Ψ), Ψ diagonal, and its estimate from the
 * covariance C = C_s + Ψ of data whose signal covariance C_s has rank m (docs/noise.md). Gaussian noise changes no
 * cumulant of order ≥ 3, so a learner whitens the signal part C − Ψ and fits its polynomial to the data's higher
 * cumulants as they are.
 *
 * <p>Both estimates minimise the same criterion, Σ_{i&gt;m} λ_i(C − Ψ)² — the squared distance from C − Ψ to the
 * nearest matrix of rank m, the unweighted least-squares (MINRES) criterion of factor analysis (Harman &amp; Jones
 * 1966): for Ψ = σ²I its minimiser is the mean of the d − m smallest eigenvalues of C; for a free diagonal Ψ it is
 * found by Gauss–Newton, whose step solves the linear least-squares problem V⊥ᵀ diag(δ) V⊥ = V⊥ᵀ(C − Ψ)V⊥ for the
 * d − m trailing eigenvectors V⊥ of C − Ψ (at a solution (C − Ψ)V⊥ = 0, so the turning of V⊥ does not enter the
 * first-order change). Exact on population moments; the diagonal noise is identifiable when that system has full
 * column rank d, which needs (d − m)(d − m + 1)/2 ≥ d.
 *
 * @param kind      none, isotropic or diagonal
 * @param variances Ψ's diagonal (length d; zeros for none)
 */
public record AdditiveNoise(Kind kind, double[] variances) {
    /** What the noise may be. */
    public enum Kind {
        NONE, ISOTROPIC, DIAGONAL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown noise model '" + s + "'; use none, isotropic or diagonal", e);
            }
        }
    }

    /** Gauss–Newton steps of the diagonal estimate at most. */
    static final int MAX_STEPS = 200;
    /** Relative change of Ψ below which the diagonal estimate has converged. */
    static final double STEP_TOL = 1e-13;
    /**
     * Maps toward the maximum-likelihood diagonal Ψ at most; relative change of the criterion, and change of Ψ
     * relative to max C_ii, that end them.
     */
    static final int ML_STEPS = 500;
    static final double ML_TOL = 1e-7;
    static final double PSI_TOL = 1e-12;
    /** Smallest singular value of the Gauss–Newton system, relative to the largest, for an identifiable Ψ. */
    static final double IDENTIFIABLE_TOL = 1e-8;

    public AdditiveNoise {
        variances = variances.clone();
    }

    /** No noise in d outputs. */
    public static AdditiveNoise none(int d) {
        return new AdditiveNoise(Kind.NONE, new double[d]);
    }

    public static AdditiveNoise isotropic(int d, double variance) {
        double[] v = new double[d];
        Arrays.fill(v, variance);
        return new AdditiveNoise(Kind.ISOTROPIC, v);
    }

    public int dim() {
        return variances.length;
    }

    /**
     * One phrase for reports: "none", "isotropic, variance v", or "diagonal, variances min / median / max a / b / c"
     * (the median of an even count is the mean of the middle two).
     */
    public String describe() {
        return switch (kind) {
            case NONE -> "none";
            case ISOTROPIC -> String.format(Locale.ROOT, "isotropic, variance %.4g", variances[0]);
            case DIAGONAL -> {
                double[] v = variances.clone();
                Arrays.sort(v);
                int n = v.length;
                double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
                yield String.format(Locale.ROOT, "diagonal, variances min / median / max %.4g / %.4g / %.4g", v[0],
                        median, v[n - 1]);
            }
        };
    }

    /** C − Ψ (d×d column-major). */
    public double[] signalCovariance(double[] covariance) {
        int d = variances.length;
        double[] c = covariance.clone();
        for (int i = 0; i < d; i++) {
            c[i + i * d] -= variances[i];
        }
        return c;
    }

    /**
     * The estimate and how it was reached.
     *
     * @param noise          Ψ
     * @param residual       ‖the d − m smallest eigenvalues of C − Ψ‖: how far C − Ψ is from rank m (0 in the model)
     * @param steps          Gauss–Newton steps (0 for none and isotropic)
     * @param identifiable   false when the diagonal noise is not determined by the covariance (the Gauss–Newton system
     *                       is rank deficient); the estimate is then one of many
     * @param clipped        outputs whose estimated variance came out negative and was set to 0 (a Heywood case:
     *                       the data say that output carries no noise, or the rank is wrong)
     */
    public record Estimate(AdditiveNoise noise, double residual, int steps, boolean identifiable, int clipped) {}

    /**
     * The noise of {@code kind} under a signal of rank m, from the covariance C (d×d column-major).
     *
     * @throws IllegalArgumentException when m leaves no room for noise (m ≥ d)
     */
    public static Estimate estimate(double[] covariance, int d, int m, Kind kind) {
        if (kind == Kind.NONE) {
            return new Estimate(none(d), trailingNorm(SymmetricEigen.of(covariance, d).values(), m), 0, true, 0);
        }
        if (m < 0 || m >= d) {
            throw new IllegalArgumentException("a signal of rank " + m + " in d = " + d + " outputs leaves no"
                    + " directions to measure the noise in: the noise needs rank < d");
        }
        double[] lam = SymmetricEigen.of(covariance, d).values();
        double tail = 0;
        for (int i = m; i < d; i++) {
            tail += lam[i];
        }
        double sigma2 = Math.max(0, tail / (d - m));
        if (kind == Kind.ISOTROPIC) {
            AdditiveNoise n = isotropic(d, sigma2);
            return new Estimate(n, trailingNorm(SymmetricEigen.of(n.signalCovariance(covariance), d).values(), m), 0,
                    true, 0);
        }
        return diagonal(covariance, d, m, sigma2);
    }

    private static Estimate diagonal(double[] c, int d, int m, double start) {
        double[] psi = new double[d];
        Arrays.fill(psi, start);
        double scale = 0;
        for (int i = 0; i < d; i++) {
            scale = Math.max(scale, Math.abs(c[i + i * d]));
        }
        int steps = 0;
        while (steps < MAX_STEPS) {
            GaussNewton gn = GaussNewton.at(c, psi, d, m);
            double[] delta = LeastSquares.solve(gn.a(), gn.rows(), d, gn.rhs(), 1, IDENTIFIABLE_TOL);
            double change = 0;
            for (int j = 0; j < d; j++) {
                psi[j] += delta[j];
                change = Math.max(change, Math.abs(delta[j]));
            }
            steps++;
            if (change <= STEP_TOL * scale) {
                break;
            }
        }
        steps += toLikelihood(c, psi, d, m, scale);
        GaussNewton at = GaussNewton.at(c, psi, d, m);
        double[] sv = Svd.of(at.a(), at.rows(), d).s();
        boolean identifiable = sv.length >= d && sv[d - 1] > IDENTIFIABLE_TOL * sv[0];
        int clipped = 0;
        for (int j = 0; j < d; j++) {
            if (psi[j] < 0) {
                psi[j] = 0;
                clipped++;
            }
        }
        AdditiveNoise n = new AdditiveNoise(Kind.DIAGONAL, psi);
        return new Estimate(n, trailingNorm(SymmetricEigen.of(n.signalCovariance(c), d).values(), m), steps,
                identifiable, clipped);
    }

    /**
     * From the least-squares Ψ to the maximum-likelihood one by Jöreskog's fixed point Ψ ← F(Ψ) = diag(C − LLᵀ), with
     * L = Ψ^{1/2} V (Θ − I)₊^{1/2} from the m leading eigenpairs (Θ, V) of Ψ^{-1/2} C Ψ^{-1/2}. Both are exact on
     * population moments; on samples the likelihood weighs each output by its noise, and only at its own estimate does
     * the likelihood-ratio test of the noise tail follow its χ² law (the least-squares Ψ inflated the statistic by
     * 2–3 units at signal-to-noise 1). The plain iteration contracts by only ≈ 0.97 per step at signal-to-noise 1, so
     * it is accelerated by SQUAREM (Varadhan and Roland 2008): two maps, one extrapolated step along them, one more
     * map; a step that leaves a variance not positive falls back to the two plain maps. Stops at a plain map that is
     * not positive (a Heywood case, left to the caller).
     *
     * @return the maps evaluated
     */
    private static int toLikelihood(double[] c, double[] psi, int d, int m, double scale) {
        int maps = 0;
        double previous = Double.NaN;
        while (maps < ML_STEPS) {
            Mapped a = Mapped.of(c, psi, d, m);
            Mapped b = a == null ? null : Mapped.of(c, a.next(), d, m);
            maps += 2;
            if (b == null) {
                return maps;
            }
            // the likelihood is flat along some Ψ at low signal-to-noise, where Ψ crawls while the criterion has
            // settled: stop on the criterion (what the tail test reads) as well as on Ψ
            if (Math.abs(previous - a.criterion()) <= ML_TOL * a.criterion()) {
                return maps;
            }
            previous = a.criterion();
            double[] x1 = a.next();
            double[] x2 = b.next();
            double rr = 0;
            double vv = 0;
            double change = 0;
            for (int j = 0; j < d; j++) {
                double r = x1[j] - psi[j];
                double v = x2[j] - 2 * x1[j] + psi[j];
                rr += r * r;
                vv += v * v;
                change = Math.max(change, Math.abs(x2[j] - x1[j]));
            }
            double alpha = vv > 0 ? Math.min(-1, -Math.sqrt(rr / vv)) : -1;
            double[] jump = new double[d];
            boolean positive = true;
            for (int j = 0; j < d; j++) {
                double r = x1[j] - psi[j];
                double v = x2[j] - 2 * x1[j] + psi[j];
                jump[j] = psi[j] - 2 * alpha * r + alpha * alpha * v;
                positive &= jump[j] > 0;
            }
            Mapped stabilised = positive ? Mapped.of(c, jump, d, m) : null;
            maps += positive ? 1 : 0;
            System.arraycopy(stabilised != null && allPositive(stabilised.next()) ? stabilised.next() : x2, 0, psi, 0,
                    d);
            if (change <= PSI_TOL * scale) {
                return maps;
            }
        }
        return maps;
    }

    /**
     * F(Ψ) of {@link #toLikelihood} and the criterion at Ψ, Σ_{j&gt;m} (μ_j − 1 − log μ_j) over the trailing
     * eigenvalues μ of Ψ^{-1/2} C Ψ^{-1/2} (the likelihood up to constants, at the best signal for Ψ).
     */
    private record Mapped(double[] next, double criterion) {
        /** Null when a variance of Ψ is not positive. */
        static Mapped of(double[] c, double[] psi, int d, int m) {
            double[] root = new double[d];
            for (int j = 0; j < d; j++) {
                if (!(psi[j] > 0)) {
                    return null;
                }
                root[j] = Math.sqrt(psi[j]);
            }
            double[] w = new double[d * d];
            for (int j = 0; j < d; j++) {
                for (int i = 0; i < d; i++) {
                    w[i + j * d] = c[i + j * d] / (root[i] * root[j]);
                }
            }
            SymmetricEigen e = SymmetricEigen.of(w, d);
            double[] mu = e.values();
            double[] v = e.vectors();
            double[] next = new double[d];
            for (int j = 0; j < d; j++) {
                double common = 0;
                for (int k = 0; k < m; k++) {
                    double x = v[j + k * d];
                    common += x * x * Math.max(mu[k] - 1, 0);
                }
                next[j] = c[j + j * d] - psi[j] * common;
            }
            double f = 0;
            for (int k = m; k < d; k++) {
                f += mu[k] > 0 ? mu[k] - 1 - Math.log(mu[k]) : Double.POSITIVE_INFINITY;
            }
            return new Mapped(next, f);
        }
    }

    private static boolean allPositive(double[] x) {
        for (double v : x) {
            if (!(v > 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The Gauss–Newton system at Ψ: rows are the upper triangle of V⊥ᵀ diag(δ) V⊥ (off-diagonal entries weighted √2,
     * so that its norm is the Frobenius norm), the right side V⊥ᵀ(C − Ψ)V⊥ = diag(the d − m smallest eigenvalues).
     */
    private record GaussNewton(double[] a, double[] rhs, int rows) {
        static GaussNewton at(double[] c, double[] psi, int d, int m) {
            SymmetricEigen e = SymmetricEigen.of(new AdditiveNoise(Kind.DIAGONAL, psi).signalCovariance(c), d);
            double[] v = e.vectors();
            int p = d - m;
            int rows = p * (p + 1) / 2;
            double[] a = new double[rows * d]; // column-major rows×d
            double[] rhs = new double[rows];
            int row = 0;
            for (int b = 0; b < p; b++) {
                for (int q = 0; q <= b; q++) {
                    double w = q == b ? 1 : Math.sqrt(2);
                    for (int j = 0; j < d; j++) {
                        a[row + j * rows] = w * v[j + (m + q) * d] * v[j + (m + b) * d];
                    }
                    rhs[row] = q == b ? e.values()[m + b] : 0;
                    row++;
                }
            }
            return new GaussNewton(a, rhs, rows);
        }
    }

    private static double trailingNorm(double[] lamDescending, int m) {
        double s = 0;
        for (int i = m; i < lamDescending.length; i++) {
            s += lamDescending[i] * lamDescending[i];
        }
        return Math.sqrt(s);
    }
}
