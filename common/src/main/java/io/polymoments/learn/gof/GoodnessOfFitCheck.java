package io.polymoments.learn.gof;

import io.polymoments.learn.GaussianityCheck;
import io.polymoments.learn.quadratic.MomentMatchingObjective;
import io.polymoments.learn.quadratic.MomentResiduals;
import io.polymoments.learn.quadratic.MomentWeights;

import java.util.ArrayList;
import java.util.List;

/**
 * Goodness of fit of a fitted whitened frame Ẑ (docs/quadratic.md §9): split-half residual ratio of the third moment,
 * out-of-sample κ4 along random directions with batch-means standard errors, the mean check (homogeneous model),
 * and a {@link FitVerdict}.
 *
 * <p>Decision, in this order:
 * <ol>
 *   <li>the whitened cumulants are consistent with a Gaussian and the κ4 estimates are within noise of 0 (or not
 *       supplied): {@link FitVerdict#NEAR_GAUSSIAN_CANNOT_IDENTIFY} — every fit is as good as any other. "Consistent"
 *       is the {@link GaussianityCheck} (entry-wise z-scores, Bonferroni max |z| and chi-square per order) when it
 *       is supplied, else ‖T̃‖/noise3 &lt; {@code minSignalToNoise3};</li>
 *   <li>any of res3_ratio &gt; {@code maxRes3Ratio}, κ4 χ²/dir &gt; {@code maxKappa4ChiSquare},
 *       mean_z &gt; {@code maxMeanZ}, or non-Gaussian data (order-4 cumulants or κ4) without third-order signal (a
 *       quadratic model with m = tri(r) always has one: the identity direction): {@link FitVerdict#DOES_NOT_FIT};</li>
 *   <li>otherwise {@link FitVerdict#FITS}. So moments consistent with a Gaussian never give FITS.</li>
 * </ol>
 * The defaults are read off the measurements of docs/quadratic.md §14.3 and §14.7 (see the constants and the table of
 * §9); calibrating them by a parametric bootstrap would be more principled, and can be done by passing other
 * thresholds. The rank gap, if supplied, only adds a note: it is the most sensitive misspecification statistic in the
 * noiseless model (§3), but additive noise lowers it while the fit stays accurate (§14.7, §14.9).
 */
public final class GoodnessOfFitCheck {
    /** Under the model 0.4–1.1 in 108 fits (docs/quadratic.md §14.3), 0.56–0.98 in §14.7; misfits 4–13.5 (§14.7); a
     *  refinement stalled in a local minimum shows ≈ 2 (§14.11). */
    public static final double DEFAULT_MAX_RES3_RATIO = 2.0;
    /** Under the model mean(z²) is 0.2–3.2, 95 % below 1.4 (docs/quadratic.md §14.3); misfits 14–490 (§14.7). */
    public static final double DEFAULT_MAX_KAPPA4_CHI2 = 5.0;
    /** ‖tr Ẑ − ν‖·√(n/m) is O(1) under the model (0.5–2.0 in docs/quadratic.md §14.3, 0.8–1.8 in
     *  §14.7; ≈ χ_m/√m from the sampling noise of ν); misfits 70–230 (§14.7). */
    public static final double DEFAULT_MAX_MEAN_Z = 4.0;
    /** ‖T̃‖/noise3 ≈ 1 for pure noise (T̃ and ½(T̃_even − T̃_odd) then have the same law); a real model has
     *  ‖T̃‖ ≫ noise3 unless n is tiny. Our choice, not measured (docs/quadratic.md §9). */
    public static final double DEFAULT_MIN_SIGNAL_TO_NOISE3 = 3.0;
    /** mean (κ̂4/se)² ≈ 1 for Gaussian fourth cumulants (≈ χ²_L/L); above this they are clearly non-zero.
     *  Our choice, with a wide margin because the batch-means s.e. is itself noisy (docs/quadratic.md §9). */
    public static final double DEFAULT_MIN_KAPPA4_SIGNAL = 4.0;
    /** Noiseless-model rank gap threshold of docs/quadratic.md §3 (λ_m/λ_{m+1} ≈ 1e14 when the model holds exactly). */
    public static final double RANK_GAP_NOISELESS = 1e6;
    /** Batch-means standard errors need ≥ 20 blocks (docs/quadratic.md §9). */
    public static final int RECOMMENDED_BLOCKS = 20;

    private final double maxRes3Ratio;
    private final double maxKappa4ChiSquare;
    private final double maxMeanZ;
    private final double minSignalToNoise3;
    private final double minKappa4Signal;

    public GoodnessOfFitCheck() {
        this(DEFAULT_MAX_RES3_RATIO, DEFAULT_MAX_KAPPA4_CHI2, DEFAULT_MAX_MEAN_Z, DEFAULT_MIN_SIGNAL_TO_NOISE3,
                DEFAULT_MIN_KAPPA4_SIGNAL);
    }

    public GoodnessOfFitCheck(double maxRes3Ratio, double maxKappa4ChiSquare, double maxMeanZ,
                              double minSignalToNoise3, double minKappa4Signal) {
        for (double t : new double[]{maxRes3Ratio, maxKappa4ChiSquare, maxMeanZ, minSignalToNoise3, minKappa4Signal}) {
            if (!(t > 0)) {
                throw new IllegalArgumentException("thresholds must be positive, got " + t);
            }
        }
        this.maxRes3Ratio = maxRes3Ratio;
        this.maxKappa4ChiSquare = maxKappa4ChiSquare;
        this.maxMeanZ = maxMeanZ;
        this.minSignalToNoise3 = minSignalToNoise3;
        this.minKappa4Signal = minKappa4Signal;
    }

    /**
     * Homogeneous model: Ẑ_a ∈ Sym(r).
     *
     * @param z       fitted frame, svec rows m×tri(r)
     * @param third   T̃ and its split halves
     * @param nu      whitened mean W^T ȳ (null: skip the mean check)
     * @param fourth  directional fourth moments (null: skip the κ4 check)
     * @param rankGap λ_m/λ_{m+1} of the sample covariance, or NaN
     */
    public GoodnessOfFit homogeneous(double[] z, int r, SplitHalfThirdMoments third, double[] nu,
                                     DirectionalFourthMoments fourth, double rankGap) {
        return homogeneous(z, r, third, nu, fourth, rankGap, null);
    }

    /** As above, deciding "near-Gaussian" by the given {@link GaussianityCheck} of the whitened sketch (null: by ‖T̃‖/noise3). */
    public GoodnessOfFit homogeneous(double[] z, int r, SplitHalfThirdMoments third, double[] nu,
                                     DirectionalFourthMoments fourth, double rankGap,
                                     GaussianityCheck.Result gaussianity) {
        return evaluate(z, r, false, third, nu, fourth, rankGap, gaussianity);
    }

    /** Affine model with r latent variables: zBordered are svec rows of the bordered Z̄_a ∈ Sym(r+1). */
    public GoodnessOfFit affine(double[] zBordered, int r, SplitHalfThirdMoments third,
                                DirectionalFourthMoments fourth, double rankGap) {
        return affine(zBordered, r, third, fourth, rankGap, null);
    }

    /** As above, with the {@link GaussianityCheck} of the whitened sketch (null: decide by ‖T̃‖/noise3). */
    public GoodnessOfFit affine(double[] zBordered, int r, SplitHalfThirdMoments third,
                                DirectionalFourthMoments fourth, double rankGap, GaussianityCheck.Result gaussianity) {
        return evaluate(zBordered, r + 1, true, third, null, fourth, rankGap, gaussianity);
    }

    private GoodnessOfFit evaluate(double[] z, int rDim, boolean affine, SplitHalfThirdMoments third, double[] nu,
                                   DirectionalFourthMoments fourth, double rankGap,
                                   GaussianityCheck.Result gaussianity) {
        final int m = third.m();
        final int k = rDim * (rDim + 1) / 2;
        if (z.length != m * k) {
            throw new IllegalArgumentException("Z must be m x tri(R) = " + m + " x " + k + " svec rows (R = " + rDim
                    + (affine ? ", bordered" : "") + "), got " + z.length + " entries");
        }
        if (fourth != null && fourth.m() != m) {
            throw new IllegalArgumentException("fourth moments are in dimension " + fourth.m() + ", expected m = " + m);
        }
        List<String> reasons = new ArrayList<>();
        ThirdMomentFit th = thirdMomentResidual(z, m, rDim, third);
        double meanZ = nu != null && !affine ? meanResidual(z, nu, m, rDim, k, third.n()) : Double.NaN;
        Kappa4 k4 = fourth == null ? Kappa4.NONE : kappa4AlongDirections(z, m, rDim, affine, fourth, reasons);
        FitVerdict verdict = verdict(th, meanZ, k4, fourth, gaussianity, reasons);
        if (!Double.isNaN(rankGap) && rankGap < RANK_GAP_NOISELESS) {
            reasons.add(String.format("covariance rank gap %.3g < %.3g: the data are not an exact (noiseless) "
                    + "quadratic — additive noise or higher-order terms (docs/quadratic.md section 14.7)", rankGap,
                    RANK_GAP_NOISELESS));
        }
        return new GoodnessOfFit(verdict, th.res3Ratio(), th.res3(), th.noise3(), th.snr3(), th.fit().covariance(),
                meanZ, k4.empirical(), k4.model(), k4.standardError(), k4.chiSquare(), k4.signal(), rankGap, reasons,
                gaussianity);
    }

    /** The third-moment fit of Z, its residual, the split-half noise and the residual and signal in noise units. */
    private record ThirdMomentFit(MomentResiduals fit, double res3, double noise3, double snr3, double res3Ratio) {}

    /** Third moment: residual vs split-half noise. */
    private static ThirdMomentFit thirdMomentResidual(double[] z, int m, int rDim, SplitHalfThirdMoments third) {
        MomentResiduals fit = MomentMatchingObjective.homogeneous(null, third.tTilde(), m, rDim,
                new MomentWeights(0, 0, 1)).residuals(z);
        double res3 = fit.thirdMoment();
        double noise3 = 0;
        double tNorm = 0;
        for (int i = 0; i < third.tEven().length; i++) {
            double d = third.tEven()[i] - third.tOdd()[i];
            noise3 += d * d;
            tNorm += third.tTilde()[i] * third.tTilde()[i];
        }
        noise3 = 0.5 * Math.sqrt(noise3);
        tNorm = Math.sqrt(tNorm);
        double res3Ratio = noise3 > 0 ? res3 / noise3 : (res3 == 0 ? 0 : Double.POSITIVE_INFINITY);
        double snr3 = noise3 > 0 ? tNorm / noise3 : Double.POSITIVE_INFINITY;
        return new ThirdMomentFit(fit, res3, noise3, snr3, res3Ratio);
    }

    /** Mean (homogeneous only): ‖tr Z − ν‖·√(n/m). */
    private static double meanResidual(double[] z, double[] nu, int m, int rDim, int k, double n) {
        if (nu.length != m) {
            throw new IllegalArgumentException("nu must have length m = " + m + ", got " + nu.length);
        }
        double s = 0;
        for (int a = 0; a < m; a++) {
            double tr = 0;
            for (int i = 0; i < rDim; i++) {
                tr += z[a * k + i];
            }
            s += (tr - nu[a]) * (tr - nu[a]);
        }
        return Math.sqrt(s) * Math.sqrt(n / (double) m);
    }

    /** κ4 per direction: empirical, of the model, batch-means standard error; chi-square and signal per direction. */
    private record Kappa4(double[] empirical, double[] model, double[] standardError, double chiSquare, double signal) {
        static final Kappa4 NONE = new Kappa4(new double[0], new double[0], new double[0], Double.NaN, Double.NaN);
    }

    /** κ4 along the directions. */
    private static Kappa4 kappa4AlongDirections(double[] z, int m, int rDim, boolean affine,
                                                DirectionalFourthMoments fourth, List<String> reasons) {
        int nl = fourth.nDirections();
        int nb = fourth.nBlocks();
        double[] emp = new double[nl];
        double[] mod = new double[nl];
        double[] se = new double[nl];
        long total = 0;
        for (long c : fourth.blockCounts()) {
            total += c;
        }
        double chi2 = 0;
        double signal = 0;
        double[] mats = toMatrices(z, m, rDim);
        for (int l = 0; l < nl; l++) {
            double sum = 0;
            double meanOfMeans = 0;
            for (int b = 0; b < nb; b++) {
                sum += fourth.blockSums()[b * nl + l];
                meanOfMeans += fourth.blockSums()[b * nl + l] / fourth.blockCounts()[b];
            }
            meanOfMeans /= nb;
            double var = 0;
            for (int b = 0; b < nb; b++) {
                double d = fourth.blockSums()[b * nl + l] / fourth.blockCounts()[b] - meanOfMeans;
                var += d * d;
            }
            se[l] = Math.sqrt(var / (nb - 1) / nb);
            double v = fourth.variance(l);
            emp[l] = sum / total - 3.0 * v * v;
            mod[l] = modelKappa4(mats, fourth.directions(), l * m, m, rDim, affine);
            chi2 += squaredZ(emp[l] - mod[l], se[l]);
            signal += squaredZ(emp[l], se[l]);
        }
        chi2 /= nl;
        signal /= nl;
        if (nb < RECOMMENDED_BLOCKS) {
            reasons.add("only " + nb + " blocks for the batch-means standard errors (>= " + RECOMMENDED_BLOCKS
                    + " recommended): the kappa4 check is noisy");
        }
        return new Kappa4(emp, mod, se, chi2, signal);
    }

    /** The verdict, with the reasons that explain it. */
    private FitVerdict verdict(ThirdMomentFit th, double meanZ, Kappa4 k4, DirectionalFourthMoments fourth,
                               GaussianityCheck.Result gaussianity, List<String> reasons) {
        double snr3 = th.snr3();
        double res3Ratio = th.res3Ratio();
        double chi2 = k4.chiSquare();
        double signal = k4.signal();
        FitVerdict verdict;
        boolean noThirdSignal = snr3 < minSignalToNoise3;
        boolean gaussianFourth = fourth == null || signal < minKappa4Signal;
        // with the entry-wise test the third order is "noise" iff its own z-scores and chi-square pass; without
        // it, by the norm ratio
        boolean thirdIsNoise = gaussianity != null ? gaussianity.orderConsistent(3) : noThirdSignal;
        boolean momentsGaussian = gaussianity != null ? gaussianity.consistentWithGaussian() : noThirdSignal;
        String kappa4Clause = fourth == null ? ""
                : String.format(", and kappa4 along %d random directions is within noise of 0 (signal %.3g < %.3g)",
                fourth.nDirections(), signal, minKappa4Signal);
        if (momentsGaussian && gaussianFourth) {
            verdict = FitVerdict.NEAR_GAUSSIAN_CANNOT_IDENTIFY;
            if (gaussianity != null) {
                reasons.add(String.format("the whitened cumulants of orders 3..%d are within sampling noise of 0:"
                        + " largest |z| %.3g <= Bonferroni threshold %.3g over %d entries and every order's chi-square"
                        + " test passes%s", gaussianity.maxOrder(), gaussianity.maxAbsZ(), gaussianity.zThreshold(),
                        gaussianity.orders().stream().mapToInt(GaussianityCheck.OrderStatistics::entries).sum(),
                        kappa4Clause));
                reasons.add("a method-of-moments fit of this order can only return the Gaussian/affine model; the data"
                        + " may still be non-Gaussian beyond these moments (hard instances): compare them with a"
                        + " Gaussian along projections with 'evaluate' (without --model)");
            } else {
                reasons.add(String.format("|T| / noise3 = %.3g < %.3g: the third moment is indistinguishable from"
                        + " sampling noise%s", snr3, minSignalToNoise3, kappa4Clause));
            }
        } else {
            List<String> failures = new ArrayList<>();
            if (res3Ratio > maxRes3Ratio) {
                failures.add(String.format("res3_ratio %.3g > %.3g: the third moment is not of the form 8 tr(Z_aZ_bZ_c)",
                        res3Ratio, maxRes3Ratio));
            }
            if (!Double.isNaN(chi2) && chi2 > maxKappa4ChiSquare) {
                failures.add(String.format("kappa4 chi2/dir %.3g > %.3g: fourth cumulants (never fitted) disagree with "
                        + "the model", chi2, maxKappa4ChiSquare));
            }
            if (!Double.isNaN(meanZ) && meanZ > maxMeanZ) {
                failures.add(String.format("mean_z %.3g > %.3g: the mean is not tr(Q_i)", meanZ, maxMeanZ));
            }
            if (thirdIsNoise) {
                String evidence = gaussianity != null
                        ? "the whitened third cumulant is within sampling noise of 0 (order 3: largest |z| "
                        + String.format("%.3g vs threshold %.3g)", gaussianity.order(3).maxAbsZ(),
                        gaussianity.zThreshold())
                        : String.format("|T| / noise3 = %.3g < %.3g", snr3, minSignalToNoise3);
                String nonGaussian = gaussianFourth
                        ? "the fourth cumulant is not (" + gaussianity.statistics() + ")"
                        : String.format("kappa4 is clearly non-zero (signal %.3g)", signal);
                if (gaussianFourth && gaussianity.weakEvidence()) {
                    // between the level-1% and the strict threshold: Gaussian samples land here 1-2% of the time
                    failures.add(GaussianityCheck.Result.WEAK_EVIDENCE + ": " + evidence + " and the fourth is only"
                            + " marginally beyond it (" + gaussianity.statistics() + String.format(", below the strict"
                            + " threshold %.3g); no quadratic fits moments without third-order structure, but this is"
                            + " not enough to call the data non-Gaussian (more rows would settle it)",
                            gaussianity.strongZThreshold()));
                } else {
                    failures.add(evidence + " but " + nonGaussian
                            + ": non-Gaussian data without the third-order structure of a quadratic");
                }
            }
            verdict = failures.isEmpty() ? FitVerdict.FITS : FitVerdict.DOES_NOT_FIT;
            reasons.addAll(failures);
        }
        return verdict;
    }

    /** (x/se)², with identical blocks (se = 0) giving 0 for x = 0 and +∞ otherwise. */
    private static double squaredZ(double x, double se) {
        if (se > 0) {
            return (x / se) * (x / se);
        }
        return x == 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /** 48 tr(A⁴) with A = Σ_a θ_a Z_a; affine: minus 6|β_θ|⁴, β_θ = 2·(last column of Ā without the corner). */
    private static double modelKappa4(double[] mats, double[] dirs, int off, int m, int rDim, boolean affine) {
        int r2 = rDim * rDim;
        double[] a = new double[r2];
        for (int j = 0; j < m; j++) {
            double t = dirs[off + j];
            for (int p = 0; p < r2; p++) {
                a[p] += t * mats[j * r2 + p];
            }
        }
        double tr4 = 0;   // tr(A⁴) = ‖A²‖_F² for symmetric A
        for (int i = 0; i < rDim; i++) {
            for (int j = 0; j < rDim; j++) {
                double s = 0;
                for (int l = 0; l < rDim; l++) {
                    s += a[i + l * rDim] * a[l + j * rDim];
                }
                tr4 += s * s;
            }
        }
        double kappa = 48 * tr4;
        if (affine) {
            int r = rDim - 1;
            double b2 = 0;
            for (int i = 0; i < r; i++) {
                double b = 2 * a[i + r * rDim];
                b2 += b * b;
            }
            kappa -= 6 * b2 * b2;
        }
        return kappa;
    }

    private static double[] toMatrices(double[] rows, int m, int r) {
        int k = r * (r + 1) / 2;
        double[] out = new double[m * r * r];
        double sq2 = Math.sqrt(2.0);
        for (int a = 0; a < m; a++) {
            for (int i = 0; i < r; i++) {
                out[a * r * r + i + i * r] = rows[a * k + i];
            }
            int p = a * k + r;
            for (int i = 0; i < r; i++) {
                for (int j = i + 1; j < r; j++) {
                    double s = rows[p++] / sq2;
                    out[a * r * r + i + j * r] = s;
                    out[a * r * r + j + i * r] = s;
                }
            }
        }
        return out;
    }
}
