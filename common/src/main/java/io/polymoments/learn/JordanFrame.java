package io.polymoments.learn;

import io.polymoments.linalg.Blas;
import io.polymoments.linalg.Svd;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.model.Svec;
import io.polymoments.model.TraceProducts;
import java.util.SplittableRandom;

/**
 * Algorithm H of QUADRATIC.md §3.2 (steps H4–H8): given S ≈ the structure tensor tr(G_aG_bG_c) of the Jordan algebra
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
     * @param nStarts  random starts of the power iterations (best cubic residual kept); default 3
     * @param nIterMax maximum power iterations per idempotent; default 50
     * @param tol      stop a power iteration when ‖x_new − x‖ &lt; tol; default 1e-12
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
            double[] braw = frameFromIdempotents(s, r, e);
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

    /** H4: k×r column-major, column a = coordinates of the primitive idempotent E_a. */
    static double[] idempotents(double[] s, int r, SplittableRandom rng, Options opt, double[] minGap) {
        int k = Svec.tri(r);
        double[] basis = io.polymoments.linalg.Matrices.identity(k);
        int kk = k;
        double[] sc = s;
        double[] e = new double[k * r];
        for (int a = 0; a < r; a++) {
            int rr = r - a;
            double[] x;
            if (kk == 1) {
                x = new double[] {sc[0] >= 0 ? 1.0 : -1.0}; // S(x,x,x) = tr(E³) = 1 fixes the sign
            } else {
                x = new double[kk];
                for (int i = 0; i < kk; i++) {
                    x[i] = rng.nextGaussian();
                }
                normalize(x);
                for (int it = 0; it < opt.nIterMax(); it++) {
                    double[] y = Tensor3.contractLastTwo(sc, kk, x, x);
                    if (!(normalize(y) > 0)) {
                        break;
                    }
                    double diff = 0;
                    for (int i = 0; i < kk; i++) {
                        diff += (y[i] - x[i]) * (y[i] - x[i]);
                    }
                    x = y;
                    if (Math.sqrt(diff) < opt.tol()) {
                        break;
                    }
                }
            }
            // E_a = basis · x
            Blas.gemv(false, k, kk, 1.0, basis, 0, k, x, 0, 0.0, e, a * k);
            if (rr > 1) {
                double[] l = Tensor3.contractFirst(sc, kk, x);
                io.polymoments.linalg.Matrices.symmetrizeInPlace(l, kk);
                SymmetricEigen eig = SymmetricEigen.of(l, kk);
                int k0 = Svec.tri(rr - 1);
                int first0 = kk - k0; // descending: the last k0 eigenvalues are the Peirce-0 ones
                minGap[0] = Math.min(minGap[0], eig.values()[first0 - 1] - eig.values()[first0]);
                double[] v0 = new double[kk * k0];
                System.arraycopy(eig.vectors(), first0 * kk, v0, 0, kk * k0);
                double[] nb = new double[k * k0];
                Blas.gemm(false, false, k, k0, kk, 1.0, basis, 0, k, v0, 0, kk, 0.0, nb, 0, k);
                sc = Tensor3.multilinear(sc, kk, v0, k0);
                basis = nb;
                kk = k0;
            }
        }
        return e;
    }

    /** H5–H7 (before the polar factor): raw frame Braw = [E_0 … E_{r−1}, p_01, p_02, …] (k×k column-major). */
    static double[] frameFromIdempotents(double[] s, int r, double[] e) {
        int k = Svec.tri(r);
        double[][] le = new double[r][];
        for (int a = 0; a < r; a++) {
            double[] ea = new double[k];
            System.arraycopy(e, a * k, ea, 0, k);
            le[a] = io.polymoments.linalg.Matrices.symmetrizeInPlace(Tensor3.contractFirst(s, k, ea), k);
        }
        double[] braw = new double[k * k];
        System.arraycopy(e, 0, braw, 0, k * r);
        double[][] p = new double[k][];
        double[] mm = new double[k * k];
        for (int a = 0; a < r; a++) {
            for (int b = a + 1; b < r; b++) {
                // M = 2(L_a L_b + L_b L_a) = 2(L_a L_b + (L_a L_b)ᵀ): the rank-one projector onto P_ab
                Blas.gemm(false, false, k, k, k, 2.0, le[a], 0, k, le[b], 0, k, 0.0, mm, 0, k);
                for (int j = 0; j < k; j++) {
                    for (int i = j; i < k; i++) {
                        double v = mm[i + j * k] + mm[j + i * k];
                        mm[i + j * k] = v;
                        mm[j + i * k] = v;
                    }
                }
                p[Svec.offDiagonalIndex(a, b, r)] = SymmetricEigen.of(mm, k).vector(0);
            }
        }
        // H6: consistent signs, P_0a ∘ P_0b = P_ab / (2√2)
        for (int a = 1; a < r; a++) {
            for (int b = a + 1; b < r; b++) {
                double[] prod = Tensor3.contractLastTwo(s, k, p[Svec.offDiagonalIndex(0, a, r)],
                        p[Svec.offDiagonalIndex(0, b, r)]);
                double[] pab = p[Svec.offDiagonalIndex(a, b, r)];
                double dot = 0;
                for (int i = 0; i < k; i++) {
                    dot += prod[i] * pab[i];
                }
                if (dot < 0) {
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
