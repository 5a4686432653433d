package io.polymoments.learn.quadratic;

import io.polymoments.linalg.Blas;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.tensor.Svec;
import io.polymoments.tensor.Tensor3;

/**
 * The spectral estimators of docs/quadratic.md: Algorithm H (§4, homogeneous Gaussian), Algorithm A (§5, affine
 * Gaussian) and Algorithm R (§6, homogeneous, rotation-invariant input with E|x|² = r). Input: the whitened moments
 * (mean, covariance, W, B at the right rank, and T̃); output: a {@link SpectralFit} with the whitened frame, the map
 * back and the estimate (Q, b, c). Exact (≈1e-16·cond(C)) on exact population moments.
 */
public final class SpectralLearner {
    /** γ = 2√2: T̃ = γ·S for Gaussian input (docs/quadratic.md §4). */
    public static final double GAMMA = 2.0 * Math.sqrt(2.0);

    private SpectralLearner() {}

    /** Dispatches on a rank decision ({@code mom} whitened at {@code decision.m()}). */
    public static SpectralFit fit(WhitenedMoments mom, RankDecision decision, JordanFrame.Options options) {
        return fit(mom, decision.modelClass(), decision.r(), options);
    }

    /** Dispatches on the model class; {@code mom.m()} must equal {@code cls.rank(r)}. */
    public static SpectralFit fit(WhitenedMoments mom, ModelClass cls, int r, JordanFrame.Options options) {
        switch (cls) {
            case HOMOGENEOUS:
                return homogeneous(mom, r, options);
            case AFFINE:
                return affine(mom, r, options);
            default:
                return rotationInvariant(mom, r, options);
        }
    }

    /** Algorithm H: m = tri(r); T̃ = γ·S; frame; Z_a = smat(row a of Bfr)/√2; Q_i = Σ_a B_ia Z_a; c = ȳ − tr Q. */
    public static SpectralFit homogeneous(WhitenedMoments mom, int r, JordanFrame.Options options) {
        int k = requireShape(mom, r, ModelClass.HOMOGENEOUS);
        double[] t = mom.z3();
        double[] s = scaled(t, 1.0 / GAMMA);
        JordanFrame.Result fr = JordanFrame.fromStructureTensor(s, r, options);
        double[] z = frameRows(fr.frame(), k, 1.0 / Svec.SQRT2);
        double[] nu = mom.whitenedMean();
        double meanRes = 0;
        for (int a = 0; a < k; a++) {
            double tr = 0;
            for (int i = 0; i < r; i++) {
                tr += z[a * k + i];
            }
            meanRes += (tr - nu[a]) * (tr - nu[a]);
        }
        double[] ptr = Tensor3.partialTrace(t, k);
        double gammaHat = 2.0 * Tensor3.norm(ptr) / ((r + 1) * Math.sqrt(r));
        double iota2 = Math.pow(2.0 * Tensor3.norm(ptr) / GAMMA / (r + 1), 2);
        SpectralDiagnostics diag = new SpectralDiagnostics(fr.residual(), fr.orthogonalityDefect(), fr.minPeirceGap(),
                gammaHat, iota2, Math.sqrt(meanRes), null, null, fr.startResiduals());
        return finish(ModelClass.HOMOGENEOUS, r, mom, z, mom.b(), t, nu, 1.0, 1.0, diag);
    }

    /** Algorithm A (docs/quadratic.md §5): m = tri(r) + r; eigen-split of the unfolding Gram, frame of the quadratic
     * part, intertwiner. */
    public static SpectralFit affine(WhitenedMoments mom, int r, JordanFrame.Options options) {
        requireShape(mom, r, ModelClass.AFFINE);
        int m = mom.m();
        int k = Svec.tri(r);
        double[] t = mom.z3();
        // A2: K = T_(1)T_(1)ᵀ; r smallest eigenvectors span the linear part
        SymmetricEigen ke = SymmetricEigen.of(Matrices.symmetrizeInPlace(Tensor3.unfoldingGram(t, m), m), m);
        double[] us = Matrices.leadingColumns(ke.vectors(), m, k);
        double[] ul = new double[m * r];
        System.arraycopy(ke.vectors(), k * m, ul, 0, m * r);
        double[] kAsc = new double[m];
        for (int i = 0; i < m; i++) {
            kAsc[i] = ke.values()[m - 1 - i];
        }
        // A3: frame of the quadratic part
        double[] ts = Tensor3.multilinear(t, m, us, k);
        JordanFrame.Result fr = JordanFrame.fromStructureTensor(scaled(ts, 1.0 / GAMMA), r, options);
        double[] aRows = frameRows(fr.frame(), k, 1.0 / Svec.SQRT2); // row c = svec(A_c)
        double[] aMats = Svec.smatRows(aRows, k, r);
        // A4: N_c = T(U_S e_c, U_L, U_L) = 2 Xᵀ A_c X ; solve 2 A_c X − X N_c = 0 for all c
        double[] n = Tensor3.multilinear(t, m, m, m, us, k, ul, r, ul, r);
        int r2 = r * r;
        int rows = k * r2;
        double[] mall = new double[rows * r2];
        for (int c = 0; c < k; c++) {
            int ao = c * r2;
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    int row = c * r2 + i * r + j;
                    for (int l = 0; l < r; l++) {
                        mall[row + rows * (l * r + j)] += 2.0 * aMats[ao + i + l * r];     // 2 A_c[i,l] X[l,j]
                        mall[row + rows * (i * r + l)] -= n[c + k * l + k * r * j];        // X[i,l] N_c[l,j]
                    }
                }
            }
        }
        double[] g = new double[r2 * r2];
        Blas.gemm(true, false, r2, r2, rows, 1.0, mall, 0, rows, mall, 0, rows, 0.0, g, 0, r2);
        SymmetricEigen ge = SymmetricEigen.of(Matrices.symmetrizeInPlace(g, r2), r2);
        double[] xv = ge.vector(r2 - 1);
        double[] x = new double[r2]; // column-major X[p,q] = xv[p*r + q]
        for (int p = 0; p < r; p++) {
            for (int q = 0; q < r; q++) {
                x[p + q * r] = xv[p * r + q];
            }
        }
        x = JordanFrame.polar(x, r);
        double[] inter = new double[Math.min(3, r2)];
        for (int i = 0; i < inter.length; i++) {
            inter[i] = ge.values()[r2 - 1 - i];
        }
        // A5: Zq_a = Σ_c U_S[a,c] A_c (svec rows: m×k = U_S · aRows), β = U_L Xᵀ (m×r)
        double[] zq = new double[m * k]; // row-major m×k = column-major k×m = aRowsᵀ... computed as (U_S·aRows)ᵀ
        // column-major k×m result = aRows(col-major k×k, i.e. aRowsᵀ) · U_Sᵀ
        Blas.gemm(false, true, k, m, k, 1.0, aRows, 0, k, us, 0, m, 0.0, zq, 0, k);
        double[] beta = new double[r * m]; // column-major r×m = row-major m×r: β_a = row a; βᵀ = X U_Lᵀ
        Blas.gemm(false, true, r, m, r, 1.0, x, 0, r, ul, 0, m, 0.0, beta, 0, r);
        int r1 = r + 1;
        int kb = Svec.tri(r1);
        double[] frame = new double[m * kb];
        double[] full = new double[r1 * r1];
        for (int a = 0; a < m; a++) {
            java.util.Arrays.fill(full, 0);
            double[] top = Svec.smat(java.util.Arrays.copyOfRange(zq, a * k, (a + 1) * k), r);
            for (int j = 0; j < r; j++) {
                System.arraycopy(top, j * r, full, j * r1, r);
                full[j + r * r1] = 0.5 * beta[j + a * r];
                full[r + j * r1] = 0.5 * beta[j + a * r];
            }
            Svec.svecInto(full, 0, r1, frame, a * kb);
        }
        double[] ptr = Tensor3.partialTrace(ts, k);
        SpectralDiagnostics diag = new SpectralDiagnostics(fr.residual(), fr.orthogonalityDefect(), fr.minPeirceGap(),
                Double.NaN, Math.pow(2.0 * Tensor3.norm(ptr) / GAMMA / (r + 1), 2), Double.NaN, kAsc, inter,
                fr.startResiduals());
        return finish(ModelClass.AFFINE, r, mom, frame, mom.b(), t, null, 1.0, 1.0, diag);
    }

    /**
     * ‖tr(XYZ)‖_F² on traceless Sym_0(r) in an orthonormal basis: N_r = k(r+2)/4 + r/4 − (3k−2)/r
     * (docs/quadratic.md §2.3).
     */
    public static double tracelessCubicNorm2(int r) {
        int k = Svec.tri(r);
        return k * (r + 2) / 4.0 + r / 4.0 - (3.0 * k - 2.0) / r;
    }

    /**
     * Algorithm R (docs/quadratic.md §6): homogeneous model, x = s·u with unknown radial law, E|x|² = r. Estimates α2
     * from the whitened mean, corrects the covariance, isolates the traceless cubic part (scale a* from its known
     * norm), rebuilds the Gaussian-equivalent structure tensor and runs the Jordan frame on it. The returned
     * frame/target are the Gaussianised problem (Z = G/√2, target γ·S, mean ι/√2) with map back (C'W')/√α2.
     */
    public static SpectralFit rotationInvariant(WhitenedMoments mom, int r, JordanFrame.Options options) {
        int k = requireShape(mom, r, ModelClass.ROTATION_INVARIANT);
        if (r < 2) {
            throw new IllegalArgumentException("the rotation-invariant model needs r >= 2 (r = 1: the radial law and the"
                    + " scale of Q cannot be separated)");
        }
        int d = mom.d();
        double[] t = mom.z3();
        double[] nu = mom.whitenedMean();
        double q = 0;
        for (double v : nu) {
            q += v * v;
        }
        if (!(q > 0)) {
            throw new IllegalArgumentException("whitened mean is zero: tr Q_i = 0 for all i, alpha2 is not identifiable");
        }
        double a2 = r * (1.0 + q) / (q * (r + 2.0));
        double d2 = a2 - 1.0;
        // R3: C' in z-coordinates = I − d2 ννᵀ; R = (I − d2 ννᵀ)^{-1/2}
        double[] cz = Matrices.identity(k);
        for (int b = 0; b < k; b++) {
            for (int a = 0; a < k; a++) {
                cz[a + b * k] -= d2 * nu[a] * nu[b];
            }
        }
        SymmetricEigen ce = SymmetricEigen.of(cz, k);
        if (!(ce.values()[k - 1] > 1e-12)) {
            throw new IllegalArgumentException("corrected covariance I - (alpha2-1) nu nu^T is not positive definite "
                    + "(alpha2 = " + a2 + ", |nu|^2 = " + q + "): the input law looks degenerate (constant radius?) or "
                    + "the model is not homogeneous");
        }
        double[] rm = new double[k * k];
        {
            double[] vs = ce.vectors().clone();
            for (int j = 0; j < k; j++) {
                double f = 1.0 / Math.sqrt(ce.values()[j]);
                for (int i = 0; i < k; i++) {
                    vs[i + j * k] *= f;
                }
            }
            Blas.gemm(false, true, k, k, k, 1.0, vs, 0, k, ce.vectors(), 0, k, 0.0, rm, 0, k);
            Matrices.symmetrizeInPlace(rm, k);
        }
        double[] tp = Tensor3.multilinear(t, k, rm, k);
        // R4: identity element and the projector on its orthogonal complement
        double[] iota = new double[k];
        Blas.gemv(true, k, k, Math.sqrt(2.0 * a2), rm, 0, k, nu, 0, 0.0, iota, 0);
        double[] p0 = Matrices.identity(k);
        for (int b = 0; b < k; b++) {
            for (int a = 0; a < k; a++) {
                p0[a + b * k] -= iota[a] * iota[b] / r;
            }
        }
        // R5: traceless cubic part and its scale a* = 8α3/(2α2)^{3/2}
        double[] t00 = Tensor3.multilinear(tp, k, p0, k);
        double nr = tracelessCubicNorm2(r);
        double acoef = nr > 1e-12 ? Tensor3.norm(t00) / Math.sqrt(nr) : Double.NaN;
        // R6: Gaussian-equivalent structure tensor S = T00/a* + Sym3(ι⊗P0)/r + ι⊗ι⊗ι/r²
        double[] sfull = new double[k * k * k];
        for (int c = 0; c < k; c++) {
            for (int b = 0; b < k; b++) {
                for (int a = 0; a < k; a++) {
                    int idx = a + k * b + k * k * c;
                    double v = (iota[a] * p0[b + k * c] + iota[b] * p0[a + k * c] + iota[c] * p0[a + k * b]) / r
                            + iota[a] * iota[b] * iota[c] / ((double) r * r);
                    if (nr > 1e-12) {
                        v += t00[idx] / acoef;
                    }
                    sfull[idx] = v;
                }
            }
        }
        JordanFrame.Result fr = JordanFrame.fromStructureTensor(sfull, r, options);
        double[] z = frameRows(fr.frame(), k, 1.0 / Svec.SQRT2);
        // R7: map back M = (C'W')/√α2, C'W' = (B − d2 ȳ νᵀ) R
        double[] bc = mom.b().clone();
        double[] mean = mom.mean();
        for (int a = 0; a < k; a++) {
            for (int i = 0; i < d; i++) {
                bc[i + a * d] -= d2 * mean[i] * nu[a];
            }
        }
        double[] mb = new double[d * k];
        Blas.gemm(false, false, d, k, k, 1.0 / Math.sqrt(a2), bc, 0, d, rm, 0, k, 0.0, mb, 0, d);
        double a3 = acoef * Math.pow(2.0 * a2, 1.5) / 8.0;
        double[] tg = scaled(sfull, GAMMA);
        double[] nug = scaled(iota, 1.0 / Svec.SQRT2);
        double meanRes = 0;
        for (int a = 0; a < k; a++) {
            double tr = 0;
            for (int i = 0; i < r; i++) {
                tr += z[a * k + i];
            }
            meanRes += (tr - nug[a]) * (tr - nug[a]);
        }
        double iota2 = 0;
        for (double v : iota) {
            iota2 += v * v;
        }
        SpectralDiagnostics diag = new SpectralDiagnostics(fr.residual(), fr.orthogonalityDefect(), fr.minPeirceGap(),
                Double.NaN, iota2, Math.sqrt(meanRes), null, null, fr.startResiduals());
        return finish(ModelClass.ROTATION_INVARIANT, r, mom, z, mb, tg, nug, a2, a3, diag);
    }

    private static SpectralFit finish(ModelClass cls, int r, WhitenedMoments mom, double[] frame, double[] mapBack,
                                      double[] target, double[] targetMean, double a2, double a3,
                                      SpectralDiagnostics diag) {
        return new SpectralFit(cls, r, mom.m(), cls.frameSize(r), frame, mapBack, mom.mean(), target, targetMean,
                SpectralFit.mapBack(cls, r, mom.m(), frame, mapBack, mom.mean()), a2, a3, diag);
    }

    private static int requireShape(WhitenedMoments mom, int r, ModelClass cls) {
        if (r < 1) {
            throw new IllegalArgumentException("r (number of latent variables) must be >= 1, got " + r);
        }
        int m = cls.rank(r);
        if (mom.m() != m) {
            throw new IllegalArgumentException("the " + cls + " model with r = " + r + " needs whitening rank m = " + m
                    + ", but the moments were whitened at m = " + mom.m());
        }
        if (mom.z3() == null) {
            throw new IllegalArgumentException("the whitened third moment is missing: run pass 2 (withThirdMoment)");
        }
        return Svec.tri(r);
    }

    private static double[] scaled(double[] a, double f) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i] * f;
        }
        return o;
    }

    /** Rows of a k×k column-major frame, scaled: row-major k×k with row a = f·(row a of frame). */
    private static double[] frameRows(double[] frame, int k, double f) {
        double[] rows = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int j = 0; j < k; j++) {
                rows[a * k + j] = f * frame[a + j * k];
            }
        }
        return rows;
    }
}
