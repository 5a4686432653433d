package io.polymoments.spark;

import static io.polymoments.InvalidInputException.setting;

import io.polymoments.InvalidInputException;
import io.polymoments.learn.lowrank.LowRankSettings;
import io.polymoments.datasets.SampleSet;
import io.polymoments.learn.lowrank.LowRankFit;
import io.polymoments.learn.lowrank.LowRankLearner;
import io.polymoments.learn.lowrank.LowRankOptions;
import io.polymoments.learn.lowrank.RankSearch;
import io.polymoments.learn.lowrank.SketchMoments;
import io.polymoments.learn.lowrank.SlicedCheck;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.model.LowRankTransform;
import io.polymoments.moments.ColumnScale;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.Whitening;
import io.polymoments.tensor.SymmetricIndex;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.spark.sql.SparkSession;

/**
 * The low-rank learner on samples (docs/lowrank.md §5, §9, §10): pass 1 (mean, covariance) → driver: the number of
 * hidden units m from the covariance spectrum (or given), whitening to m dimensions → pass 2 (whitened moments up to
 * order 4, split halves) → driver: Steps A–D of {@link LowRankLearner} at the given r, or at each r of a
 * {@link RankSearch} → Step D's distribution check on rows that both passes held out ({@link RowSplit}).
 */
public final class LowRankFitJob {
    /** Fewer held-out rows than this make no distribution check (its floor would be mostly noise). */
    public static final int MIN_CHECK_ROWS = 500;

    private final MomentPasses passes;

    public LowRankFitJob(SparkSession spark) {
        this.passes = new MomentPasses(spark);
    }

    /**
     * @param fit          the learner's result at the chosen r
     * @param rank         that r (given or searched)
     * @param bundle       the sketches it used (store it and refit with {@code fit --sketch}); held-out rows excluded
     * @param hiddenReason how m was chosen
     * @param eigenvalues  spectrum of the covariance of y, descending (null when refitted from a sketch)
     * @param slicedCheck  sliced W1 of data rows vs the model against its floor (Step D), null without model or rows;
     *                     a failed check has already turned FITS into DOES_NOT_FIT in {@code fit}
     * @param checkRows    where the check's rows came from, or why there is no check
     * @param rankSearch   the candidates tried when r was chosen automatically, else null
     * @param heldOutRows  how many valid rows both passes left out for the check
     */
    public record Result(LowRankFit fit, int rank, SketchBundle bundle, String hiddenReason, double[] eigenvalues,
                         double pass1Seconds, double pass2Seconds, SlicedCheck slicedCheck, String checkRows,
                         RankSearch.Result rankSearch, long heldOutRows) {}

    /** With the family's settings: m, r and the held-out share as they say (chosen by the fit where auto). */
    public Result run(SampleSet samples, LowRankSettings settings, InvalidRowPolicy policy) {
        return run(samples, settings.hidden().value(), settings.rank().value(), settings.holdout(),
                settings.template(), policy);
    }

    /** Refit from a stored whitened order-4 sketch with the family's settings (m is the sketch's). */
    public static Result fit(SketchBundle bundle, LowRankSettings settings) {
        return fit(bundle, settings.rank().value(), settings.template());
    }

    /** At r = {@code template.rank()}, holding out rows automatically ({@link RowSplit#auto}). */
    public Result run(SampleSet samples, Integer hidden, LowRankOptions template, InvalidRowPolicy policy) {
        return run(samples, hidden, template.rank(), null, template, policy);
    }

    /**
     * @param hidden   m, or null to choose it from the spectrum (numerical rank, cut at a clear gap)
     * @param rank     r, or null to choose it ({@link RankSearch}: the smallest r that fits)
     * @param holdout  share of the rows both passes leave out for the distribution check: null for
     *                 {@link RowSplit#auto} (about 20,000 rows, at most 10%), 0 for none (the check then uses a
     *                 subsample of the fitting rows)
     * @param template learner settings; its {@code units} and {@code rank} are replaced by the chosen m and r
     */
    public Result run(SampleSet samples, Integer hidden, Integer rank, Double holdout, LowRankOptions template,
                      InvalidRowPolicy policy) {
        RowSplit split = split(samples, holdout, template.seed());
        MomentPasses.PassResult p1 = passes.sketch(samples,
                MomentPasses.PassPlan.raw(2).withSplit(split).scaledAsNeeded(), policy, "pass 1/2: mean and covariance");
        long count = p1.sketch().count();
        if (count < 100) {
            throw new InvalidInputException("input " + samples.source() + " has only " + count + " valid row(s)"
                    + (p1.skippedRows() > 0 ? " (" + p1.skippedRows() + " invalid rows skipped)" : "")
                    + (p1.heldOutRows() > 0 ? " besides " + p1.heldOutRows() + " held out for the check" : "")
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
                    + " largest gap above 1e3)" + (m < lam.length ? String.format(Locale.ROOT,
                    "; lambda_m = %.3g, lambda_{m+1} = %.3g", lam[m - 1], lam[m]) : "; full rank (m = d)");
        } else {
            m = hidden;
            reason = "m = " + m + " given (" + setting("hidden") + ")";
        }
        LowRankOptions opt = checkUnits(template.withHidden(m), rank, samples.dim());
        Whitening w = Whitening.of(total, eig, m, "hidden");
        // pass 2 also hands back the check's rows: the held-out ones (at most about twice the default check size),
        // or with nothing held out a subsample of the fitting rows
        RowSplit collect = split != null
                ? split.keeping(split.fraction() * Math.min(1, 2.0 * SlicedCheck.DEFAULT_SAMPLES
                        / Math.max(1, p1.heldOutRows())))
                : RowSplit.subsample(template.seed() ^ 0x5DEECE66DL,
                        Math.min(1, (double) SlicedCheck.DEFAULT_SAMPLES / count));
        MomentPasses.PassResult p2 = passes.sketch(samples,
                MomentPasses.PassPlan.projected(w.basis(), 4, null).withSplit(collect).withScale(p1.scale()), policy,
                "pass 2/2: whitened moments up to order 4 (m = " + m + ")");
        SketchBundle bundle = new SketchBundle(p1.sketch(), p2.sketch(), null, p1.skippedRows(), p1.scale());

        double[] rows = p2.keptRows();
        int checkRows = rows.length / samples.dim();
        String rowsNote = checkRows < MIN_CHECK_ROWS
                ? "not computed: only " + checkRows + " row(s) for it, fewer than " + MIN_CHECK_ROWS
                        + " (more data or a larger " + setting("holdout") + ")"
                : split != null ? "held out of both moment passes (" + split + ")"
                : "in-sample: a subsample of the fitting rows (" + setting("holdout") + " 0)";
        Map<Integer, SlicedCheck> checks = new HashMap<>();
        IntFunction<LowRankFit> fitAtRank = r -> {
            LowRankFit fit = twoStep(bundle, opt.withRank(r));
            if (fit.model() == null || checkRows < MIN_CHECK_ROWS) {
                return fit;
            }
            SlicedCheck check = SlicedCheck.of(fit.model(), rows, checkRows, w.basis().matrix(), m,
                    SlicedCheck.DEFAULT_DIRECTIONS, opt.seed());
            checks.put(r, check);
            return check.applyTo(fit);
        };
        Ranked ranked = fitRanked(opt, rank, fitAtRank);
        return new Result(inDataUnits(ranked.fit, bundle.scale()), ranked.rank, bundle, reason, lam, p1.seconds(),
                p2.seconds(), checks.get(ranked.rank), rowsNote, ranked.search, p1.heldOutRows());
    }

    /** Refit from a stored whitened order-4 sketch: m is the sketch's whitened dimension; r given or searched. */
    public static Result fit(SketchBundle bundle, Integer rank, LowRankOptions template) {
        if (!bundle.isWhitened()) {
            throw new InvalidInputException("the sketch has no whitened part; make it with"
                    + " 'moments --whiten --order 4 --rank M' (M = the number of hidden units)");
        }
        int m = bundle.whitened().dim();
        LowRankOptions opt = checkUnits(template.withHidden(m), rank, bundle.raw().dim());
        Ranked ranked = fitRanked(opt, rank, r -> twoStep(bundle, opt.withRank(r)));
        return new Result(inDataUnits(ranked.fit, bundle.scale()), ranked.rank, bundle,
                "m = " + m + " from the sketch's whitened dimension", null, 0, 0, null,
                "not computed: a sketch holds no rows (fit from --input, or run 'evaluate')", ranked.search, 0);
    }

    private record Ranked(LowRankFit fit, int rank, RankSearch.Result search) {}

    /**
     * The fit mapped back from the units the sketches were taken in ({@code scale}, null: the data's own) to the
     * data's: row i of W and c_i times s_i; the check and the moments stay in the sketch's units.
     */
    static LowRankFit inDataUnits(LowRankFit f, ColumnScale scale) {
        if (scale == null || f.model() == null) {
            return f;
        }
        LowRankTransform model;
        try {
            model = f.model().withOutputScale(scale.factors());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the fitted network cannot be stored in the data's own units (it was"
                    + " fitted to " + scale.describe() + "): " + e.getMessage() + ". The data lie too close to the edge"
                    + " of the double range; divide them by a power of two (e.g. 2^-16) and fit again.", e);
        }
        return new LowRankFit(f.verdict(), f.message(), model, f.cost(), f.noiseLevel(), f.momentResiduals(),
                f.parameters(), f.nullDimension(), f.expectedNullDimension(), f.singularValues(), f.restartCosts(),
                f.poolSize(), f.contrastOrder(), f.contrastMaxima(), f.identifiabilityWarning(), f.gaussianityZ(),
                f.millis());
    }

    private static Ranked fitRanked(LowRankOptions opt, Integer rank, IntFunction<LowRankFit> fitAtRank) {
        if (rank != null) {
            return new Ranked(fitAtRank.apply(rank), rank, null);
        }
        RankSearch.Result s = RankSearch.search(opt.hidden(), opt.degree(), opt.strict(), fitAtRank);
        return new Ranked(s.fit(), s.rank(), s);
    }

    private static RowSplit split(SampleSet samples, Double holdout, long seed) {
        long splitSeed = seed ^ 0x6A09E667F3BCC909L;
        if (holdout == null) {
            return RowSplit.auto(samples.frame().count(), splitSeed);
        }
        if (holdout == 0) {
            return null;
        }
        if (!(holdout > 0 && holdout <= 0.5)) {
            throw new InvalidInputException(setting("holdout") + " takes 'auto', 0 or a fraction in (0, 0.5], got "
                    + holdout);
        }
        return new RowSplit(splitSeed, holdout);
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

    /**
     * Fails before pass 2 when m cannot work: m > d, units not independent, or strict identifiability violated
     * (the last two only for a given r; a search starts where the units can be independent).
     */
    static LowRankOptions checkUnits(LowRankOptions opt, Integer rank, int d) {
        int m = opt.hidden();
        int omega = opt.degree();
        if (m < 1 || m > d) {
            throw new InvalidInputException(setting("hidden") + " " + m + " is out of range: W (d x m) needs full column rank, so"
                    + " 1 <= m <= d = " + d);
        }
        if (rank == null) {
            return opt;
        }
        int r = rank;
        long independent = SymmetricIndex.binomial(r + omega, omega) - 1;
        if (m > independent) {
            throw new InvalidInputException(setting("hidden") + " " + m + " units cannot be linearly independent:"
                    + " degree-" + omega + " polynomials of r = " + r + " variables span only " + independent
                    + " centred dimensions; use " + setting("hidden") + " <= " + independent + " or a larger "
                    + setting("rank") + " (or " + setting("rank") + " auto)");
        }
        String warning = LowRankLearner.identifiabilityWarning(m, r, omega);
        if (warning != null && opt.strict()) {
            throw new InvalidInputException(setting("strict") + ": " + warning);
        }
        return opt.withRank(r);
    }
}
