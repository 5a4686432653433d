package io.polymoments.learn.gof;

import io.polymoments.learn.GaussianityCheck;
import java.util.List;

/**
 * Goodness-of-fit statistics and verdict (docs/quadratic.md §9).
 *
 * @param verdict                  overall decision
 * @param res3Ratio                ‖T̃ − 8 tr3(Ẑ)‖_F / noise3 (under the model ≈ 0.4–1.1, grows like √n otherwise)
 * @param res3                     ‖T̃ − 8 tr3(Ẑ)‖_F
 * @param noise3                   ½‖T̃_even − T̃_odd‖_F, split-half noise estimate of T̃
 * @param signalToNoise3           ‖T̃‖_F / noise3 (≈ 1 when T̃ is pure sampling noise)
 * @param res2                     ‖2⟨Ẑ_a,Ẑ_b⟩ − I‖_F, covariance misfit of the model (diagnostic only)
 * @param meanZ                    ‖tr Ẑ − ν‖·√(n/m) (homogeneous; NaN when not computed)
 * @param kappa4Empirical          κ̂4(θ_l) = mean (θ_l^Tz)^4 − 3 per direction (empty when no fourth moments given)
 * @param kappa4Model              model κ4(θ_l): 48 tr(A_θ⁴) (affine: 48 tr(Ā_θ⁴) − 6|β_θ|⁴)
 * @param kappa4StandardError      batch-means standard error of κ̂4(θ_l)
 * @param kappa4ChiSquarePerDirection mean over l of ((κ̂4 − κ4_model)/se)² (NaN without fourth moments)
 * @param kappa4SignalPerDirection mean over l of (κ̂4/se)²: ≈ 1 when the data have Gaussian fourth cumulants
 * @param rankGap                  λ_m/λ_{m+1} of the covariance if supplied (NaN otherwise); reported, see notes
 * @param reasons                  human-readable lines explaining the verdict and any warnings
 * @param gaussianity              z-scores of the whitened cumulants of order 3 (and 4 when the sketch has them)
 *                                 under the Gaussian null ({@link GaussianityCheck}); null when not computed
 */
public record GoodnessOfFit(FitVerdict verdict, double res3Ratio, double res3, double noise3, double signalToNoise3,
                            double res2, double meanZ, double[] kappa4Empirical, double[] kappa4Model,
                            double[] kappa4StandardError, double kappa4ChiSquarePerDirection,
                            double kappa4SignalPerDirection, double rankGap, List<String> reasons,
                            GaussianityCheck.Result gaussianity) {
    public GoodnessOfFit {
        reasons = List.copyOf(reasons);
    }

    /** Without the Gaussianity check. */
    public GoodnessOfFit(FitVerdict verdict, double res3Ratio, double res3, double noise3, double signalToNoise3,
                         double res2, double meanZ, double[] kappa4Empirical, double[] kappa4Model,
                         double[] kappa4StandardError, double kappa4ChiSquarePerDirection,
                         double kappa4SignalPerDirection, double rankGap, List<String> reasons) {
        this(verdict, res3Ratio, res3, noise3, signalToNoise3, res2, meanZ, kappa4Empirical, kappa4Model,
                kappa4StandardError, kappa4ChiSquarePerDirection, kappa4SignalPerDirection, rankGap, reasons, null);
    }

    /**
     * This check with a failure found elsewhere (e.g. a covariance no rank explains): does-not-fit, the reason first;
     * near-Gaussian moments keep their verdict, since nothing could be identified from them whatever the covariance.
     */
    public GoodnessOfFit failedBy(String reason) {
        if (verdict == FitVerdict.NEAR_GAUSSIAN_CANNOT_IDENTIFY) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>();
        all.add(reason);
        all.addAll(reasons);
        return new GoodnessOfFit(FitVerdict.DOES_NOT_FIT, res3Ratio, res3, noise3, signalToNoise3, res2, meanZ,
                kappa4Empirical, kappa4Model, kappa4StandardError, kappa4ChiSquarePerDirection,
                kappa4SignalPerDirection, rankGap, all, gaussianity);
    }

    /** Multi-line summary for logs and the command line. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("goodness of fit: ").append(verdict.label()).append('\n');
        sb.append(String.format("  res3_ratio %.3g (res3 %.3g, noise3 %.3g, |T|/noise3 %.3g)%n", res3Ratio, res3,
                noise3, signalToNoise3));
        if (!Double.isNaN(kappa4ChiSquarePerDirection)) {
            sb.append(String.format("  kappa4 chi2/dir %.3g over %d directions (signal %.3g)%n",
                    kappa4ChiSquarePerDirection, kappa4Empirical.length, kappa4SignalPerDirection));
        }
        if (gaussianity != null) {
            sb.append("  cumulants vs Gaussian (orders 3..").append(gaussianity.maxOrder()).append("): ")
                    .append(gaussianity.consistentWithGaussian() ? "consistent"
                            : gaussianity.weakEvidence() ? GaussianityCheck.Result.WEAK_EVIDENCE : "not consistent")
                    .append("; ")
                    .append(gaussianity.statistics()).append('\n');
        }
        if (!Double.isNaN(meanZ)) {
            sb.append(String.format("  mean_z %.3g%n", meanZ));
        }
        if (!Double.isNaN(rankGap)) {
            sb.append(String.format("  rank gap %.3g%n", rankGap));
        }
        for (String r : reasons) {
            sb.append("  - ").append(r).append('\n');
        }
        return sb.toString();
    }
}
