package io.polymoments.decompose;

import io.polymoments.linalg.Matrices;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A tensor ring (TensorLy's {@code TRTensor} convention): core n has shape R_n × d_n × R_{n+1} with
 * R_N = R_0, and {@code T[i0,…,iN−1] = tr(G0[:,i0,:]·G1[:,i1,:]⋯GN−1[:,iN−1,:])}.
 *
 * <p>Each core is stored first-index-fastest: entry (a, i, b) of core n is at {@code a + R_n·(i + d_n·b)}, so
 * a core is, without copying, the column-major (R_n·d_n) × R_{n+1} matrix and the R_n × (d_n·R_{n+1}) matrix
 * the contraction routines multiply. The ring is invariant under the gauge G_n[i] → P_n G_n[i] P_{n+1}⁻¹;
 * compare rings with {@link #relativeError} or {@link GaugeAlignment}, not core by core.
 *
 * @param dims  d_0 … d_{N−1}
 * @param ranks R_0 … R_{N−1}
 * @param cores N arrays of R_n·d_n·R_{n+1} entries (shared, not copied: treat them as read-only)
 */
public record TensorRing(int[] dims, int[] ranks, List<double[]> cores) {

    public TensorRing {
        if (dims.length < 2) {
            throw new IllegalArgumentException("a tensor ring needs order >= 2, got " + dims.length);
        }
        if (ranks.length != dims.length || cores.size() != dims.length) {
            throw new IllegalArgumentException("order " + dims.length + " needs " + dims.length + " ranks and cores, got "
                    + ranks.length + " ranks and " + cores.size() + " cores");
        }
        int order = dims.length;
        for (int n = 0; n < order; n++) {
            if (ranks[n] < 1 || dims[n] < 1) {
                throw new IllegalArgumentException("ranks and dimensions must be >= 1: dims " + Arrays.toString(dims)
                        + ", ranks " + Arrays.toString(ranks));
            }
            int expected = ranks[n] * dims[n] * ranks[(n + 1) % order];
            if (cores.get(n).length != expected) {
                throw new IllegalArgumentException("core " + n + " must have R_n*d_n*R_{n+1} = " + ranks[n] + "*" + dims[n]
                        + "*" + ranks[(n + 1) % order] + " = " + expected + " entries, got " + cores.get(n).length);
            }
        }
        dims = dims.clone();
        ranks = ranks.clone();
        cores = List.copyOf(cores);
    }

    /** Random cores with i.i.d. N(0, 1/R_{n+1}) entries: the generic ("smoothed") model of docs/tensor-ring.md §8. */
    public static TensorRing random(int[] dims, int[] ranks, Random rng) {
        List<double[]> cores = new ArrayList<>();
        int order = dims.length;
        for (int n = 0; n < order; n++) {
            int rNext = ranks[(n + 1) % order];
            double[] g = new double[ranks[n] * dims[n] * rNext];
            double s = 1.0 / Math.sqrt(rNext);
            for (int k = 0; k < g.length; k++) {
                g[k] = s * rng.nextGaussian();
            }
            cores.add(g);
        }
        return new TensorRing(dims, ranks, cores);
    }

    /** d_0 … d_{N−1} (a copy). */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** R_0 … R_{N−1} (a copy). */
    @Override
    public int[] ranks() {
        return ranks.clone();
    }

    public int dim(int n) {
        return dims[n];
    }

    public int order() {
        return dims.length;
    }

    public int rank(int n) {
        return ranks[Math.floorMod(n, dims.length)];
    }

    public double[] core(int n) {
        return cores.get(n);
    }

    /** Core entry G_n[a, i, b]. */
    public double coreEntry(int n, int a, int i, int b) {
        return cores.get(n)[a + ranks[n] * (i + dims[n] * b)];
    }

    /** The slice G_n[:, i, :] as a column-major R_n × R_{n+1} matrix (copy). */
    public double[] slice(int n, int i) {
        int rn = ranks[n];
        int rn1 = rank(n + 1);
        double[] g = cores.get(n);
        double[] s = new double[rn * rn1];
        for (int b = 0; b < rn1; b++) {
            System.arraycopy(g, rn * (i + dims[n] * b), s, rn * b, rn);
        }
        return s;
    }

    /** Number of parameters Σ R_n d_n R_{n+1}. */
    public long parameterCount() {
        long p = 0;
        for (double[] g : cores) {
            p += g.length;
        }
        return p;
    }

    /** One entry, tr(G0[:,i0,:]⋯), in O(N·R³) without forming the tensor. */
    public double entry(int... index) {
        if (index.length != dims.length) {
            throw new IllegalArgumentException("index has " + index.length + " components, ring order is " + dims.length);
        }
        for (int n = 0; n < dims.length; n++) {
            if (index[n] < 0 || index[n] >= dims[n]) {
                throw new IndexOutOfBoundsException("index " + index[n] + " of mode " + n + " outside [0, " + dims[n] + ")");
            }
        }
        double[] m = slice(0, index[0]);
        int r0 = ranks[0];
        for (int n = 1; n < dims.length; n++) {
            m = Matrices.multiply(m, slice(n, index[n]), r0, ranks[n], rank(n + 1));
        }
        double tr = 0;
        for (int a = 0; a < r0; a++) {
            tr += m[a + a * r0];
        }
        return tr;
    }

    /**
     * The subchain G_{n+1}·G_{n+2}⋯G_{n−1} (all cores but n, cyclically), laid out like a core:
     * entry (α, j, β) at {@code α + R_{n+1}·(j + J·β)} with α < R_{n+1}, β < R_n and j running over
     * (i_{n+1}, …, i_{n−1}) with i_{n+1} fastest. Each step is one dgemm.
     */
    double[] subchain(int n) {
        int order = dims.length;
        int first = (n + 1) % order;
        double[] m = cores.get(first);
        int rows = ranks[first] * dims[first]; // R_{n+1} · J so far
        for (int t = 2; t < order; t++) {
            int c = (n + t) % order;
            int rc = ranks[c];
            int cols = dims[c] * rank(c + 1);
            m = Matrices.multiply(m, cores.get(c), rows, rc, cols);
            rows *= dims[c];
        }
        return m;
    }

    /** Product ∏_{m≠n} d_m. */
    int restSize(int n) {
        long j = 1;
        for (int m = 0; m < dims.length; m++) {
            if (m != n) {
                j *= dims[m];
            }
        }
        return Math.toIntExact(j);
    }

    /**
     * The least-squares design for core n, transposed: Φᵀ (J × R_nR_{n+1}) with
     * Φᵀ[j, β + R_n·α] = S[α, j, β], so that the cyclic unfolding satisfies T_(n) = X·Φ where
     * X[i, β + R_n·α] = G_n[β, i, α] (see {@link #coreAsMatrix}).
     */
    double[] designTransposed(int n, double[] subchain) {
        int rn = ranks[n];
        int rn1 = rank(n + 1);
        int j = restSize(n);
        double[] phiT = new double[j * rn * rn1];
        for (int beta = 0; beta < rn; beta++) {
            for (int alpha = 0; alpha < rn1; alpha++) {
                int col = (beta + rn * alpha) * j;
                int base = alpha + rn1 * j * beta;
                for (int r = 0; r < j; r++) {
                    phiT[col + r] = subchain[base + rn1 * r];
                }
            }
        }
        return phiT;
    }

    /** X (d_n × R_nR_{n+1}) with X[i, β + R_n·α] = G_n[β, i, α]. */
    double[] coreAsMatrix(int n) {
        return coreToMatrix(cores.get(n), ranks[n], dims[n], rank(n + 1));
    }

    static double[] coreToMatrix(double[] g, int rn, int d, int rn1) {
        double[] x = new double[g.length];
        for (int alpha = 0; alpha < rn1; alpha++) {
            for (int i = 0; i < d; i++) {
                for (int beta = 0; beta < rn; beta++) {
                    x[i + d * (beta + rn * alpha)] = g[beta + rn * (i + d * alpha)];
                }
            }
        }
        return x;
    }

    static double[] matrixToCore(double[] x, int rn, int d, int rn1) {
        double[] g = new double[x.length];
        for (int alpha = 0; alpha < rn1; alpha++) {
            for (int i = 0; i < d; i++) {
                for (int beta = 0; beta < rn; beta++) {
                    g[beta + rn * (i + d * alpha)] = x[i + d * (beta + rn * alpha)];
                }
            }
        }
        return g;
    }

    /** The dense tensor, O(∏d · R²) via one contraction with the subchain of the last core. */
    public DenseTensor full() {
        int last = dims.length - 1;
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("ring of shape " + Arrays.toString(dims) + " has " + size
                    + " entries, too many for a dense tensor; use entry(...) instead");
        }
        double[] phiT = designTransposed(last, subchain(last));
        int j = restSize(last);
        int q = ranks[last] * ranks[0];
        // T_(last)ᵀ = Φᵀ·Xᵀ is J × d_last column-major, i.e. the Fortran-ordered tensor.
        double[] data = Matrices.multiply(false, phiT, true, coreAsMatrix(last), j, dims[last], q);
        return new DenseTensor(dims, data);
    }

    /**
     * Frobenius norm without forming the tensor: ‖T‖² = tr(∏_n E_n), E_n = Σ_i G_n[i] ⊗ G_n[i]
     * (R_n² × R_{n+1}² transfer matrices). Cost O(N·d·R⁴).
     */
    public double norm() {
        double[] prod = null;
        int r0sq = ranks[0] * ranks[0];
        for (int n = 0; n < dims.length; n++) {
            double[] e = transferMatrix(n);
            int rn = ranks[n] * ranks[n];
            int rn1 = rank(n + 1) * rank(n + 1);
            prod = prod == null ? e : Matrices.multiply(prod, e, r0sq, rn, rn1);
        }
        double tr = 0;
        for (int k = 0; k < r0sq; k++) {
            tr += prod[k + k * r0sq];
        }
        return Math.sqrt(Math.max(tr, 0));
    }

    private double[] transferMatrix(int n) {
        int rn = ranks[n];
        int rn1 = rank(n + 1);
        int rows = rn * rn;
        int cols = rn1 * rn1;
        double[] e = new double[rows * cols];
        for (int i = 0; i < dims[n]; i++) {
            double[] s = slice(n, i);
            for (int b = 0; b < rn1; b++) {
                for (int b2 = 0; b2 < rn1; b2++) {
                    int col = (b + rn1 * b2) * rows;
                    for (int a2 = 0; a2 < rn; a2++) {
                        double v2 = s[a2 + rn * b2];
                        for (int a = 0; a < rn; a++) {
                            e[col + a + rn * a2] += s[a + rn * b] * v2;
                        }
                    }
                }
            }
        }
        return e;
    }

    /** ‖full() − t‖ / ‖t‖: the gauge-invariant reconstruction error against a dense tensor. */
    public double relativeError(DenseTensor t) {
        if (!Arrays.equals(dims, t.dims())) {
            throw new IllegalArgumentException("ring shape " + Arrays.toString(dims) + " differs from tensor shape "
                    + Arrays.toString(t.dims()));
        }
        return full().relativeErrorTo(t);
    }

    /** The same ring with every core scaled to the geometric mean of the core norms (a gauge; the tensor is unchanged). */
    public TensorRing balanced() {
        int order = dims.length;
        double[] nrm = new double[order];
        double logMean = 0;
        for (int n = 0; n < order; n++) {
            nrm[n] = Matrices.frobeniusNorm(cores.get(n));
            if (nrm[n] == 0) {
                return this;
            }
            logMean += Math.log(nrm[n]) / order;
        }
        double g = Math.exp(logMean);
        List<double[]> out = new ArrayList<>();
        for (int n = 0; n < order; n++) {
            double[] c = cores.get(n).clone();
            double s = g / nrm[n];
            for (int k = 0; k < c.length; k++) {
                c[k] *= s;
            }
            out.add(c);
        }
        return new TensorRing(dims, ranks, out);
    }

    /** Core (a, i, b) → (b, i, a): the core of the reflected ring, shape R_{n+1} × d × R_n. */
    static double[] transposeCore(double[] g, int rn, int d, int rn1) {
        // (a, i, b) -> (b, i, a): new core has shape rn1 × d × rn
        double[] t = new double[g.length];
        for (int b = 0; b < rn1; b++) {
            for (int i = 0; i < d; i++) {
                for (int a = 0; a < rn; a++) {
                    t[b + rn1 * (i + d * a)] = g[a + rn * (i + d * b)];
                }
            }
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TensorRing other)) {
            return false;
        }
        if (!Arrays.equals(dims, other.dims) || !Arrays.equals(ranks, other.ranks)) {
            return false;
        }
        for (int n = 0; n < dims.length; n++) {
            if (!Arrays.equals(cores.get(n), other.cores.get(n))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(dims) * 31 + Arrays.hashCode(ranks);
        for (double[] c : cores) {
            h = h * 31 + Arrays.hashCode(c);
        }
        return h;
    }

    @Override
    public String toString() {
        return "TensorRing[dims=" + Arrays.toString(dims) + ", ranks=" + Arrays.toString(ranks) + "]";
    }
}
