package io.polymoments.decompose;

import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.Svd;

import java.util.ArrayList;
import java.util.List;

/**
 * The symmetric ring T[i,j,k] = tr(Q_i Q_j Q_k) with Q_i = Q_iᵀ ∈ R^{r×r} (docs/tensor-ring.md §7), unique up to
 * Q_i → O Q_i Oᵀ with O orthogonal.
 *
 * <p>{@link #symmetrise} (the last route of docs/tensor-ring.md §7): any exact ring (A, B, C) of such a tensor has
 * A_i = G1 Q_i G2⁻¹, B_i = G2 Q_i G3⁻¹, C_i = G3 Q_i G1⁻¹ up to scalars with product 1. Two linear null-vector problems
 * equalise the three cores to F Q_i F⁻¹; a third finds the symmetric S = c·F Fᵀ with Ā_i S = S Ā_iᵀ; with S = H Hᵀ
 * (Cholesky), H⁻¹ Ā_i H = O Q_i Oᵀ is symmetric. Only linear algebra, no iteration. Test code: the tests check
 * decompositions of such rings with it; no production path uses it.
 */
final class SymmetricRing {
    private SymmetricRing() {}

    /**
     * @param q              the m symmetric r×r matrices (column-major), equal to O·Q_i·Oᵀ for the truth
     * @param asymmetry      ‖Q̂ − Q̂ᵀ‖/‖Q̂‖ before the final symmetrisation (~1e-15 exact)
     * @param minEigenRatio  smallest/largest eigenvalue of S (far from 0 when well conditioned)
     */
    public record Result(List<double[]> q, int r, double asymmetry, double minEigenRatio) {}

    /** The ring with all three cores equal to Q: core(a, i, b) = Q_i[a, b]. */
    public static TensorRing ring(List<double[]> q, int r) {
        int m = q.size();
        double[] core = new double[r * m * r];
        for (int i = 0; i < m; i++) {
            double[] qi = q.get(i);
            for (int b = 0; b < r; b++) {
                System.arraycopy(qi, r * b, core, r * (i + m * b), r);
            }
        }
        return new TensorRing(new int[] {m, m, m}, new int[] {r, r, r}, List.of(core, core.clone(), core.clone()));
    }

    /** Symmetric Q_i from an exact (or converged) general ring of a symmetric tensor. */
    public static Result symmetrise(TensorRing ring) {
        int[] d = ring.dims();
        int[] rk = ring.ranks();
        if (ring.order() != 3 || d[0] != d[1] || d[1] != d[2] || rk[0] != rk[1] || rk[1] != rk[2]) {
            throw new IllegalArgumentException("a symmetric ring tr(Q_i Q_j Q_k) has order 3, equal dimensions and equal"
                    + " ranks; got " + ring);
        }
        int m = d[0];
        int r = rk[0];
        if (m < r * (r + 1) / 2) {
            throw new IllegalArgumentException("the symmetriser needs the Q_i to span Sym_r: m >= r(r+1)/2 = "
                    + r * (r + 1) / 2 + ", got m = " + m);
        }
        List<double[]> a = slices(ring, 0);
        List<double[]> b = slices(ring, 1);
        List<double[]> c = slices(ring, 2);
        // cyclic equalisation: P B_i = A_i R gives P = G1 G2⁻¹ (up to scale); P' C_i = A_i R' gives P' = G1 G3⁻¹
        double[] k2 = intertwiner(b, a, r);
        double[] k3 = intertwiner(c, a, r);
        double[] k2inv = inverse(k2, r);
        double[] k3inv = inverse(k3, r);
        List<double[]> a1 = new ArrayList<>();
        List<double[]> b1 = new ArrayList<>();
        List<double[]> c1 = new ArrayList<>();
        double nA = 0;
        double dotB = 0;
        double dotC = 0;
        for (int i = 0; i < m; i++) {
            double[] ai = Matrices.multiply(a.get(i), k2inv, r, r, r);
            double[] bi = Matrices.multiply(Matrices.multiply(k2, b.get(i), r, r, r), k3inv, r, r, r);
            double[] ci = Matrices.multiply(k3, c.get(i), r, r, r);
            a1.add(ai);
            b1.add(bi);
            c1.add(ci);
            for (int e = 0; e < r * r; e++) {
                nA += ai[e] * ai[e];
                dotB += bi[e] * ai[e];
                dotC += ci[e] * ai[e];
            }
        }
        // A1 = α F Q F⁻¹, B1 = α ρB (…), C1 = α ρC (…), and the three scalars multiply to 1
        double rhoB = dotB / nA;
        double rhoC = dotC / nA;
        double alpha = Math.cbrt(1.0 / (rhoB * rhoC));
        List<double[]> abar = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            double[] x = new double[r * r];
            for (int e = 0; e < r * r; e++) {
                x[e] = (a1.get(i)[e] / alpha + b1.get(i)[e] / (alpha * rhoB) + c1.get(i)[e] / (alpha * rhoC)) / 3;
            }
            abar.add(x);
        }
        return symmetriseCyclic(abar, r);
    }

    /** Ā_i = F Q_i F⁻¹ → symmetric S with Ā_i S = S Ā_iᵀ, S = H Hᵀ, Q̂_i = H⁻¹ Ā_i H. */
    static Result symmetriseCyclic(List<double[]> abar, int r) {
        int m = abar.size();
        int nb = r * (r + 1) / 2;
        double[] sys = new double[m * r * r * nb];
        int rows = m * r * r;
        int col = 0;
        for (int p = 0; p < r; p++) {
            for (int q = p; q < r; q++, col++) {
                // basis element E = e_p e_qᵀ + e_q e_pᵀ (diagonal: e_p e_pᵀ)
                for (int i = 0; i < m; i++) {
                    double[] x = abar.get(i);
                    int off = i * r * r + rows * col;
                    // (Ā E)[a,b] = Ā[a,p] δ_{qb} + Ā[a,q] δ_{pb};  (E Āᵀ)[a,b] = δ_{ap} Ā[b,q] + δ_{aq} Ā[b,p]
                    for (int a = 0; a < r; a++) {
                        sys[off + a + r * q] += x[a + r * p];
                        sys[off + p + r * a] -= x[a + r * q];
                        if (p != q) {
                            sys[off + a + r * p] += x[a + r * q];
                            sys[off + q + r * a] -= x[a + r * p];
                        }
                    }
                }
            }
        }
        double[] v = RealDescent.nullVector(sys, rows, nb);
        double[] s = new double[r * r];
        col = 0;
        for (int p = 0; p < r; p++) {
            for (int q = p; q < r; q++, col++) {
                s[p + r * q] += v[col];
                if (p != q) {
                    s[q + r * p] += v[col];
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < r; a++) {
            trace += s[a + r * a];
        }
        if (trace < 0) {
            for (int e = 0; e < s.length; e++) {
                s[e] = -s[e];
            }
        }
        double[] ev = io.polymoments.linalg.SymmetricEigen.of(s, r).values();
        double[] h = cholesky(s, r);
        double[] hinv = inverse(h, r);
        List<double[]> out = new ArrayList<>();
        double asym2 = 0;
        double all2 = 0;
        for (double[] x : abar) {
            double[] qi = Matrices.multiply(Matrices.multiply(hinv, x, r, r, r), h, r, r, r);
            for (int a = 0; a < r; a++) {
                for (int b = 0; b < r; b++) {
                    double diff = qi[a + r * b] - qi[b + r * a];
                    asym2 += diff * diff;
                    all2 += qi[a + r * b] * qi[a + r * b];
                }
            }
            out.add(Matrices.symmetrizeInPlace(qi, r));
        }
        return new Result(out, r, Math.sqrt(asym2 / all2), ev[r - 1] / ev[0]);
    }

    /**
     * min over orthogonal O of ‖Oᵀ Q̂_i O − Q_i‖ / ‖Q‖ (docs/tensor-ring.md §6): O from the null vector of
     * Q̂_i O − O Q_i = 0, projected to the nearest orthogonal matrix (polar factor via SVD).
     */
    public static double orthogonalAlignedError(List<double[]> qhat, List<double[]> q, int r) {
        if (qhat.size() != q.size()) {
            throw new IllegalArgumentException("different numbers of matrices: " + qhat.size() + " vs " + q.size());
        }
        int m = q.size();
        int rows = m * r * r;
        double[] sys = new double[rows * r * r];
        for (int i = 0; i < m; i++) {
            double[] qh = qhat.get(i);
            double[] qi = q.get(i);
            for (int b = 0; b < r; b++) {
                for (int a = 0; a < r; a++) {
                    int row = i * r * r + a + r * b;
                    for (int s = 0; s < r; s++) { // (Q̂ O)[a,b] = Σ_s Q̂[a,s] O[s,b]
                        sys[row + rows * (s + r * b)] += qh[a + r * s];
                    }
                    for (int t = 0; t < r; t++) { // (O Q)[a,b] = Σ_t O[a,t] Q[t,b]
                        sys[row + rows * (a + r * t)] -= qi[t + r * b];
                    }
                }
            }
        }
        double[] o = RealDescent.nullVector(sys, rows, r * r);
        Svd svd = Svd.of(o, r, r);
        double[] polar = Matrices.multiply(svd.u(), svd.vt(), r, r, r);
        double num = 0;
        double den = 0;
        for (int i = 0; i < m; i++) {
            double[] al = Matrices.multiply(Matrices.multiply(true, polar, false, qhat.get(i), r, r, r), polar, r, r, r);
            double[] qi = q.get(i);
            for (int e = 0; e < r * r; e++) {
                num += (al[e] - qi[e]) * (al[e] - qi[e]);
                den += qi[e] * qi[e];
            }
        }
        return Math.sqrt(num / den);
    }

    private static List<double[]> slices(TensorRing ring, int n) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < ring.dim(n); i++) {
            out.add(ring.slice(n, i));
        }
        return out;
    }

    /** Null vector P of P·X_i − Y_i·R = 0 over all i (unknowns P, R ∈ R^{r×r}). */
    private static double[] intertwiner(List<double[]> x, List<double[]> y, int r) {
        int m = x.size();
        int rows = m * r * r;
        int cols = 2 * r * r;
        double[] sys = new double[rows * cols];
        for (int i = 0; i < m; i++) {
            double[] xi = x.get(i);
            double[] yi = y.get(i);
            for (int b = 0; b < r; b++) {
                for (int a = 0; a < r; a++) {
                    int row = i * r * r + a + r * b;
                    for (int s = 0; s < r; s++) {
                        sys[row + rows * (a + r * s)] += xi[s + r * b];
                        sys[row + rows * (r * r + s + r * b)] -= yi[a + r * s];
                    }
                }
            }
        }
        double[] v = RealDescent.nullVector(sys, rows, cols);
        return java.util.Arrays.copyOf(v, r * r);
    }

    private static double[] inverse(double[] a, int r) {
        return io.polymoments.linalg.Lu.of(a, r).solve(Matrices.identity(r), r, false);
    }

    /** Lower-triangular H with H Hᵀ = S; throws when S is not positive definite (the ring is not symmetric). */
    static double[] cholesky(double[] s, int r) {
        double[] h = new double[r * r];
        for (int j = 0; j < r; j++) {
            double d = s[j + r * j];
            for (int k = 0; k < j; k++) {
                d -= h[j + r * k] * h[j + r * k];
            }
            if (!(d > 0)) {
                throw new IllegalArgumentException("the symmetriser S = c·F·Fᵀ is not positive definite (pivot " + j
                        + "): the ring is not, up to gauge, a symmetric ring tr(Q_i Q_j Q_k)");
            }
            double hjj = Math.sqrt(d);
            h[j + r * j] = hjj;
            for (int i = j + 1; i < r; i++) {
                double v = s[i + r * j];
                for (int k = 0; k < j; k++) {
                    v -= h[i + r * k] * h[j + r * k];
                }
                h[i + r * j] = v / hjj;
            }
        }
        return h;
    }
}
