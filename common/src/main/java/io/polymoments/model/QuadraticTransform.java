package io.polymoments.model;

import io.polymoments.linalg.Blas;
import io.polymoments.linalg.Matrices;
import io.polymoments.tensor.Svec;
import io.polymoments.tensor.TraceProducts;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The polynomial map y_i = xᵀQ_i x + b_iᵀx + c_i, i = 0..d−1, of a hidden x ∈ R^r (docs/quadratic.md §1), with exact
 * population moments for Gaussian and rotation-invariant inputs (docs/quadratic.md §2) and fast seeded sampling.
 *
 * <p>Storage: {@code q} holds d consecutive symmetric r×r matrices (Q_i at offset i·r², column-major), {@code b} holds
 * d consecutive r-vectors, {@code c} d numbers. Parameters are defined up to x → Ox (O orthogonal):
 * (OQ_iOᵀ, Ob_i, c_i) is the same law of y.
 */
public final class QuadraticTransform {
    /** Structure Q0 of the smoothed random instances of docs/quadratic.md §14.1. */
    public enum Structure {
        /** all Q0_i equal to one random symmetric matrix with ‖Q0‖_F = r */
        EQUAL,
        /** Q0_i = c_i1 v1v1ᵀ + c_i2 v2v2ᵀ, one common orthonormal pair, c ~ N(0, r²/2) */
        LOWRANK,
        /** Q0 = 0: Q_i = ρ·G_i */
        RANDOM;

        public static Structure parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown structure '" + s + "'; use equal, lowrank or random");
            }
        }
    }

    private final int r;
    private final int d;
    private final double[] q;
    private final double[] b;
    private final double[] c;
    private final boolean homogeneous;

    private QuadraticTransform(int r, int d, double[] q, double[] b, double[] c) {
        this.r = r;
        this.d = d;
        this.q = q;
        this.b = b;
        this.c = c;
        boolean h = true;
        for (double v : b) {
            h &= v == 0;
        }
        for (double v : c) {
            h &= v == 0;
        }
        this.homogeneous = h;
    }

    /**
     * @param q d·r² entries, d symmetric r×r matrices (symmetry is checked to 1e-10 relative, then enforced)
     * @param b d·r entries or null (zero)
     * @param c d entries or null (zero)
     */
    public static QuadraticTransform of(int r, int d, double[] q, double[] b, double[] c) {
        if (r < 1 || d < 1) {
            throw new IllegalArgumentException("need r >= 1 latent variables and d >= 1 outputs, got r=" + r + " d=" + d);
        }
        if (q == null || q.length != d * r * r) {
            throw new IllegalArgumentException("q must hold d*r*r = " + (d * r * r) + " entries (d symmetric " + r + "x"
                    + r + " matrices), got " + (q == null ? "null" : q.length));
        }
        if (b != null && b.length != d * r) {
            throw new IllegalArgumentException("b must hold d*r = " + (d * r) + " entries, got " + b.length);
        }
        if (c != null && c.length != d) {
            throw new IllegalArgumentException("c must hold d = " + d + " entries, got " + c.length);
        }
        double[] qs = q.clone();
        double scale = Matrices.frobeniusNorm(q);
        for (int i = 0; i < d; i++) {
            int off = i * r * r;
            for (int a = 0; a < r; a++) {
                for (int e = a + 1; e < r; e++) {
                    double x = qs[off + a + e * r];
                    double y = qs[off + e + a * r];
                    if (Math.abs(x - y) > 1e-10 * Math.max(scale, Double.MIN_NORMAL)) {
                        throw new IllegalArgumentException("Q_" + i + " is not symmetric: entry (" + a + "," + e + ")="
                                + x + " vs (" + e + "," + a + ")=" + y);
                    }
                    qs[off + a + e * r] = qs[off + e + a * r] = 0.5 * (x + y);
                }
            }
        }
        for (double v : qs) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("q has NaN or infinite entries");
            }
        }
        return new QuadraticTransform(r, d, qs, b == null ? new double[d * r] : b.clone(),
                c == null ? new double[d] : c.clone());
    }

    /** Homogeneous model y_i = xᵀQ_i x. */
    public static QuadraticTransform homogeneous(int r, int d, double[] q) {
        return of(r, d, q, null, null);
    }

    /** From svec rows: {@code svecRows} is row-major d×tri(r) (row i = svec Q_i). */
    public static QuadraticTransform fromSvecRows(int r, int d, double[] svecRows, double[] b, double[] c) {
        return of(r, d, Svec.smatRows(svecRows, d, r), b, c);
    }

    /**
     * Smoothed random instance of docs/quadratic.md §14.1: Q_i = Q0_i + ρ·G_i, G_i = (H + Hᵀ)/√2 with H i.i.d. N(0,1);
     * affine instances add b_i = b0 + ρ·√r·N(0, I), b0 = √r·N(0, I), c_i ~ N(0,1). Reproducible from {@code seed}.
     */
    public static QuadraticTransform random(int r, int d, Structure structure, double rho, boolean affine, long seed) {
        if (r < 1 || d < 1 || !(rho >= 0)) {
            throw new IllegalArgumentException("random instance needs r >= 1, d >= 1, rho >= 0; got r=" + r + " d=" + d
                    + " rho=" + rho);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] q = new double[d * r * r];
        switch (structure) {
            case EQUAL: {
                double[] q0 = goe(rng, r);
                double s = r / Matrices.frobeniusNorm(q0);
                for (int i = 0; i < d; i++) {
                    for (int e = 0; e < r * r; e++) {
                        q[i * r * r + e] = s * q0[e];
                    }
                }
                break;
            }
            case LOWRANK: {
                double[] v1 = new double[r];
                double[] v2 = new double[r];
                for (int a = 0; a < r; a++) {
                    v1[a] = rng.nextGaussian();
                    v2[a] = rng.nextGaussian();
                }
                normalize(v1);
                if (r > 1) {
                    double dot = 0;
                    for (int a = 0; a < r; a++) {
                        dot += v1[a] * v2[a];
                    }
                    for (int a = 0; a < r; a++) {
                        v2[a] -= dot * v1[a];
                    }
                    normalize(v2);
                } else {
                    Arrays.fill(v2, 0);
                }
                for (int i = 0; i < d; i++) {
                    double c1 = rng.nextGaussian() * r / Svec.SQRT2;
                    double c2 = rng.nextGaussian() * r / Svec.SQRT2;
                    for (int e = 0; e < r; e++) {
                        for (int a = 0; a < r; a++) {
                            q[i * r * r + a + e * r] = c1 * v1[a] * v1[e] + c2 * v2[a] * v2[e];
                        }
                    }
                }
                break;
            }
            default:
                break;
        }
        for (int i = 0; i < d; i++) {
            double[] g = goe(rng, r);
            for (int e = 0; e < r * r; e++) {
                q[i * r * r + e] += rho * g[e];
            }
        }
        if (!affine) {
            return homogeneous(r, d, q);
        }
        double sr = Math.sqrt(r);
        double[] b0 = new double[r];
        for (int a = 0; a < r; a++) {
            b0[a] = rng.nextGaussian() * sr;
        }
        double[] b = new double[d * r];
        for (int i = 0; i < d; i++) {
            for (int a = 0; a < r; a++) {
                b[i * r + a] = b0[a] + rho * sr * rng.nextGaussian();
            }
        }
        double[] c = new double[d];
        for (int i = 0; i < d; i++) {
            c[i] = rng.nextGaussian();
        }
        return of(r, d, q, b, c);
    }

    private static double[] goe(SplittableRandom rng, int r) {
        double[] h = new double[r * r];
        for (int e = 0; e < h.length; e++) {
            h[e] = rng.nextGaussian();
        }
        double[] g = new double[r * r];
        for (int a = 0; a < r; a++) {
            for (int e = 0; e < r; e++) {
                g[a + e * r] = (h[a + e * r] + h[e + a * r]) / Svec.SQRT2;
            }
        }
        return g;
    }

    private static void normalize(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
    }

    public int r() {
        return r;
    }

    public int d() {
        return d;
    }

    /**
     * Free parameters: each output's Q_i (r(r+1)/2), b_i when the map has a linear part (r) and c_i (1); less
     * r(r−1)/2 for the rotations of x, which leave y's law unchanged.
     */
    public long parameterCount() {
        long perOutput = (long) r * (r + 1) / 2 + (hasLinearPart() ? r : 0) + 1;
        return d * perOutput - (long) r * (r - 1) / 2;
    }

    /** True when b = 0 and c = 0. */
    public boolean isHomogeneous() {
        return homogeneous;
    }

    /** True when some b_i ≠ 0 (a nonzero c alone does not count). */
    public boolean hasLinearPart() {
        for (double v : b) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    /** All Q_i (d·r² entries, copy). */
    public double[] q() {
        return q.clone();
    }

    /** Q_i as a column-major r×r matrix (copy). */
    public double[] q(int i) {
        return Arrays.copyOfRange(q, i * r * r, (i + 1) * r * r);
    }

    /** All b_i (d·r entries, copy). */
    public double[] b() {
        return b.clone();
    }

    public double[] c() {
        return c.clone();
    }

    /** Row-major d×tri(r): row i = svec(Q_i). */
    public double[] svecRows() {
        return Svec.svecRows(q, d, r);
    }

    /** The bordered matrices Q̄_i = [[Q_i, b_i/2],[b_iᵀ/2, 0]] ∈ Sym(r+1) (d consecutive (r+1)² blocks). */
    public double[] bordered() {
        int r1 = r + 1;
        double[] out = new double[d * r1 * r1];
        for (int i = 0; i < d; i++) {
            int o = i * r1 * r1;
            for (int e = 0; e < r; e++) {
                System.arraycopy(q, i * r * r + e * r, out, o + e * r1, r);
                out[o + r + e * r1] = 0.5 * b[i * r + e];
                out[o + e + r * r1] = 0.5 * b[i * r + e];
            }
        }
        return out;
    }

    /** tr Q_i. */
    public double[] traces() {
        double[] t = new double[d];
        for (int i = 0; i < d; i++) {
            for (int a = 0; a < r; a++) {
                t[i] += q[i * r * r + a + a * r];
            }
        }
        return t;
    }

    // ------------------------------------------------------------------------------------------------------------
    // population moments
    // ------------------------------------------------------------------------------------------------------------

    /** E y for Gaussian x (and for any input with E xxᵀ = I): tr Q_i + c_i. */
    public double[] mean() {
        double[] m = traces();
        for (int i = 0; i < d; i++) {
            m[i] += c[i];
        }
        return m;
    }

    /** Cov(y) for Gaussian x: 2 tr(Q_iQ_j) + b_iᵀb_j (d×d column-major). */
    public double[] covariance() {
        return covariance(RadialLaw.gaussian());
    }

    /**
     * Cov(y) for x with radial law {@code law} (α1 = 1): 2α2 tr(Q_iQ_j) + (α2 − 1) t_it_j + b_iᵀb_j, t_i = tr Q_i.
     */
    public double[] covariance(RadialLaw law) {
        double a2 = law.alpha(2, r);
        int k = Svec.tri(r);
        double[] f = Svec.svecRows(q, d, r); // row-major d×k = column-major k×d
        double[] cov = new double[d * d];
        // cov = 2α2 FFᵀ: with f column-major k×d, FFᵀ = fᵀf
        Blas.gemm(true, false, d, d, k, 2.0 * a2, f, 0, k, f, 0, k, 0.0, cov, 0, d);
        // b is column-major r×d
        Blas.gemm(true, false, d, d, r, 1.0, b, 0, r, b, 0, r, 1.0, cov, 0, d);
        if (a2 != 1.0) {
            double[] t = traces();
            for (int j = 0; j < d; j++) {
                for (int i = 0; i < d; i++) {
                    cov[i + j * d] += (a2 - 1.0) * t[i] * t[j];
                }
            }
        }
        return Matrices.symmetrizeInPlace(cov, d);
    }

    /** Third cumulant κ3(y_i,y_j,y_k) for Gaussian x (d³ entries, (i,j,k) at i + d·j + d²·k). */
    public double[] thirdCumulant() {
        return whitenedThirdCumulant(Matrices.identity(d), d, RadialLaw.gaussian());
    }

    /** Third cumulant for x with radial law {@code law} (d³ entries). */
    public double[] thirdCumulant(RadialLaw law) {
        return whitenedThirdCumulant(Matrices.identity(d), d, law);
    }

    /**
     * κ3(W) := κ3(y)(W, W, W) for a d×m matrix W (column-major), i.e. the third cumulant of z = Wᵀ(y − E y), computed
     * exactly without forming the d³ tensor. With Z_a = Σ_i W_ia Q_i, β_a = Σ_i W_ia b_i, t_a = tr Z_a, τ_ab = tr(Z_aZ_b):
     * <pre>
     *   κ3 = 8α3 tr(Z_aZ_bZ_c) + 2(α3 − α2)·Σ3(t⊗τ) + (α3 − 3α2 + 2)·t⊗t⊗t
     *        + Σ3[2α2 β_aᵀZ_cβ_b + (α2 − 1) t_c β_a·β_b]           (Σ3: sum over the 3 choices of the odd index)
     * </pre>
     * (docs/quadratic.md §2.2 and §2.3, including its affine + rotation-invariant terms; α1 = 1.)
     */
    public double[] whitenedThirdCumulant(double[] w, int m, RadialLaw law) {
        if (w.length != d * m) {
            throw new IllegalArgumentException("W must be d x m = " + d + " x " + m + " (" + (d * m) + " entries), got "
                    + w.length);
        }
        double a2 = law.alpha(2, r);
        double a3 = law.alpha(3, r);
        int r2 = r * r;
        double[] z = new double[m * r2];
        // z (r² × m) = q (r² × d) · W (d × m)
        Blas.gemm(false, false, r2, m, d, 1.0, q, 0, r2, w, 0, d, 0.0, z, 0, r2);
        double[] beta = new double[m * r];
        Blas.gemm(false, false, r, m, d, 1.0, b, 0, r, w, 0, d, 0.0, beta, 0, r);
        double[] t3 = TraceProducts.tr3(z, m, r);
        for (int e = 0; e < t3.length; e++) {
            t3[e] *= 8.0 * a3;
        }
        double[] t = new double[m];
        for (int a = 0; a < m; a++) {
            for (int e = 0; e < r; e++) {
                t[a] += z[a * r2 + e + e * r];
            }
        }
        boolean radialTerms = a2 != 1.0 || a3 != 1.0;
        if (radialTerms) {
            double[] tau = new double[m * m];
            Blas.gemm(true, false, m, m, r2, 1.0, z, 0, r2, z, 0, r2, 0.0, tau, 0, m);
            double c1 = 2.0 * (a3 - a2);
            double c0 = a3 - 3.0 * a2 + 2.0;
            for (int cc = 0; cc < m; cc++) {
                for (int bb = 0; bb < m; bb++) {
                    for (int aa = 0; aa < m; aa++) {
                        t3[aa + m * bb + m * m * cc] += c1 * (t[aa] * tau[bb + m * cc] + t[bb] * tau[aa + m * cc]
                                + t[cc] * tau[aa + m * bb]) + c0 * t[aa] * t[bb] * t[cc];
                    }
                }
            }
        }
        boolean linear = false;
        for (double v : beta) {
            linear |= v != 0;
        }
        if (linear) {
            // u[a + m·b + m²·c] = β_aᵀ Z_c β_b ; bb = β_a·β_b
            double[] u = new double[m * m * m];
            double[] zb = new double[r * m];
            for (int cc = 0; cc < m; cc++) {
                Blas.gemm(false, false, r, m, r, 1.0, z, cc * r2, r, beta, 0, r, 0.0, zb, 0, r);
                Blas.gemm(true, false, m, m, r, 1.0, beta, 0, r, zb, 0, r, 0.0, u, cc * m * m, m);
            }
            double[] bb = new double[m * m];
            Blas.gemm(true, false, m, m, r, 1.0, beta, 0, r, beta, 0, r, 0.0, bb, 0, m);
            for (int cc = 0; cc < m; cc++) {
                for (int bi = 0; bi < m; bi++) {
                    for (int ai = 0; ai < m; ai++) {
                        double s = 2.0 * a2 * (u[ai + m * bi + m * m * cc] + u[ai + m * cc + m * m * bi]
                                + u[bi + m * cc + m * m * ai]);
                        if (a2 != 1.0) {
                            s += (a2 - 1.0) * (t[cc] * bb[ai + m * bi] + t[bi] * bb[ai + m * cc]
                                    + t[ai] * bb[bi + m * cc]);
                        }
                        t3[ai + m * bi + m * m * cc] += s;
                    }
                }
            }
        }
        return t3;
    }

    /**
     * Fourth cumulant κ4(y_i,y_j,y_k,y_l) for Gaussian x (d⁴ entries; small d only). Computed as the homogeneous
     * formula 16[tr(Q̄_iQ̄_jQ̄_kQ̄_l) + tr(Q̄_iQ̄_jQ̄_lQ̄_k) + tr(Q̄_iQ̄_kQ̄_jQ̄_l)] of the bordered matrices minus the
     * bordered-vs-affine difference 2[(b_i·b_j)(b_k·b_l) + (b_i·b_k)(b_j·b_l) + (b_i·b_l)(b_j·b_k)]
     * (docs/quadratic.md §2.2).
     */
    public double[] fourthCumulant() {
        int r1 = r + 1;
        double[] t4 = TraceProducts.tr4(bordered(), d, r1);
        int d2 = d * d;
        int d3 = d2 * d;
        double[] bb = new double[d2];
        Blas.gemm(true, false, d, d, r, 1.0, b, 0, r, b, 0, r, 0.0, bb, 0, d);
        double[] out = new double[t4.length];
        for (int l = 0; l < d; l++) {
            for (int k = 0; k < d; k++) {
                for (int j = 0; j < d; j++) {
                    for (int i = 0; i < d; i++) {
                        double v = 16.0 * (t4[i + d * j + d2 * k + d3 * l] + t4[i + d * j + d2 * l + d3 * k]
                                + t4[i + d * k + d2 * j + d3 * l]);
                        v -= 2.0 * (bb[i + d * j] * bb[k + d * l] + bb[i + d * k] * bb[j + d * l]
                                + bb[i + d * l] * bb[j + d * k]);
                        out[i + d * j + d2 * k + d3 * l] = v;
                    }
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------------------
    // sampling
    // ------------------------------------------------------------------------------------------------------------

    /** n inputs x drawn from {@code law} using only {@code rng}, row-major n×r. */
    public double[] sampleInputs(int n, RandomGenerator rng, RadialLaw law) {
        double[] x = new double[n * r];
        for (int s = 0; s < n; s++) {
            double nrm2 = 0;
            for (int a = 0; a < r; a++) {
                double g = rng.nextGaussian();
                x[s * r + a] = g;
                nrm2 += g * g;
            }
            double f = law.scale(rng, nrm2, r);
            if (f != 1.0) {
                for (int a = 0; a < r; a++) {
                    x[s * r + a] *= f;
                }
            }
        }
        return x;
    }

    /**
     * n samples y = p(x), x drawn from {@code law}; returns row-major n×d (sample s at [s·d, (s+1)·d)). Deterministic
     * in {@code seed}; for block-wise generation use {@link #sampleBlock}.
     */
    public double[] sample(int n, long seed, RadialLaw law) {
        return apply(sampleInputs(n, new SplittableRandom(seed), law), n);
    }

    /** Block {@code block} of a reproducible stream: the same (seed, block) always gives the same rows. */
    public double[] sampleBlock(long seed, long block, int n, RadialLaw law) {
        long mixed = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L * (block + 1)).nextLong();
        return apply(sampleInputs(n, new SplittableRandom(mixed), law), n);
    }

    /**
     * y = p(x) for n inputs (row-major n×r); returns row-major n×d. One GEMM with the feature matrix
     * [x_a x_b (a ≤ b, svec order), x, 1] (column-major (k+r+1)×n) and the coefficient matrix d×(k+r+1).
     */
    public double[] apply(double[] x, int n) {
        if (x.length != n * r) {
            throw new IllegalArgumentException("inputs must be n x r = " + n + " x " + r + ", got " + x.length);
        }
        int k = Svec.tri(r);
        int p = k + r + 1;
        double[] feat = new double[p * n];
        for (int s = 0; s < n; s++) {
            int xo = s * r;
            int fo = s * p;
            for (int a = 0; a < r; a++) {
                double v = x[xo + a];
                feat[fo + a] = v * v;
                feat[fo + k + a] = v;
            }
            int e = fo + r;
            for (int a = 0; a < r; a++) {
                double va = x[xo + a];
                for (int bIdx = a + 1; bIdx < r; bIdx++) {
                    feat[e++] = va * x[xo + bIdx];
                }
            }
            feat[fo + k + r] = 1.0;
        }
        double[] coef = coefficientMatrix();
        double[] y = new double[d * n];
        Blas.gemm(false, false, d, n, p, 1.0, coef, 0, d, feat, 0, p, 0.0, y, 0, d);
        return y;
    }

    /** d×(k+r+1) column-major coefficients of the features [x_a² ; x_ax_b (a&lt;b) ; x ; 1]. */
    private double[] coefficientMatrix() {
        int k = Svec.tri(r);
        int p = k + r + 1;
        double[] coef = new double[d * p];
        for (int i = 0; i < d; i++) {
            int qo = i * r * r;
            for (int a = 0; a < r; a++) {
                coef[i + d * a] = q[qo + a + a * r];
                coef[i + d * (k + a)] = b[i * r + a];
            }
            int e = r;
            for (int a = 0; a < r; a++) {
                for (int bIdx = a + 1; bIdx < r; bIdx++) {
                    coef[i + d * e++] = 2.0 * q[qo + a + bIdx * r];
                }
            }
            coef[i + d * (k + r)] = c[i];
        }
        return coef;
    }

    // ------------------------------------------------------------------------------------------------------------
    // group actions (for tests and metrics)
    // ------------------------------------------------------------------------------------------------------------

    /** (O Q_i Oᵀ, O b_i, c_i) for an orthogonal r×r O (column-major): the same law of y. */
    public QuadraticTransform rotated(double[] o) {
        if (o.length != r * r) {
            throw new IllegalArgumentException("rotation must be r x r = " + r + " x " + r);
        }
        double[] q2 = new double[q.length];
        double[] tmp = new double[r * r];
        for (int i = 0; i < d; i++) {
            Blas.gemm(false, false, r, r, r, 1.0, o, 0, r, q, i * r * r, r, 0.0, tmp, 0, r);
            Blas.gemm(false, true, r, r, r, 1.0, tmp, 0, r, o, 0, r, 0.0, q2, i * r * r, r);
        }
        double[] b2 = new double[b.length];
        Blas.gemm(false, false, r, d, r, 1.0, o, 0, r, b, 0, r, 0.0, b2, 0, r);
        for (int i = 0; i < d; i++) {
            for (int a = 0; a < r; a++) {
                for (int e = a + 1; e < r; e++) {
                    double v = 0.5 * (q2[i * r * r + a + e * r] + q2[i * r * r + e + a * r]);
                    q2[i * r * r + a + e * r] = v;
                    q2[i * r * r + e + a * r] = v;
                }
            }
        }
        return of(r, d, q2, b2, c);
    }

    /** Outputs reordered: output i of the result is output perm[i] of this. */
    public QuadraticTransform permuted(int[] perm) {
        if (perm.length != d) {
            throw new IllegalArgumentException("permutation must have d = " + d + " entries");
        }
        double[] q2 = new double[q.length];
        double[] b2 = new double[b.length];
        double[] c2 = new double[d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(q, perm[i] * r * r, q2, i * r * r, r * r);
            System.arraycopy(b, perm[i] * r, b2, i * r, r);
            c2[i] = c[perm[i]];
        }
        return of(r, d, q2, b2, c2);
    }

    /**
     * Output i multiplied by s_i (Q_i, b_i and c_i): a model fitted to y_i / s_i, in the units of y. Exact for
     * powers of two unless a parameter leaves the double range, which is refused.
     */
    public QuadraticTransform withOutputScale(double[] s) {
        if (s.length != d) {
            throw new IllegalArgumentException("output scale must have d = " + d + " entries, got " + s.length);
        }
        double[] q2 = q.clone();
        double[] b2 = b.clone();
        double[] c2 = c.clone();
        for (int i = 0; i < d; i++) {
            for (int p = i * r * r; p < (i + 1) * r * r; p++) {
                q2[p] *= s[i];
            }
            for (int p = i * r; p < (i + 1) * r; p++) {
                b2[p] *= s[i];
            }
            c2[i] *= s[i];
        }
        for (double[] a : new double[][] {q2, b2, c2}) {
            for (double v : a) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("a parameter times its output's scale leaves the double range");
                }
            }
        }
        return new QuadraticTransform(r, d, q2, b2, c2);
    }

    @Override
    public String toString() {
        return "QuadraticTransform[r=" + r + ", d=" + d + (homogeneous ? ", homogeneous" : ", affine") + "]";
    }
}
