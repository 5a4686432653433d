package io.polymoments.spark;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleSet;
import io.polymoments.learn.gof.DirectionalFourthMoments;
import io.polymoments.learn.gof.FitVerdict;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.learn.quadratic.QuadraticLearner;
import io.polymoments.learn.quadratic.UndecidedRankException;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.moments.DirectionalSums;
import io.polymoments.moments.SketchBundle;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The quadratic learner on samples (docs/quadratic.md §13): pass 1 (mean, covariance) → driver: spectrum, rank and
 * class decision, whitening ({@link QuadraticLearner#plan}) → pass 2 (whitened split-half sketch of order 3, or 4
 * when m ≤ {@link #MAX_ORDER4_DIM}, and the out-of-sample directional fourth powers) → driver: spectral step,
 * refinement, Gaussianity check, goodness of fit.
 */
public final class QuadraticFitJob {
    /** Random whitened directions of the κ4 check (docs/quadratic.md §9: L = 20). */
    public static final int DEFAULT_DIRECTIONS = 20;
    /**
     * Largest whitening dimension m whose pass 2 also accumulates the fourth co-moments, so that the Gaussianity
     * check tests every order-4 cumulant entry and not only 20 directions. Their cost per row is ≈ m⁴/8 flops (a
     * dsyrk of the m(m+1)/2 row-wise products), ≈ 5× the order-3 work at m = 20 and hopeless at m = 55 (r = 10).
     */
    public static final int MAX_ORDER4_DIM = 20;

    private final MomentPasses passes;

    public QuadraticFitJob(SparkSession spark) {
        this.passes = new MomentPasses(spark);
    }

    /**
     * @param fit          the learner's result
     * @param bundle       the sketches it used (can be stored and refitted with {@code fit --sketch})
     * @param plan         rank decision and whitening
     * @param pass1Seconds wall time of pass 1
     * @param pass2Seconds wall time of pass 2
     */
    public record Result(QuadraticFit fit, SketchBundle bundle, QuadraticLearner.Plan plan, double pass1Seconds,
                         double pass2Seconds) {}

    /** Two passes and the fit; the directions of the κ4 check are drawn from {@code options.seed()}. */
    public Result run(SampleSet samples, QuadraticLearner.Options options, InvalidRowPolicy policy) {
        MomentPasses.PassResult p1 = passes.sketch(samples, MomentPasses.PassPlan.raw(2).scaledAsNeeded(), policy,
                "pass 1/2: mean and covariance");
        long count = p1.sketch().count();
        if (count < 8) {
            throw new InvalidInputException("input " + samples.source() + " has only " + count + " valid row(s)"
                    + (p1.skippedRows() > 0 ? " (" + p1.skippedRows() + " invalid rows skipped)" : "")
                    + "; the quadratic learner needs far more (thousands) rows");
        }
        QuadraticLearner.Plan plan;
        InvalidInputException undecided = null;
        try {
            plan = QuadraticLearner.plan(p1.sketch().total(), options);
        } catch (InvalidInputException e) {
            // no rank explains the covariance (no gap, and no rank leaves a noise tail). With the rank on auto that is
            // a verdict, not bad input: fit a provisional model on as many whitened coordinates as the class allows,
            // so that the Gaussianity check can say "cannot identify" for near-Gaussian data and the fit says
            // does-not-fit, naming the covariance, for the rest. No noise model: the check's null assumes
            // coordinates whitened by the covariance itself
            if (options.rank() != null) {
                throw e;
            }
            ModelClass cls = options.modelClass() == null ? ModelClass.HOMOGENEOUS : options.modelClass();
            try {
                plan = QuadraticLearner.plan(p1.sketch().total(), options.withRank(provisionalRank(samples.dim(), cls))
                        .withModelClass(cls).withNoise(AdditiveNoise.Kind.NONE));
            } catch (InvalidInputException again) {
                throw e;
            }
            plan = e instanceof UndecidedRankException u ? plan.provisional(u.verdictReason(), u.candidates())
                    : plan.provisional(e.getMessage(), List.of());
            undecided = e;
        }
        int m = plan.m();
        DirectionalSums dirs = DirectionalSums.empty(m,
                DirectionalFourthMoments.randomDirections(m, DEFAULT_DIRECTIONS, options.seed() ^ 0x5DEECE66DL),
                DirectionalSums.DEFAULT_BATCHES);
        int order = m <= MAX_ORDER4_DIM ? 4 : 3;
        MomentPasses.PassResult p2 = passes.sketch(samples,
                MomentPasses.PassPlan.projected(plan.whitening(), order, dirs).withScale(p1.scale()), policy,
                "pass 2/2: whitened " + (order == 4 ? "third and fourth" : "third") + " moments (m = " + m + ")");
        SketchBundle bundle = new SketchBundle(p1.sketch(), p2.sketch(), p2.directional(), p1.skippedRows(),
                p1.scale());
        QuadraticFit fit = QuadraticLearner.fit(bundle, plan, options);
        if (undecided != null && fit.verdict() == FitVerdict.NEAR_GAUSSIAN_CANNOT_IDENTIFY) {
            fit = withNote(fit, "the covariance spectrum decides no number of latent variables ("
                    + fit.decision().unexplained() + "); the moments of a provisional r = " + fit.r() + " fit on m = " + fit.m() + " whitened"
                    + " coordinates are consistent with a Gaussian, so no rank can be identified from them");
        }
        return new Result(fit, bundle, plan, p1.seconds(), p2.seconds());
    }

    /** The largest r whose whitening rank in the class is at most d: the most coordinates a spectral fit can use. */
    static int provisionalRank(int d, ModelClass cls) {
        int r = 1;
        while (cls.rank(r + 1) <= d) {
            r++;
        }
        return r;
    }

    private static QuadraticFit withNote(QuadraticFit f, String note) {
        List<String> notes = new ArrayList<>(f.notes());
        notes.add(0, note);
        return new QuadraticFit(f.model(), f.modelClass(), f.r(), f.m(), f.d(), f.n(), f.decision(), f.method(),
                f.spectralModel(), f.spectral(), f.alpha2(), f.alpha3(), f.multiStart(), f.refinement(),
                f.goodnessOfFit(), f.timings(), notes, f.noise());
    }
}
