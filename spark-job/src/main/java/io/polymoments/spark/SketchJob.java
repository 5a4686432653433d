package io.polymoments.spark;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleSet;
import io.polymoments.learn.gof.DirectionalFourthMoments;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.moments.DirectionalSums;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.SplitHalfSketch;
import io.polymoments.moments.Whitening;
import org.apache.spark.sql.SparkSession;

/**
 * The one- or two-pass plan of docs/moments.md §6: without whitening one pass at the requested order in the data's own
 * coordinates; with whitening pass 1 (order 2) → driver eigen-decomposition and rank → pass 2 (order 3 or 4) of
 * z = Wᵀ(y − μ).
 */
public final class SketchJob {
    private final MomentPasses passes;

    public SketchJob(SparkSession spark) {
        this.passes = new MomentPasses(spark);
    }

    /** Result of the plan, with the whitening chosen (null without whitening) and pass timings. */
    public record Result(SketchBundle bundle, Whitening whitening, double pass1Seconds, double pass2Seconds,
                         String firstSkipReason) {
        /**
         * How far the whitened sketch's covariance is from the identity, ‖Cov(z) − I‖_F/√k: ≈ 0 when the basis was
         * computed from these data, small (sampling noise) for a valid reference basis, large when the data drifted.
         */
        public double basisDrift() {
            if (!bundle.isWhitened()) {
                return Double.NaN;
            }
            MomentSketch z = bundle.whitened().total();
            int k = z.dim();
            double[] c = z.covariance();
            double s = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double v = c[i + j * k] - (i == j ? 1 : 0);
                    s += v * v;
                }
            }
            return Math.sqrt(s / k);
        }
    }

    /**
     * Sketches new data in the whitening basis (and along the directions) of a reference sketch, raw and whitened
     * parts in a single pass, so that the result merges with the reference and with other sketches of the same basis
     * (scheduled runs: one day at a time).
     */
    public Result runWithReference(SampleSet samples, SketchBundle reference, InvalidRowPolicy policy) {
        if (!reference.isWhitened()) {
            throw new InvalidInputException("the reference sketch has no whitened part; make it with"
                    + " 'moments --whiten --order 3|4'");
        }
        SplitHalfSketch ref = reference.whitened();
        DirectionalSums dirs = reference.directional() == null ? null : DirectionalSums.empty(ref.dim(),
                reference.directional().directions(), reference.directional().nBatches());
        MomentPasses.PassResult p = passes.sketch(samples,
                new MomentPasses.PassPlan(2, ref.basis(), ref.order(), dirs).withScale(reference.scale()), policy,
                "pass 1/1: moments in the reference basis");
        requireRows(p.raw().count(), ref.order(), samples, p.skippedRows());
        return new Result(new SketchBundle(p.raw(), p.projected(), p.directional(), p.skippedRows(), p.scale()), null,
                p.seconds(), 0, p.firstSkipReason());
    }

    /**
     * @param rank null or "auto" for the automatic rank, else a positive integer (only with {@code whiten})
     */
    public Result run(SampleSet samples, int order, boolean whiten, String rank, InvalidRowPolicy policy) {
        return run(samples, order, whiten, rank, 0, 0L, policy);
    }

    /**
     * @param directions number of random whitened directions along which pass 2 also sums (θᵀz)^4 (out-of-sample
     *                   goodness of fit); 0 for none
     * @param seed       seed of those directions
     */
    public Result run(SampleSet samples, int order, boolean whiten, String rank, int directions, long seed,
                      InvalidRowPolicy policy) {
        if (order < 2 || order > 4) {
            throw new InvalidInputException("--order must be 2, 3 or 4, got " + order);
        }
        if (!whiten) {
            MomentPasses.PassResult p = passes.sketch(samples, MomentPasses.PassPlan.raw(order).scaledAsNeeded(),
                    policy, "pass 1/1: moments up to order " + order);
            requireRows(p.sketch().count(), order, samples, p.skippedRows());
            return new Result(new SketchBundle(p.sketch(), null, null, p.skippedRows(), p.scale()), null, p.seconds(),
                    0, p.firstSkipReason());
        }
        if (order < 3) {
            throw new InvalidInputException("--whiten needs --order 3 or 4 (the whitened order-2 moments are the identity)");
        }
        MomentPasses.PassResult p1 = passes.sketch(samples, MomentPasses.PassPlan.raw(2).scaledAsNeeded(), policy,
                "pass 1/2: mean and covariance");
        requireRows(p1.sketch().count(), order, samples, p1.skippedRows());
        MomentSketch total = p1.sketch().total();
        SymmetricEigen eig = Whitening.spectrum(total);
        int k = parseRank(rank, eig.values(), samples.dim());
        Whitening w = Whitening.of(total, eig, k, "rank");
        DirectionalSums dirs = directions <= 0 ? null : DirectionalSums.empty(k,
                DirectionalFourthMoments.randomDirections(k, directions, seed),
                DirectionalSums.DEFAULT_BATCHES);
        MomentPasses.PassResult p2 = passes.sketch(samples,
                MomentPasses.PassPlan.projected(w.basis(), order, dirs).withScale(p1.scale()), policy,
                "pass 2/2: whitened moments up to order " + order);
        return new Result(new SketchBundle(p1.sketch(), p2.sketch(), p2.directional(), p1.skippedRows(), p1.scale()), w,
                p1.seconds(), p2.seconds(), p1.firstSkipReason());
    }

    static int parseRank(String rank, double[] eigenvalues, int d) {
        if (rank == null || rank.equalsIgnoreCase("auto")) {
            int k = Whitening.autoRank(eigenvalues);
            if (k < 1) {
                throw new InvalidInputException("the covariance of the data is zero: every row is the same, so there"
                        + " is nothing to whiten");
            }
            return k;
        }
        try {
            return Integer.parseInt(rank.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--rank takes 'auto' or a whole number between 1 and d = " + d + ", got '"
                    + rank + "'");
        }
    }

    private static void requireRows(long count, int order, SampleSet samples, long skipped) {
        if (count == 0) {
            throw new InvalidInputException("input " + samples.source() + " has no valid rows"
                    + (skipped > 0 ? " (all " + skipped + " rows were invalid and skipped)" : "")
                    + "; nothing to learn from");
        }
        if (count < order + 1) {
            throw new InvalidInputException("input " + samples.source() + " has only " + count + " valid row(s);"
                    + " moments up to order " + order + " need at least " + (order + 1) + " rows (and far more to be"
                    + " accurate)");
        }
    }
}
