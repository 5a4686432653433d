package io.polymoments.learn.lowrank;

import io.polymoments.InvalidInputException;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.moments.Basis;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.SplitHalfSketch;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.moments.Whitening;
import io.polymoments.tensor.SymmetricIndex;

/**
 * The low-rank learner's input from the moment engine's sketches (docs/lowrank.md §5): the raw pass-1 sketch gives
 * μ and Σ_y, the whitened order-4 sketch of z = Wᵀ(y − shift) gives the means of z⊗z⊗z and z⊗z⊗z⊗z.
 *
 * <p>The sketch stores <em>central</em> moments of z about z's own sample mean z̄; the learner wants moments about
 * 0 (z̄ ≈ 0 by construction, exactly 0 up to rounding when both passes read the same rows), so they are converted
 * exactly: E z⊗³ = C3 + 3·sym(z̄⊗C2) + z̄⊗³ and likewise for order 4.
 *
 * <p>Standard errors: the sketch holds no 6th/8th moments, so per-entry variances cannot be estimated directly.
 * Each order's entries get the relative shape of their variance under a Gaussian z (Isserlis: Var Π z_a^{k_a} =
 * Π (2k_a−1)!! − (Π E z^{k_a})²), and the level is calibrated per order from the split halves: the difference of
 * the two halves' means has variance Var·(1/n_even + 1/n_odd), pooled over the order's unique entries. Heavy tails
 * thus raise the level of the weights, not their pattern across entries.
 */
public final class SketchMoments {
    private SketchMoments() {}

    /** The learner's input from a bundle whose whitened part is an order-4 sketch (m = its dimension). */
    public static WhitenedMoments fromBundle(SketchBundle bundle) {
        if (!bundle.isWhitened()) {
            throw new InvalidInputException("the low-rank learner needs a whitened sketch; make it with"
                    + " 'moments --whiten --order 4 --rank M' or fit from samples");
        }
        SplitHalfSketch white = bundle.whitened();
        if (white.order() < 4) {
            throw new InvalidInputException("the low-rank learner needs whitened moments up to order 4, the sketch has"
                    + " order " + white.order() + "; recompute it with 'moments --whiten --order 4'");
        }
        MomentSketch raw = bundle.raw().total();
        Whitening wh = whitening(raw, white.basis());
        int m = wh.rank();
        MomentSketch all = white.total();
        if (all.count() < 8 || white.even().count() < 4 || white.odd().count() < 4) {
            throw new InvalidInputException("the whitened sketch holds only " + all.count() + " rows; the low-rank"
                    + " learner needs thousands");
        }
        double[][] total = rawMoments(all, m);
        double[][] even = rawMoments(white.even(), m);
        double[][] odd = rawMoments(white.odd(), m);
        double inv = 1.0 / white.even().count() + 1.0 / white.odd().count();
        double[] se3 = standardErrors(3, m, gaussianShape(3, m), even[0], odd[0], inv, all.count());
        double[] se4 = standardErrors(4, m, gaussianShape(4, m), even[1], odd[1], inv, all.count());
        return new WhitenedMoments(wh, all.count(), total[0], total[1], se3, se4);
    }

    /**
     * Second GMM step: the same moments with standard errors whose shape across entries is that of a fitted model
     * (variances of the monomials of z under the model, by Monte Carlo over {@code draws} rows), the level again
     * calibrated per order by the split halves. Closer to the per-entry standard errors than the Gaussian shape,
     * which misjudges entries by factors up to ~5 for degree-2 units.
     */
    public static WhitenedMoments reweighted(SketchBundle bundle, WhitenedMoments first,
                                             io.polymoments.model.LowRankTransform fitted, int draws, long seed) {
        SplitHalfSketch white = bundle.whitened();
        int m = first.m();
        double[][] even = rawMoments(white.even(), m);
        double[][] odd = rawMoments(white.odd(), m);
        double inv = 1.0 / white.even().count() + 1.0 / white.odd().count();
        double[][] shape = modelShape(first.whitening(), fitted, m, draws, seed);
        long n = white.count();
        return new WhitenedMoments(first.whitening(), n, first.z3(), first.z4(),
                standardErrors(3, m, shape[0], even[0], odd[0], inv, n),
                standardErrors(4, m, shape[1], even[1], odd[1], inv, n));
    }

    /** Variances of the unique order-3 and order-4 monomials of z = Wᵀ(y − μ) for rows y of the model. */
    static double[][] modelShape(Whitening wh, io.polymoments.model.LowRankTransform model, int m, int draws, long seed) {
        SymmetricIndex i3 = SymmetricIndex.of(m, 3);
        SymmetricIndex i4 = SymmetricIndex.of(m, 4);
        double[] s3 = new double[i3.size()];
        double[] q3 = new double[i3.size()];
        double[] s4 = new double[i4.size()];
        double[] q4 = new double[i4.size()];
        double[][] rows = model.sampleBlock(seed, 0, draws);
        for (double[] y : rows) {
            double[] z = wh.whiten(y);
            int t3 = 0;
            int t4 = 0;
            // unique tuples a <= b <= c (<= e) in SymmetricIndex order
            for (int a = 0; a < m; a++) {
                for (int b = a; b < m; b++) {
                    for (int c = b; c < m; c++) {
                        double p3 = z[a] * z[b] * z[c];
                        s3[t3] += p3;
                        q3[t3++] += p3 * p3;
                        for (int e = c; e < m; e++) {
                            double p4 = p3 * z[e];
                            s4[t4] += p4;
                            q4[t4++] += p4 * p4;
                        }
                    }
                }
            }
        }
        double[][] out = {new double[s3.length], new double[s4.length]};
        for (int t = 0; t < s3.length; t++) {
            double mean = s3[t] / draws;
            out[0][t] = Math.max(q3[t] / draws - mean * mean, 1e-12);
        }
        for (int t = 0; t < s4.length; t++) {
            double mean = s4[t] / draws;
            out[1][t] = Math.max(q4[t] / draws - mean * mean, 1e-12);
        }
        return out;
    }

    static double[] gaussianShape(int q, int m) {
        SymmetricIndex idx = SymmetricIndex.of(m, q);
        double[] shape = new double[idx.size()];
        for (int t = 0; t < idx.size(); t++) {
            shape[t] = gaussianVariance(idx.tuples[t], m);
        }
        return shape;
    }

    /**
     * The learner's whitening from a recorded basis W = P_m Λ_m^{−1/2} (columns orthogonal): λ_k = 1/‖W_k‖²,
     * P_k = W_k·√λ_k, B_k = P_k·√λ_k, mean = the basis shift; all d eigenvalues of Σ_y (diagnostics) from the raw
     * sketch.
     */
    static Whitening whitening(MomentSketch raw, Basis basis) {
        int d = basis.inputDim();
        int m = basis.dim();
        if (raw.dim() != d) {
            throw new InvalidInputException("raw sketch has d = " + raw.dim() + " but the whitening basis expects "
                    + d + "-dimensional rows");
        }
        double[] cov = raw.covariance();
        double[] lam = SymmetricEigen.of(cov, d).values().clone();
        double[] w = basis.matrix();
        double[] p = new double[d * m];
        double[] b = new double[d * m];
        for (int k = 0; k < m; k++) {
            double n2 = 0;
            for (int i = 0; i < d; i++) {
                n2 += w[i + d * k] * w[i + d * k];
            }
            if (!(n2 > 0) || Double.isInfinite(n2)) {
                throw new InvalidInputException("whitening basis column " + k + " is zero or not finite");
            }
            lam[k] = 1.0 / n2;   // the eigenvalue the basis was built from (exact, not recomputed)
            double s = Math.sqrt(lam[k]);
            for (int i = 0; i < d; i++) {
                p[i + d * k] = w[i + d * k] * s;
                b[i + d * k] = p[i + d * k] * s;
            }
        }
        return new Whitening(basis.shift().clone(), cov, lam, p, m, basis, b);
    }

    /** {E z⊗³, E z⊗⁴} (dense m³, m⁴) about 0 from a sketch's mean and central moments. */
    static double[][] rawMoments(MomentSketch s, int m) {
        double[] mu = s.mean();
        double[] c2 = s.covariance();
        double[] c3 = s.thirdCumulant();
        double[] c4 = s.fourthCentralMoment();
        double[] z3 = new double[m * m * m];
        double[] z4 = new double[m * m * m * m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                for (int c = 0; c < m; c++) {
                    int p3 = a + m * b + m * m * c;
                    z3[p3] = c3[p3] + mu[a] * c2[b + m * c] + mu[b] * c2[a + m * c] + mu[c] * c2[a + m * b]
                            + mu[a] * mu[b] * mu[c];
                    for (int e = 0; e < m; e++) {
                        int p4 = p3 + m * m * m * e;
                        z4[p4] = c4[p4]
                                + mu[a] * c3[b + m * c + m * m * e] + mu[b] * c3[a + m * c + m * m * e]
                                + mu[c] * c3[a + m * b + m * m * e] + mu[e] * c3[a + m * b + m * m * c]
                                + mu[a] * mu[b] * c2[c + m * e] + mu[a] * mu[c] * c2[b + m * e]
                                + mu[a] * mu[e] * c2[b + m * c] + mu[b] * mu[c] * c2[a + m * e]
                                + mu[b] * mu[e] * c2[a + m * c] + mu[c] * mu[e] * c2[a + m * b]
                                + mu[a] * mu[b] * mu[c] * mu[e];
                    }
                }
            }
        }
        return new double[][] {z3, z4};
    }

    /** Dense standard errors of the order-q means: the given variance shape (unique entries), split-half level. */
    static double[] standardErrors(int q, int m, double[] shape, double[] even, double[] odd, double invHalves, long n) {
        SymmetricIndex idx = SymmetricIndex.of(m, q);
        double level = 0;
        for (int t = 0; t < idx.size(); t++) {
            int p = idx.uniqueToDense[t];
            double diff = even[p] - odd[p];
            level += diff * diff / (invHalves * shape[t]);
        }
        level /= idx.size();
        // a floor so that an unlucky split (all differences tiny) cannot produce absurd weights
        level = Math.max(level, 0.25);
        double[] se = new double[idx.size()];
        for (int t = 0; t < idx.size(); t++) {
            se[t] = Math.sqrt(level * shape[t] / n);
        }
        return idx.toDense(se);
    }

    /** Var Π_a z_a^{k_a} for z ~ N(0, I): Π (2k_a − 1)!! − (Π E z^{k_a})². */
    static double gaussianVariance(int[] tuple, int m) {
        int[] k = new int[m];
        for (int a : tuple) {
            k[a]++;
        }
        double second = 1;
        double first = 1;
        for (int a = 0; a < m; a++) {
            second *= doubleFactorial(2 * k[a] - 1);
            first *= k[a] % 2 == 1 ? 0 : doubleFactorial(k[a] - 1);
        }
        return second - first * first;
    }

    private static double doubleFactorial(int n) {
        double f = 1;
        for (int i = n; i > 1; i -= 2) {
            f *= i;
        }
        return f;
    }
}
