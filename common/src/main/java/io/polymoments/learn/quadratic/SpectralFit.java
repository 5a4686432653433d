package io.polymoments.learn.quadratic;

import io.polymoments.linalg.Blas;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.tensor.Svec;

/**
 * Output of the spectral step, in the form the refinement (docs/quadratic.md §7) consumes and with the map back to data
 * space.
 *
 * <p>The refinement works on the whitened frame: m symmetric R×R matrices Z_a (R = r, or r+1 bordered
 * [[Zq_a, β_a/2],[β_aᵀ/2, 0]] for the affine model, corner frozen at 0), stored as the row-major m×tri(R) matrix of
 * their svecs ({@link #whitenedFrame}); it fits {@code 8 tr(Z_aZ_bZ_c) ≈ targetThird}, {@code 2⟨Z_a,Z_b⟩ ≈ δ_ab} and
 * (homogeneous / rotation-invariant) {@code tr Z_a ≈ targetMean_a}. {@link #toModel} maps any such frame back:
 * Q_i = Σ_a M_ia Zq_a, b_i = Σ_a M_ia β_a, c_i = ȳ_i − tr Q_i with M = {@link #mapBack} (d×m; = B for Gaussian input).
 *
 * @param modelClass    fitted class
 * @param r             latent dimension
 * @param m             whitened dimension
 * @param frameSize     R (r, or r+1 for the affine model)
 * @param whitenedFrame row-major m×tri(R), row a = svec(Z_a)
 * @param mapBack       d×m column-major M
 * @param mean          ȳ (d), used for c
 * @param targetThird   tensor the frame should reproduce as 8 tr3(Z) (m³; T̃, or γ·S for rotation-invariant input)
 * @param targetMean    the target of tr Z_a (m), or null (affine: the mean is absorbed by c)
 * @param model         the spectral estimate (Q, b, c)
 * @param alpha2        estimated α2 = E|x|⁴/(r(r+2)) (1 for Gaussian classes)
 * @param alpha3        estimated α3 = E|x|⁶/(r(r+2)(r+4)) (1 for Gaussian classes; NaN if not identifiable, r = 2)
 * @param diagnostics   certificates of the spectral step
 */
public record SpectralFit(ModelClass modelClass, int r, int m, int frameSize, double[] whitenedFrame,
                          double[] mapBack, double[] mean, double[] targetThird, double[] targetMean,
                          QuadraticTransform model, double alpha2, double alpha3, SpectralDiagnostics diagnostics) {

    /** Maps a whitened frame (row-major m×tri(R), same layout as {@link #whitenedFrame}) back to (Q, b, c). */
    public QuadraticTransform toModel(double[] frameRows) {
        return mapBack(modelClass, r, m, frameRows, mapBack, mean);
    }

    /**
     * The outputs' model from whitened frame rows (m × tri(r) for homogeneous models, row-major): the learner's own map
     * back, for callers that refine from other starts (the fit benchmark).
     */
    public static QuadraticTransform mapBack(ModelClass cls, int r, int m, double[] frameRows, double[] mapBack,
                                             double[] mean) {
        int rr = cls.frameSize(r);
        int kR = Svec.tri(rr);
        int k = Svec.tri(r);
        int d = mean.length;
        if (frameRows.length != m * kR) {
            throw new IllegalArgumentException("whitened frame must be m x tri(R) = " + m + " x " + kR + ", got "
                    + frameRows.length + " entries");
        }
        // split into Zq svec rows (m×k, row-major = column-major k×m) and β (m×r row-major = column-major r×m)
        double[] zq = new double[m * k];
        double[] beta = new double[m * r];
        if (rr == r) {
            System.arraycopy(frameRows, 0, zq, 0, m * k);
        } else {
            double[] full = new double[rr * rr];
            double[] top = new double[r * r];
            for (int a = 0; a < m; a++) {
                Svec.smatInto(frameRows, a * kR, rr, full, 0);
                for (int j = 0; j < r; j++) {
                    System.arraycopy(full, j * rr, top, j * r, r);
                    beta[a * r + j] = 2.0 * full[j + r * rr];
                }
                Svec.svecInto(top, 0, r, zq, a * k);
            }
        }
        // Q svec rows (column-major k×d) = zq (k×m) · Mᵀ (m×d)
        double[] qs = new double[k * d];
        Blas.gemm(false, true, k, d, m, 1.0, zq, 0, k, mapBack, 0, d, 0.0, qs, 0, k);
        double[] b = null;
        if (rr != r) {
            b = new double[r * d];
            Blas.gemm(false, true, r, d, m, 1.0, beta, 0, r, mapBack, 0, d, 0.0, b, 0, r);
        }
        double[] c = new double[d];
        for (int i = 0; i < d; i++) {
            double tr = 0;
            for (int a = 0; a < r; a++) {
                tr += qs[i * k + a];
            }
            c[i] = mean[i] - tr;
        }
        return QuadraticTransform.fromSvecRows(r, d, qs, b, c);
    }
}
