package io.polymoments.learn.quadratic;

import io.polymoments.linalg.Blas;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.Svd;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.tensor.Svec;
import io.polymoments.tensor.Tensor3;
import io.polymoments.tensor.TraceProducts;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Algorithm H of docs/quadratic.md §4 (steps H4–H8): given S ≈ the structure tensor tr(G_aG_bG_c) of the Jordan algebra
 * Sym(r) in an unknown orthonormal basis G_1..G_k (k = tri(r)), find an orthogonal k×k matrix {@code frame} (Bfr)
 * whose columns are the coordinates of the frame matrices E_aa, P_ab (svec order) of one orthonormal eigenbasis.
 * Then G_a = smat(row a of Bfr) up to the O(r) action.
 *
 * <p>Route: primitive idempotents by the power map x ← S(·,x,x)/‖·‖ (X ← X²) with Peirce deflation (eigh of
 * S(x,·,·), keep its eigenvalue-0 space); off-diagonal frame elements as top eigenvectors of 2(L_{E_a}L_{E_b} +
 * L_{E_b}L_{E_a}); signs by P_0a∘P_0b ∝ P_ab; polar factor. Every eigenproblem has a gap ≥ ½. Multi-start keeps the
 * frame with the smallest cubic residual ‖S − tr3(G)‖_F. Only eigh, SVD and GEMM.
 */
public final class JordanFrame {

    /**
     * The power map has reached the noise floor when its idempotence defect ‖X² − X‖ stops falling below this: a unit X
     * with two tied top eigenvalues (the slowest start) has a defect of 0.29, converged ones at n = 10⁵ and r = 12–20
     * have 0.02–0.07.
     */
    private static final double FLOOR_DEFECT = 0.25;

    /**
     * @param nStarts  random starts of the power iterations (best cubic residual kept); default 3
     * @param nIterMax maximum power iterations per idempotent; default 50
     * @param tol      stop a power iteration when ‖x_new − x‖ &lt; tol (or two iterations after its idempotence defect
     *                 reached the noise floor); default 1e-12
     * @param seed     seed of the random starts
     */
    public record Options(int nStarts, int nIterMax, double tol, long seed) {
        public Options {
            if (nStarts < 1 || nIterMax < 1 || !(tol >= 0)) {
                throw new IllegalArgumentException("need nStarts >= 1, nIterMax >= 1, tol >= 0; got " + nStarts + ", "
                        + nIterMax + ", " + tol);
            }
        }

        public static Options defaults() {
            return new Options(3, 50, 1e-12, 0L);
        }

        public Options withSeed(long s) {
            return new Options(nStarts, nIterMax, tol, s);
        }

        public Options withStarts(int n) {
            return new Options(n, nIterMax, tol, seed);
        }
    }

    /**
     * @param frame               Bfr, orthogonal k×k column-major
     * @param residual            ‖S − tr3(smat(rows of Bfr))‖_F / ‖S‖_F of the kept start
     * @param orthogonalityDefect ‖BrawᵀBraw − I‖_F of the raw frame before the polar factor
     * @param minPeirceGap        smallest gap between the Peirce-0 eigenvalues (≈0) and the rest (≈½) in the deflations
     * @param bestStart           index of the kept start
     * @param startResiduals      residual of every start
     */
    public record Result(int r, double[] frame, double residual, double orthogonalityDefect, double minPeirceGap,
                         int bestStart, double[] startResiduals) {}

    private JordanFrame() {}

    /** @param s structure tensor (k³ entries, a + k·b + k²·c), i.e. the whitened third cumulant divided by γ = 2√2 */
    public static Result fromStructureTensor(double[] s, int r, Options options) {
        int k = Svec.tri(r);
        if (r < 1 || s.length != k * k * k) {
            throw new IllegalArgumentException("structure tensor for r = " + r + " must be k^3 = " + ((long) k * k * k)
                    + " entries (k = " + k + "), got " + s.length);
        }
        for (double v : s) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("structure tensor has NaN or infinite entries");
            }
        }
        double sNorm = Tensor3.norm(s);
        if (!(sNorm > 0)) {
            throw new IllegalArgumentException("the whitened third moment is zero: no cubic information to find the frame");
        }
        SplittableRandom rng = new SplittableRandom(options.seed());
        double[] startRes = new double[options.nStarts()];
        Result best = null;
        for (int st = 0; st < options.nStarts(); st++) {
            double[] gap = {Double.POSITIVE_INFINITY};
            double[] e = idempotents(s, r, rng, options, gap);
            double[] braw = frameFromIdempotents(s, r, e, rng);
            double[] bfr = polar(braw, k);
            double res = residual(s, bfr, r) / sNorm;
            startRes[st] = res;
            if (best == null || res < best.residual()) {
                best = new Result(r, bfr, res, orthogonalityDefect(braw, k), gap[0], st, null);
            }
        }
        return new Result(r, best.frame(), best.residual(), best.orthogonalityDefect(), best.minPeirceGap(),
                best.bestStart(), startRes);
    }

    /**
     * H4: k×r column-major, column a = coordinates of the primitive idempotent E_a. The current Peirce-0 algebra is
     * kept as an orthonormal basis U (k×kk) of a subspace, never as a restricted tensor: Sc(x̃,ỹ,z̃) = S(Ux̃,Uỹ,Uz̃),
     * so every step is a contraction of the full S (O(k³)) instead of an O(kk⁴) restriction.
     */
    static double[] idempotents(double[] s, int r, SplittableRandom rng, Options opt, double[] minGap) {
        int k = Svec.tri(r);
        double[] basis = Matrices.identity(k);
        int kk = k;
        double[] e = new double[k * r];
        double[] full = new double[k];
        for (int a = 0; a < r; a++) {
            int rr = r - a;
            double[] x = new double[kk];
            if (kk == 1) {
                double[] u = Arrays.copyOf(basis, k);
                double suuu = dot(Tensor3.contractLastTwo(s, k, u, u), u);
                x[0] = suuu >= 0 ? 1.0 : -1.0; // S(x,x,x) = tr(E³) = 1 fixes the sign
            } else {
                for (int i = 0; i < kk; i++) {
                    x[i] = rng.nextGaussian();
                }
                normalize(x);
                double prevDefect = Double.POSITIVE_INFINITY;
                int atFloor = 0;
                for (int it = 0; it < opt.nIterMax(); it++) {
                    // y = Uᵀ S(·, Ux, Ux)
                    Blas.gemv(false, k, kk, 1.0, basis, 0, k, x, 0, 0.0, full, 0);
                    double[] sy = Tensor3.contractLastTwo(s, k, full, full);
                    double[] y = new double[kk];
                    Blas.gemv(true, k, kk, 1.0, basis, 0, k, sy, 0, 0.0, y, 0);
                    double defect = distance(y, x);   // ‖X² − X‖: 0 exactly at a rank-one idempotent
                    if (!(normalize(y) > 0)) {
                        break;
                    }
                    double diff = distance(y, x);
                    x = y;
                    if (diff < opt.tol()) {
                        break;
                    }
                    // on noisy moments the defect falls to a floor set by the noise, after which x only drifts along
                    // the manifold of idempotents (rotating v in vvᵀ), where every point serves: the frame is defined
                    // up to O(r). Two iterations at the floor (defect no longer falling by 10 %) end it; a near-tie
                    // of the start's top eigenvalues stalls the defect too, but above FLOOR_DEFECT
                    atFloor = defect < FLOOR_DEFECT && defect > 0.9 * prevDefect ? atFloor + 1 : 0;
                    if (atFloor == 2) {
                        break;
                    }
                    prevDefect = defect;
                }
            }
            // E_a = U x
            Blas.gemv(false, k, kk, 1.0, basis, 0, k, x, 0, 0.0, e, a * k);
            if (rr > 1) {
                double[] ea = Arrays.copyOfRange(e, a * k, (a + 1) * k);
                double[] lFull = Tensor3.contractFirst(s, k, ea);
                double[] tmp = new double[k * kk];
                Blas.gemm(false, false, k, kk, k, 1.0, lFull, 0, k, basis, 0, k, 0.0, tmp, 0, k);
                double[] l = new double[kk * kk];
                Blas.gemm(true, false, kk, kk, k, 1.0, basis, 0, k, tmp, 0, k, 0.0, l, 0, kk);
                Matrices.symmetrizeInPlace(l, kk);
                SymmetricEigen eig = SymmetricEigen.of(l, kk);
                int k0 = Svec.tri(rr - 1);
                int first0 = kk - k0; // descending: the last k0 eigenvalues are the Peirce-0 ones
                minGap[0] = Math.min(minGap[0], eig.values()[first0 - 1] - eig.values()[first0]);
                double[] nb = new double[k * k0];
                Blas.gemm(false, false, k, k0, kk, 1.0, basis, 0, k, eig.vectors(), first0 * kk, kk, 0.0, nb, 0, k);
                basis = nb;
                kk = k0;
            }
        }
        return e;
    }

    /** H5–H7 (before the polar factor): raw frame Braw = [E_0 … E_{r−1}, p_01, p_02, …] (k×k column-major). */
    static double[] frameFromIdempotents(double[] s, int r, double[] e, SplittableRandom rng) {
        int k = Svec.tri(r);
        double[][] le = new double[r][];
        double[] lAll = Tensor3.contractFirst(s, k, e, r);
        for (int a = 0; a < r; a++) {
            le[a] = Matrices.symmetrizeInPlace(Arrays.copyOfRange(lAll, a * k * k, (a + 1) * k * k), k);
        }
        double[] braw = new double[k * k];
        System.arraycopy(e, 0, braw, 0, k * r);
        double[][] p = new double[k][];
        for (int a = 0; a < r; a++) {
            for (int b = a + 1; b < r; b++) {
                // M = 2(L_a L_b + L_b L_a) = 2(L_a L_b + (L_a L_b)ᵀ): the rank-one projector onto P_ab
                p[Svec.offDiagonalIndex(a, b, r)] = peirceVector(le[a], le[b], k, rng);
            }
        }
        // H6: consistent signs, P_0a ∘ P_0b = P_ab / (2√2): sign of S(p_0a, p_0b, p_ab) = p_0bᵀ L_{p_0a} p_ab
        double[] pv = new double[k];
        double[] p0 = new double[k * (r - 1)];   // columns p_01 … p_0,r−1
        for (int a = 1; a < r; a++) {
            System.arraycopy(p[Svec.offDiagonalIndex(0, a, r)], 0, p0, (a - 1) * k, k);
        }
        double[] l0 = Tensor3.contractFirst(s, k, p0, r - 1);
        for (int a = 1; a < r; a++) {
            for (int b = a + 1; b < r; b++) {
                double[] pab = p[Svec.offDiagonalIndex(a, b, r)];
                Blas.gemv(false, k, k, 1.0, l0, (a - 1) * k * k, k, pab, 0, 0.0, pv, 0);
                if (dot(pv, p[Svec.offDiagonalIndex(0, b, r)]) < 0) {
                    for (int i = 0; i < k; i++) {
                        pab[i] = -pab[i];
                    }
                }
            }
        }
        for (int j = r; j < k; j++) {
            System.arraycopy(p[j], 0, braw, j * k, k);
        }
        return braw;
    }

    /**
     * Top eigenvector of M = 2(L_aL_b + L_bL_a), the rank-one projector onto P_ab (eigenvalues {1, 0, …, 0}), by power
     * iteration with matrix-vector products only (O(k²) each; the gap is ≈ 1, so a few steps suffice). Falls back to a
     * dense eigh if the iteration has not settled (noisy M).
     */
    static double[] peirceVector(double[] la, double[] lb, int k, SplittableRandom rng) {
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            v[i] = rng.nextGaussian();
        }
        normalize(v);
        double[] t1 = new double[k];
        double[] t2 = new double[k];
        for (int it = 0; it < 60; it++) {
            double[] w = new double[k];
            // w = 2(L_a(L_b v) + L_b(L_a v))
            Blas.gemv(false, k, k, 1.0, lb, 0, k, v, 0, 0.0, t1, 0);
            Blas.gemv(false, k, k, 2.0, la, 0, k, t1, 0, 0.0, w, 0);
            Blas.gemv(false, k, k, 1.0, la, 0, k, v, 0, 0.0, t2, 0);
            Blas.gemv(false, k, k, 2.0, lb, 0, k, t2, 0, 1.0, w, 0);
            if (!(normalize(w) > 0)) {
                break;
            }
            if (dot(w, v) < 0) {
                for (int i = 0; i < k; i++) {
                    w[i] = -w[i];
                }
            }
            double diff = 0;
            for (int i = 0; i < k; i++) {
                diff += (w[i] - v[i]) * (w[i] - v[i]);
            }
            v = w;
            if (Math.sqrt(diff) < 1e-14) {
                return v;
            }
        }
        double[] mm = new double[k * k];
        Blas.gemm(false, false, k, k, k, 2.0, la, 0, k, lb, 0, k, 0.0, mm, 0, k);
        for (int j = 0; j < k; j++) {
            for (int i = j; i < k; i++) {
                double val = mm[i + j * k] + mm[j + i * k];
                mm[i + j * k] = val;
                mm[j + i * k] = val;
            }
        }
        return SymmetricEigen.of(mm, k).vector(0);
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Nearest orthogonal matrix U Vᵀ of a k×k matrix. */
    public static double[] polar(double[] a, int k) {
        Svd svd = Svd.of(a, k, k);
        double[] out = new double[k * k];
        Blas.gemm(false, false, k, k, k, 1.0, svd.u(), 0, k, svd.vt(), 0, k, 0.0, out, 0, k);
        return out;
    }

    /** ‖S − tr3(G)‖_F with G_a = smat(row a of the k×k frame). */
    static double residual(double[] s, double[] frame, int r) {
        int k = Svec.tri(r);
        double[] rows = new double[k * k]; // row-major k×k = rows of frame = transpose
        for (int a = 0; a < k; a++) {
            for (int j = 0; j < k; j++) {
                rows[a * k + j] = frame[a + j * k];
            }
        }
        double[] t3 = TraceProducts.tr3(Svec.smatRows(rows, k, r), k, r);
        double ss = 0;
        for (int i = 0; i < t3.length; i++) {
            double dlt = s[i] - t3[i];
            ss += dlt * dlt;
        }
        return Math.sqrt(ss);
    }

    private static double orthogonalityDefect(double[] braw, int k) {
        double[] g = new double[k * k];
        Blas.gemm(true, false, k, k, k, 1.0, braw, 0, k, braw, 0, k, 0.0, g, 0, k);
        for (int i = 0; i < k; i++) {
            g[i + i * k] -= 1.0;
        }
        return Tensor3.norm(g);
    }

    private static double normalize(double[] x) {
        double n = Tensor3.norm(x);
        if (n > 0) {
            for (int i = 0; i < x.length; i++) {
                x[i] /= n;
            }
        }
        return n;
    }
}
