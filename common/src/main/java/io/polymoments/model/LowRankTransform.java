package io.polymoments.model;

import io.polymoments.linalg.Matrices;

import io.polymoments.tensor.DenseTensors;
import io.polymoments.tensor.SymmetricIndex;
import java.util.SplittableRandom;

/**
 * A low-rank degree-ω polynomial transformation of a Gaussian (a two-layer network with polynomial
 * activations, docs/lowrank.md §1): x ~ N(0, I_r), y = W·σ(A·x) + c ∈ R^d, unit l computing
 * σ_l(⟨a_l, x⟩) = Σ_{j=0..ω} C_lj He_j(⟨a_l, x⟩).
 *
 * <p>Writing a_l = α_l u_l (‖u_l‖ = 1), unit l equals Σ_j S_lj He_j(⟨u_l, x⟩) with S_l = T(α_l)·C_l
 * ({@link Hermite#rescale}); the constants S_l0 are absorbed in the offset. All moments are exact (diagram
 * formula). Matrices are column-major: W d×m, A m×r (row l = a_l).
 */
public final class LowRankTransform {
    private final int d;
    private final int m;
    private final int r;
    private final int omega;
    private final ActivationMode mode;
    private final double[] w;
    private final double[] a;
    private final double[] c;
    private final double[][] activation;
    // derived, normalised parameterisation
    private final double[] alpha;
    private final double[] u;
    private final double[] s;
    private final double[] offset;

    private LowRankTransform(ActivationMode mode, double[] w, double[] a, double[] c, double[][] activation, int d,
                             int m, int r) {
        this.mode = mode;
        this.d = d;
        this.m = m;
        this.r = r;
        this.omega = activation[0].length - 1;
        this.w = w.clone();
        this.a = a.clone();
        this.c = c.clone();
        this.activation = new double[m][];
        for (int l = 0; l < m; l++) {
            this.activation[l] = activation[l].clone();
        }
        alpha = new double[m];
        u = new double[m * r];
        s = new double[m * omega];
        double[] s0 = new double[m];
        for (int l = 0; l < m; l++) {
            double nrm = 0;
            for (int k = 0; k < r; k++) {
                nrm += a[l + m * k] * a[l + m * k];
            }
            nrm = Math.sqrt(nrm);
            if (!(nrm > 0)) {
                throw new IllegalArgumentException("hidden unit " + l + " has a zero (or NaN) weight vector a_" + l);
            }
            alpha[l] = nrm;
            for (int k = 0; k < r; k++) {
                u[l + m * k] = a[l + m * k] / nrm;
            }
            double[] sl = Hermite.rescale(this.activation[l], nrm);
            s0[l] = sl[0];
            for (int j = 1; j <= omega; j++) {
                s[l + m * (j - 1)] = sl[j];
            }
        }
        offset = c.clone();
        for (int i = 0; i < d; i++) {
            for (int l = 0; l < m; l++) {
                offset[i] += w[i + d * l] * s0[l];
            }
        }
    }

    /**
     * General constructor.
     *
     * @param w          d×m output weights, column-major
     * @param a          m×r hidden weights, column-major (row l = a_l)
     * @param c          offset, length d
     * @param activation per unit l the Hermite coefficients C_l0..C_lω of σ_l (one row is broadcast to all units)
     */
    public static LowRankTransform of(ActivationMode mode, double[] w, double[] a, double[] c, double[][] activation,
                                      int d, int m, int r) {
        if (mode == null) {
            throw new IllegalArgumentException("activation mode must not be null");
        }
        if (d < 1 || m < 1 || r < 1) {
            throw new IllegalArgumentException("need d, m, r >= 1; got d=" + d + ", m=" + m + ", r=" + r);
        }
        if (w.length != d * m || a.length != m * r || c.length != d) {
            throw new IllegalArgumentException("shape mismatch: W must be " + d + "x" + m + " (" + (d * m)
                    + " entries, got " + w.length + "), A " + m + "x" + r + " (" + (m * r) + ", got " + a.length
                    + "), c length " + d + " (got " + c.length + ")");
        }
        if (activation.length != 1 && activation.length != m) {
            throw new IllegalArgumentException("activation must have 1 row (shared) or m=" + m + " rows, got "
                    + activation.length);
        }
        int width = activation[0].length;
        if (width < 2 || width > 5) {
            throw new IllegalArgumentException("activation rows must hold C_0..C_omega with 1 <= omega <= 4, got "
                    + width + " coefficients");
        }
        double[][] act = new double[m][];
        for (int l = 0; l < m; l++) {
            act[l] = activation[activation.length == 1 ? 0 : l];
            if (act[l].length != width) {
                throw new IllegalArgumentException("all activation rows need " + width + " coefficients; row " + l
                        + " has " + act[l].length);
            }
        }
        if (mode == ActivationMode.KNOWN) {
            for (int l = 0; l < m; l++) {
                double nrm = 0;
                for (int k = 0; k < r; k++) {
                    nrm += a[l + m * k] * a[l + m * k];
                }
                if (Math.abs(Math.sqrt(nrm) - 1.0) > 1e-9) {
                    throw new IllegalArgumentException("KNOWN mode means sigma is given for unit-norm hidden weights, "
                            + "but ||a_" + l + "|| = " + Math.sqrt(nrm) + "; normalise A or use KNOWN_UNKNOWN_NORMS");
                }
            }
        }
        return new LowRankTransform(mode, w, a, c, act, d, m, r);
    }

    /**
     * A random instance as in docs/lowrank.md §12.1: W ~ N(0,1), u_l uniform on the sphere, c ~ N(0,1). KNOWN: the
     * given σ on unit u_l; KNOWN_UNKNOWN_NORMS: the given σ on a_l = α_l u_l with α_l ~ U[0.7, 1.4]; FREE:
     * independent N(0,1) coefficients C_l1..C_lω (C_l0 = 0) per unit ({@code sigma} gives only ω by its length).
     */
    public static LowRankTransform random(ActivationMode mode, double[] sigma, int r, int m, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] u = new double[m * r];
        for (int l = 0; l < m; l++) {
            double nrm = 0;
            for (int k = 0; k < r; k++) {
                u[l + m * k] = rng.nextGaussian();
                nrm += u[l + m * k] * u[l + m * k];
            }
            nrm = Math.sqrt(nrm);
            double scale = mode == ActivationMode.KNOWN_UNKNOWN_NORMS ? 0.7 + 0.7 * rng.nextDouble() : 1.0;
            for (int k = 0; k < r; k++) {
                u[l + m * k] *= scale / nrm;
            }
        }
        double[] w = new double[d * m];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        double[] c = new double[d];
        for (int i = 0; i < d; i++) {
            c[i] = rng.nextGaussian();
        }
        double[][] act;
        if (mode == ActivationMode.FREE) {
            act = new double[m][sigma.length];
            for (int l = 0; l < m; l++) {
                for (int j = 1; j < sigma.length; j++) {
                    act[l][j] = rng.nextGaussian();
                }
            }
        } else {
            act = new double[][] {sigma.clone()};
        }
        return of(mode, w, u, c, act, d, m, r);
    }

    public int outputDim() {
        return d;
    }

    /** m, the number of hidden units. */
    public int hidden() {
        return m;
    }

    public int latentDim() {
        return r;
    }

    public int degree() {
        return omega;
    }

    public ActivationMode mode() {
        return mode;
    }

    /** W, d×m column-major (copy). */
    public double[] outputWeights() {
        return w.clone();
    }

    /** A, m×r column-major (copy). */
    public double[] hiddenWeights() {
        return a.clone();
    }

    public double[] offset() {
        return c.clone();
    }

    /** C_l0..C_lω of unit l (copy). */
    public double[] activation(int l) {
        return activation[l].clone();
    }

    /** Norms α_l = ‖a_l‖. */
    public double[] norms() {
        return alpha.clone();
    }

    /** Unit hidden directions u_l = a_l/α_l, m×r column-major. */
    public double[] unitDirections() {
        return u.clone();
    }

    /** Normalised Hermite coefficients S (m×ω column-major): unit l = Σ_{j≥1} S_lj He_j(⟨u_l,x⟩) + const. */
    public double[] normalisedCoefficients() {
        return s.clone();
    }

    /**
     * Free parameters: W (d·m), A (m·r), the offset (d) and, with free activations, each unit's ω Hermite coefficients
     * beyond the constant (which the offset absorbs); less r(r−1)/2 for the rotations of x, which leave y's law
     * unchanged.
     */
    public long parameterCount() {
        long p = (long) d * m + (long) m * r + d + (mode == ActivationMode.FREE ? (long) m * omega : 0);
        return p - (long) r * (r - 1) / 2;
    }

    /** Gram matrix ρ = U·Uᵀ of the unit directions (m×m), the rotation-invariant hidden geometry. */
    public double[] gram() {
        double[] g = Matrices.multiply(false, u, true, u, m, m, r);
        for (int l = 0; l < m; l++) {
            g[l + m * l] = 1.0;
        }
        return g;
    }

    /** E y = c + W·S_{·0}. */
    public double[] mean() {
        return offset.clone();
    }

    /** E[h_{l_1}···h_{l_q}] of the centred units as a dense m^q tensor (q = 2: the unit covariance K). */
    public double[] unitMoments(int q) {
        checkOrder(q);
        SymmetricIndex idx = SymmetricIndex.of(m, q);
        return idx.toDense(DiagramMoments.unitMoments(gram(), s, m, omega, q));
    }

    /** Cov(y) = W K Wᵀ (d×d). */
    public double[] covariance() {
        return centralMoment(2);
    }

    /** E[(y − Ey)^{⊗q}] = W^{⊗q}·E_q as a dense d^q tensor (q = 2, 3, 4; d^q must stay moderate). */
    public double[] centralMoment(int q) {
        checkOrder(q);
        return DenseTensors.transform(unitMoments(q), m, q, w, d);
    }

    private static void checkOrder(int q) {
        if (q < 2 || q > 4) {
            throw new IllegalArgumentException("moment order must be 2, 3 or 4, got " + q);
        }
    }

    /**
     * Output i multiplied by s_i (row i of W and c_i; A and the activations unchanged): a model fitted to y_i / s_i,
     * in the units of y. Exact for powers of two unless a parameter leaves the double range, which is refused.
     */
    public LowRankTransform withOutputScale(double[] s) {
        if (s.length != d) {
            throw new IllegalArgumentException("output scale must have d = " + d + " entries, got " + s.length);
        }
        double[] w2 = w.clone();
        double[] c2 = c.clone();
        for (int i = 0; i < d; i++) {
            for (int l = 0; l < m; l++) {
                w2[i + d * l] *= s[i];
            }
            c2[i] *= s[i];
        }
        for (double[] x : new double[][] {w2, c2}) {
            for (double v : x) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("a parameter times its output's scale leaves the double range");
                }
            }
        }
        return of(mode, w2, a, c2, activation, d, m, r);
    }

    /** y for one latent x (length r). */
    public double[] apply(double[] x) {
        if (x.length != r) {
            throw new IllegalArgumentException("latent x must have length r=" + r + ", got " + x.length);
        }
        double[] y = c.clone();
        for (int l = 0; l < m; l++) {
            double t = 0;
            for (int k = 0; k < r; k++) {
                t += a[l + m * k] * x[k];
            }
            double h = Hermite.evaluate(activation[l], t);
            for (int i = 0; i < d; i++) {
                y[i] += w[i + d * l] * h;
            }
        }
        return y;
    }

    /**
     * Rows {@code block·rows … block·rows + rows − 1} of a reproducible sample: the stream of each block is a
     * deterministic function of (seed, block), so Spark partitions can draw their blocks independently.
     */
    public double[][] sampleBlock(long seed, long block, int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        SplittableRandom rng = new SplittableRandom(mix(seed, block));
        double[][] out = new double[rows][];
        double[] x = new double[r];
        for (int n = 0; n < rows; n++) {
            for (int k = 0; k < r; k++) {
                x[k] = rng.nextGaussian();
            }
            out[n] = apply(x);
        }
        return out;
    }

    private static long mix(long seed, long block) {
        long z = seed * 0x9E3779B97F4A7C15L + block * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
