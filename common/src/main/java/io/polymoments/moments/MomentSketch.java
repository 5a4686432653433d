package io.polymoments.moments;

import io.polymoments.InvalidInputException;
import io.polymoments.tensor.PackedSymmetric;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A mergeable summary of a set of rows in R^d: count n, mean μ and the central co-moment <em>sums</em>
 * M_q = Σ (y−μ)^{⊗q} for q = 2..order, packed symmetric (see {@link PackedSymmetric}). Never raw power sums:
 * blocks are centred on their own mean and merged with the pairwise formulas of Chan et al. (q = 2) and
 * Pébay, Terriberry, Kolla, Bennett (2016) (q = 3, 4). The empty sketch (n = 0, no arrays allocated) is the
 * identity of {@link #mergeInPlace}.
 */
public final class MomentSketch implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int order;
    private final int dim;
    private final Basis basis;
    private long count;
    private double[] mean;
    private double[] m2;
    private double[] m3;
    private double[] m4;

    private MomentSketch(int order, int dim, Basis basis) {
        if (order < 2 || order > 4) {
            throw new IllegalArgumentException("moment order must be 2, 3 or 4, got " + order);
        }
        if (dim < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dim);
        }
        if (basis != null && basis.dim() != dim) {
            throw new IllegalArgumentException("basis projects to " + basis.dim() + " dimensions, sketch has " + dim);
        }
        this.order = order;
        this.dim = dim;
        this.basis = basis;
    }

    /** The empty sketch of the given order and dimension, in the given basis (null: the data's own coordinates). */
    public static MomentSketch empty(int order, int dim, Basis basis) {
        return new MomentSketch(order, dim, basis);
    }

    /**
     * A sketch restored from stored state (count, mean and the packed co-moment sums of orders 2..order).
     * Validates lengths so that a corrupt file cannot produce a silently wrong sketch.
     */
    public static MomentSketch of(int order, int dim, Basis basis, long count, double[] mean, double[] m2, double[] m3,
                                  double[] m4) {
        MomentSketch s = new MomentSketch(order, dim, basis);
        if (count < 0) {
            throw new IllegalArgumentException("count must be non-negative, got " + count);
        }
        if (count > 0) {
            checkLength("mean", mean, dim);
            checkLength("m2", m2, PackedSymmetric.arraySize(dim, 2));
            if (order >= 3) {
                checkLength("m3", m3, PackedSymmetric.arraySize(dim, 3));
            }
            if (order >= 4) {
                checkLength("m4", m4, PackedSymmetric.arraySize(dim, 4));
            }
            s.setState(count, mean.clone(), m2.clone(), order >= 3 ? m3.clone() : null, order >= 4 ? m4.clone() : null);
        }
        return s;
    }

    private static void checkLength(String what, double[] a, int expected) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException(what + " has " + (a == null ? "no" : String.valueOf(a.length))
                    + " entries, expected " + expected);
        }
    }

    void setState(long n, double[] mu, double[] s2, double[] s3, double[] s4) {
        this.count = n;
        this.mean = mu;
        this.m2 = s2;
        this.m3 = s3;
        this.m4 = s4;
    }

    public int order() {
        return order;
    }

    public int dim() {
        return dim;
    }

    public Basis basis() {
        return basis;
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Feeds everything this sketch holds into a fingerprint (no copies: sketches can be large). */
    void hashInto(ContentHash h) {
        h.add(order).add(dim).add(count).add(mean).add(m2).add(m3).add(m4);
        if (basis != null) {
            h.add(basis.inputDim()).add(basis.shift()).add(basis.matrix());
        } else {
            h.add(-1L);
        }
    }

    /** The mean (a copy); zeros for the empty sketch. */
    public double[] mean() {
        return mean == null ? new double[dim] : mean.clone();
    }

    /** Packed central co-moment sum of order q (a copy), or zeros when empty. */
    public double[] packedSum(int q) {
        if (q < 2 || q > order) {
            throw new IllegalArgumentException("this sketch has orders 2.." + order + ", asked for " + q);
        }
        double[] a = q == 2 ? m2 : q == 3 ? m3 : m4;
        return a == null ? new double[PackedSymmetric.arraySize(dim, q)] : a.clone();
    }

    /**
     * Merges {@code other} into this sketch and returns this. Both must have the same order, dimension and basis.
     */
    public MomentSketch mergeInPlace(MomentSketch other) {
        checkCompatible(other);
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            setState(other.count, other.mean.clone(), other.m2.clone(), other.m3 == null ? null : other.m3.clone(),
                    other.m4 == null ? null : other.m4.clone());
            return this;
        }
        return merge(other.count, other.mean, other.m2, other.m3 == null ? null : PackedRuns.whole(other.m3, dim),
                other.m3, other.m4 == null ? null : PackedRuns.whole(other.m4, dim));
    }

    /**
     * Merges the sums of a set of {@code nb} rows, given by their mean, packed M2 and their M3 and M4 a run at a time
     * ({@code b3Packed}: the whole M3, which the order-4 update needs; null below order 4). Every sum is updated in
     * place, so a merge needs no second copy of the sketch.
     */
    MomentSketch merge(long nb, double[] meanB, double[] b2, PackedRuns b3, double[] b3Packed, PackedRuns b4) {
        if (count == 0) {
            setState(nb, meanB.clone(), b2.clone(),
                    order >= 3 ? PackedRuns.gather(b3, dim, 3, PackedSymmetric.arraySize(dim, 3)) : null,
                    order >= 4 ? PackedRuns.gather(b4, dim, 4, PackedSymmetric.arraySize(dim, 4)) : null);
            return this;
        }
        double na = count;
        double n = na + nb;
        double[] delta = new double[dim];
        for (int i = 0; i < dim; i++) {
            delta[i] = meanB[i] - mean[i];
        }
        // Highest order first: each formula reads the lower-order sums of A and B before they change.
        if (order >= 4) {
            mergeFourth(na, nb, n, delta, b2, b3Packed, b4);
        }
        if (order >= 3) {
            mergeThird(na, nb, n, delta, b2, b3);
        }
        double c2 = na * nb / n;
        int p = 0;
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                m2[p] = m2[p] + b2[p] + c2 * delta[i] * delta[j];
                p++;
            }
        }
        for (int i = 0; i < dim; i++) {
            mean[i] += delta[i] * (nb / n);
        }
        count += nb;
        return this;
    }

    private void mergeThird(double na, double nb, double n, double[] d, double[] b2, PackedRuns b3) {
        double c3 = na * nb * (na - nb) / (n * n);
        double[] x = new double[m2.length]; // (n_A B2 − n_B A2) / n
        for (int p = 0; p < x.length; p++) {
            x[p] = (na * b2[p] - nb * m2[p]) / n;
        }
        int p = 0;
        for (int i = 0; i < dim; i++) {
            for (int j0 = i; j0 < dim; ) {
                int j1 = b3.load(i, j0, p);
                double[] b = b3.array();
                int off = b3.offset();
                for (int j = j0; j < j1; j++) {
                    double xij = x[PackedSymmetric.index2(dim, i, j)];
                    for (int k = j; k < dim; k++) {
                        m3[p] = m3[p] + b[p - off] + c3 * d[i] * d[j] * d[k]
                                + xij * d[k] + x[PackedSymmetric.index2(dim, i, k)] * d[j]
                                + x[PackedSymmetric.index2(dim, j, k)] * d[i];
                        p++;
                    }
                }
                j0 = j1;
            }
        }
    }

    private void mergeFourth(double na, double nb, double n, double[] d, double[] b2, double[] b3, PackedRuns b4) {
        double c4 = na * nb * (na * na - na * nb + nb * nb) / (n * n * n);
        double[] y = new double[m2.length]; // (n_A² B2 + n_B² A2) / n²
        for (int p = 0; p < y.length; p++) {
            y[p] = (na * na * b2[p] + nb * nb * m2[p]) / (n * n);
        }
        double[] x = new double[m3.length]; // (n_A B3 − n_B A3) / n
        for (int p = 0; p < x.length; p++) {
            x[p] = (na * b3[p] - nb * m3[p]) / n;
        }
        PackedSymmetric p3 = new PackedSymmetric(dim, 3);
        int p = 0;
        for (int i = 0; i < dim; i++) {
            for (int j0 = i; j0 < dim; ) {
                int j1 = b4.load(i, j0, p);
                double[] b = b4.array();
                int off = b4.offset();
                for (int j = j0; j < j1; j++) {
                    double yij = y[PackedSymmetric.index2(dim, i, j)];
                    for (int k = j; k < dim; k++) {
                        double yik = y[PackedSymmetric.index2(dim, i, k)];
                        double yjk = y[PackedSymmetric.index2(dim, j, k)];
                        double xijk = x[p3.index3(i, j, k)];
                        for (int l = k; l < dim; l++) {
                            double pairs = yij * d[k] * d[l] + yik * d[j] * d[l]
                                    + y[PackedSymmetric.index2(dim, i, l)] * d[j] * d[k]
                                    + yjk * d[i] * d[l] + y[PackedSymmetric.index2(dim, j, l)] * d[i] * d[k]
                                    + y[PackedSymmetric.index2(dim, k, l)] * d[i] * d[j];
                            double singles = x[p3.index3(j, k, l)] * d[i] + x[p3.index3(i, k, l)] * d[j]
                                    + x[p3.index3(i, j, l)] * d[k] + xijk * d[l];
                            m4[p] = m4[p] + b[p - off] + c4 * d[i] * d[j] * d[k] * d[l] + pairs + singles;
                            p++;
                        }
                    }
                }
                j0 = j1;
            }
        }
    }

    private void checkCompatible(MomentSketch other) {
        if (other.order != order || other.dim != dim) {
            throw new InvalidInputException("cannot merge a sketch of order " + other.order + " over " + other.dim
                    + " dimensions into one of order " + order + " over " + dim
                    + " dimensions; sketches must come from the same 'moments' settings");
        }
        if (!Basis.same(basis, other.basis)) {
            throw new InvalidInputException("cannot merge sketches taken in different bases ("
                    + (basis == null ? "raw data coordinates" : "whitened " + basis) + " vs "
                    + (other.basis == null ? "raw data coordinates" : "whitened " + other.basis)
                    + "); recompute one of them with the other's reference basis");
        }
    }

    /** An independent copy. */
    public MomentSketch copy() {
        return of(order, dim, basis, count, mean, m2, m3, m4);
    }

    // ---- cumulants (population normalisation: sums divided by n) ----

    private void requireRows(int needed) {
        if (count < needed) {
            throw new InvalidInputException("the sketch holds " + count + " row(s); order-" + needed
                    + " statistics need at least " + needed + " rows");
        }
    }

    /** Covariance M2/n as a dense column-major d×d matrix. */
    public double[] covariance() {
        requireRows(2);
        return scaledDense(m2, 2);
    }

    /** Third cumulant κ3 = M3/n (= third central moment), dense row-major d³. */
    public double[] thirdCumulant() {
        requireOrder(3);
        requireRows(3);
        return scaledDense(m3, 3);
    }

    /** Fourth central moment M4/n, dense d⁴. */
    public double[] fourthCentralMoment() {
        requireOrder(4);
        requireRows(4);
        return scaledDense(m4, 4);
    }

    /** Fourth cumulant κ4_ijkl = m4_ijkl − (m2_ij m2_kl + m2_ik m2_jl + m2_il m2_jk), dense d⁴. */
    public double[] fourthCumulant() {
        double[] k4 = fourthCentralMoment();
        double[] c = covariance();
        int d = dim;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    for (int l = 0; l < d; l++) {
                        k4[((i * d + j) * d + k) * d + l] -= c[i + j * d] * c[k + l * d] + c[i + k * d] * c[j + l * d]
                                + c[i + l * d] * c[j + k * d];
                    }
                }
            }
        }
        return k4;
    }

    private void requireOrder(int q) {
        if (order < q) {
            throw new InvalidInputException("this sketch has order " + order + "; order-" + q
                    + " statistics need a sketch computed with --order " + q + " or higher");
        }
    }

    private double[] scaledDense(double[] packed, int q) {
        double[] dense = new PackedSymmetric(dim, q).unpack(packed);
        double inv = 1.0 / count;
        for (int i = 0; i < dense.length; i++) {
            dense[i] *= inv;
        }
        return dense;
    }

    @Override
    public String toString() {
        return "MomentSketch[order=" + order + ", dim=" + dim + ", count=" + count
                + (basis == null ? "" : ", " + basis) + "]";
    }

    /** Exact equality of state (for round-trip tests). */
    public boolean sameState(MomentSketch o) {
        return o.order == order && o.dim == dim && o.count == count && Basis.same(basis, o.basis)
                && Arrays.equals(mean, o.mean) && Arrays.equals(m2, o.m2) && Arrays.equals(m3, o.m3)
                && Arrays.equals(m4, o.m4);
    }
}
