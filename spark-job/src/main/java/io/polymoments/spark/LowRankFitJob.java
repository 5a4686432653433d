package io.polymoments.spark;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleSet;
import io.polymoments.learn.lowrank.LowRankFit;
import io.polymoments.learn.lowrank.LowRankLearner;
import io.polymoments.learn.lowrank.LowRankOptions;
import io.polymoments.learn.lowrank.SketchMoments;
import io.polymoments.learn.lowrank.SlicedCheck;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.model.SymmetricIndex;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.Whitening;
import org.apache.spark.sql.SparkSession;

/**
 * The low-rank learner on samples (LOWRANK.md §1.5): pass 1 (mean, covariance) → driver: the number of hidden units
 * m from the covariance spectrum (or given), whitening to m dimensions → pass 2 (whitened moments up to order 4,
 * split halves) → driver: Steps A–D of {@link LowRankLearner}.
 */
public final class LowRankFitJob {
    private final MomentPasses passes;

    public LowRankFitJob(SparkSession spark) {
        this.passes = new MomentPasses(spark);
    }

    /**
     * @param fit          the learner's result
     * @param bundle       the sketches it used (store it and refit with {@code fit --sketch})
     * @param hiddenReason how m was chosen
     * @param eigenvalues  spectrum of the covariance of y, descending
     * @param slicedCheck  sliced W1 of a data subsample vs the model against its floor (Step D), null without model;
     *                     a failed check has already turned FITS into DOES_NOT_FIT in {@code fit}
     */
    public record Result(LowRankFit fit, SketchBundle bundle, String hiddenReason, double[] eigenvalues,
                         double pass1Seconds, double pass2Seconds, SlicedCheck slicedCheck) {}

    /**
     * @param hidden   m, or null to choose it from the spectrum (numerical rank, cut at a clear gap)
     * @param template learner settings; its {@code units} is replaced by the chosen m
     */
    public Result run(SampleSet samples, Integer hidden, LowRankOptions template, InvalidRowPolicy policy) {
        MomentPasses.PassResult p1 = passes.sketch(samples, 2, null, policy, "pass 1/2: mean and covariance");
        long count = p1.sketch().count();
        if (count < 100) {
            throw new InvalidInputException("input " + samples.source() + " has only " + count + " valid row(s)"
                    + (p1.skippedRows() > 0 ? " (" + p1.skippedRows() + " invalid rows skipped)" : "")
                    + "; the low-rank learner needs far more (10^4 to 10^6) rows");
        }
        MomentSketch total = p1.sketch().total();
        SymmetricEigen eig = Whitening.spectrum(total);
        double[] lam = eig.values();
        int m;
        String reason;
        if (hidden == null) {
            m = Whitening.autoRank(lam);
            if (m < 1) {
                throw new InvalidInputException("the covariance of the data is zero: every row is the same");
            }
            reason = "m = " + m + " from the covariance spectrum (eigenvalues above 1e-10 of the largest, cut at the"
                    + " largest gap above 1e3)" + (m < lam.length ? String.format(java.util.Locale.ROOT,
                    "; lambda_m = %.3g, lambda_{m+1} = %.3g", lam[m - 1], lam[m]) : "; full rank (m = d)");
        } else {
            m = hidden;
            reason = "m = " + m + " given (--hidden)";
        }
        LowRankOptions opt = checkUnits(template.withUnits(m), samples.dim());
        Whitening w;
        try {
            w = Whitening.of(total, eig, m);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.getMessage().replace("--rank", "--hidden"), e);
        }
        MomentPasses.PassResult p2 = passes.sketch(samples, 4, w.basis(), null, policy,
                "pass 2/2: whitened moments up to order 4 (m = " + m + ")");
        SketchBundle bundle = new SketchBundle(p1.sketch(), p2.sketch(), null, p1.skippedRows());
        LowRankFit fit = twoStep(bundle, opt);
        SlicedCheck check = null;
        if (fit.model() != null) {
            // a third (sampling) pass over the data, cheap next to the moment passes
            int rows = (int) Math.min(SlicedCheck.DEFAULT_SAMPLES, count);
            double[] data = SampleCollector.collect(samples, count, rows, opt.seed() ^ 0x5DEECE66DL);
            check = SlicedCheck.of(fit.model(), data, data.length / samples.dim(), w.basis().matrix(), m,
                    SlicedCheck.DEFAULT_DIRECTIONS, opt.seed());
            fit = check.applyTo(fit);
        }
        return new Result(fit, bundle, reason, lam, p1.seconds(), p2.seconds(), check);
    }

    /** Refit from a stored whitened order-4 sketch: m is the sketch's whitened dimension. */
    public static LowRankFit fit(SketchBundle bundle, LowRankOptions template) {
        if (!bundle.isWhitened()) {
            throw new InvalidInputException("the sketch has no whitened part; make it with"
                    + " 'moments --whiten --order 4 --rank M' (M = the number of hidden units)");
        }
        LowRankOptions opt = checkUnits(template.withUnits(bundle.whitened().dim()), bundle.raw().dim());
        return twoStep(bundle, opt);
    }

    /** Monte Carlo rows of the first fit that shape the second step's standard errors. */
    public static final int WEIGHT_DRAWS = 100_000;

    /**
     * Two-step GMM: a first fit with standard errors of Gaussian-reference shape, then a refit whose standard errors
     * have the first fit's shape (both levels calibrated by the split halves; {@link SketchMoments}).
     */
    static LowRankFit twoStep(SketchBundle bundle, LowRankOptions opt) {
        var first = SketchMoments.fromBundle(bundle);
        LowRankFit fit = LowRankLearner.fit(first, opt);
        if (fit.model() == null) {
            return fit;
        }
        return LowRankLearner.fit(SketchMoments.reweighted(bundle, first, fit.model(), WEIGHT_DRAWS,
                opt.seed() ^ 0x2545F4914F6CDD1DL), opt);
    }

    /** Fails before pass 2 when m cannot work: m > d, units not independent, or strict identifiability violated. */
    static LowRankOptions checkUnits(LowRankOptions opt, int d) {
        int m = opt.units();
        int r = opt.rank();
        int omega = opt.degree();
        if (m < 1 || m > d) {
            throw new InvalidInputException("--hidden " + m + " is out of range: W (d x m) needs full column rank, so"
                    + " 1 <= m <= d = " + d);
        }
        long independent = SymmetricIndex.binomial(r + omega, omega) - 1;
        if (m > independent) {
            throw new InvalidInputException("--hidden " + m + " units cannot be linearly independent: degree-" + omega
                    + " polynomials of r = " + r + " variables span only " + independent + " centred dimensions; use"
                    + " --hidden <= " + independent + " or a larger --rank");
        }
        String warning = LowRankLearner.identifiabilityWarning(m, r, omega);
        if (warning != null && opt.strictIdentifiability()) {
            throw new InvalidInputException("--strict: " + warning);
        }
        return opt;
    }
}
