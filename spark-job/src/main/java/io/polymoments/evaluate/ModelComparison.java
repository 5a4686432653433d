package io.polymoments.evaluate;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleSet;
import io.polymoments.metrics.EvaluatedModel;
import io.polymoments.metrics.HeldOutEvaluation;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.Whitening;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.MomentPasses;
import io.polymoments.spark.RowSplit;
import io.polymoments.spark.SampleCollector;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The pushforward side by side with what a Spark user would fit instead (docs/evaluation.md §3): a Gaussian and an
 * MLlib Gaussian mixture with k chosen by held-out likelihood. A seeded hash of each row's values (independent of
 * the split halves) sends a share of the rows to the mixtures, which never see the others; every model is then
 * judged on those others by the same checks — the held-out moments of orders 1–3 in units of their sampling noise,
 * sliced W1 against the floor of the model's own draws — beside its number of parameters and its fit time.
 */
public final class ModelComparison {
    /** Rows the mixtures fit to (three quarters) and validate k on (one quarter), at most. */
    public static final int MIXTURE_ROWS = 20_000;
    /** Largest share of the rows the mixtures take (small data sets keep half their rows for the comparison). */
    static final double MAX_MIXTURE_SHARE = 0.5;
    /** Fewest rows the mixtures and the compared part each need. */
    static final long MIN_ROWS = 200;
    private static final long SALT = 0x5DEECE66DL;

    /**
     * One model of the table.
     *
     * @param name       "pushforward (quadratic)", "Gaussian", "Gaussian mixture (k = 3)"
     * @param fitSeconds seconds its fit took, null when unknown (a model directory without timings)
     */
    public record Entry(String name, long parameters, Double fitSeconds, HeldOutEvaluation.Report report) {
        public boolean fits() {
            return report.consistent();
        }
    }

    /**
     * @param entries      pushforward, Gaussian, mixture (the mixture left out when k = 1 was chosen)
     * @param search       the mixtures tried
     * @param comparedRows rows the models are judged on
     * @param mixtureRows  rows the mixtures saw
     * @param preferred    the entry the comparison prefers (see {@link #preferred})
     */
    public record Result(List<Entry> entries, MixtureSearch.Selection search, long comparedRows, long mixtureRows,
                         Entry preferred, String sentence) {}

    private ModelComparison() {}

    /**
     * @param n           valid rows of {@code samples} (from the evaluation's own passes)
     * @param pushforward the fitted model, named {@code name}, with its parameters and fit time
     * @param m           the whitened dimension the checks use (the pushforward's)
     * @param maxK        most mixture components tried (≥ 1)
     */
    public static Result run(SparkSession spark, SampleSet samples, long n, InvalidRowPolicy policy, String name,
                             EvaluatedModel pushforward, long parameters, Double fitSeconds, int m, int maxK,
                             int slicedSamples, int directions, long seed) {
        if (!possible(n)) {
            throw new InvalidInputException("the comparison with a Gaussian mixture needs at least " + 2 * MIN_ROWS
                    + " valid rows, the input has " + n + "; give more rows or leave the comparison out ("
                    + InvalidInputException.setting("mixtureMaxK") + " 0)");
        }
        double share = Math.min(MAX_MIXTURE_SHARE, MIXTURE_ROWS / (double) n);
        RowSplit split = new RowSplit(seed ^ SALT, share, share);
        MomentPasses passes = new MomentPasses(spark);
        MomentPasses.PassResult p1 = passes.sketch(samples, MomentPasses.PassPlan.raw(2).withSplit(split), policy,
                "comparison pass 1/2: mean and covariance of the compared rows");
        MomentSketch total = p1.sketch().total();
        Whitening w = Whitening.of(total, Whitening.spectrum(total), m, "rank");
        MomentPasses.PassResult p2 = passes.sketch(samples, MomentPasses.PassPlan.projected(w.basis(), 3, null)
                .withSplit(split), policy, "comparison pass 2/2: whitened moments of the compared rows");
        SketchBundle bundle = new SketchBundle(p1.sketch(), p2.sketch(), null, p1.skippedRows(), null);
        int d = samples.dim();
        double[] rows = compared(SampleCollector.collect(samples, n, slicedSamples, seed), d, split);
        int nRows = rows.length / d;

        MixtureSearch.Selection search = MixtureSearch.search(spark, p1.keptRows(), d, maxK, seed);
        HeldOutEvaluation check = new HeldOutEvaluation(directions, seed);
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(name, parameters, fitSeconds, check.evaluate(pushforward, bundle, rows, nRows)));
        MixtureSearch.Candidate one = search.candidates().get(0);
        entries.add(new Entry("Gaussian", one.mixture().parameterCount(), one.seconds(),
                check.evaluate(EvaluatedModel.mixture(one.mixture()), bundle, rows, nRows)));
        MixtureSearch.Candidate best = search.chosen();
        if (best.k() > 1) {
            entries.add(new Entry("Gaussian mixture (k = " + best.k() + ")", best.mixture().parameterCount(),
                    search.seconds(), check.evaluate(EvaluatedModel.mixture(best.mixture()), bundle, rows, nRows)));
        }
        Entry preferred = preferred(entries);
        return new Result(List.copyOf(entries), search, total.count(), p1.keptRows().length / d, preferred,
                sentence(entries, preferred));
    }

    /** Whether n rows are enough for mixtures on one side and compared rows on the other. */
    public static boolean possible(long n) {
        return n >= 2 * MIN_ROWS;
    }

    /** Why the comparison was left out of an evaluation of n rows. */
    public static String tooFewRows(long n) {
        return "left out: the comparison with Gaussian mixtures needs at least " + 2 * MIN_ROWS + " rows (some to fit"
                + " the mixtures, the others to judge every model on), the input has " + n;
    }

    /**
     * Among the models whose held-out checks pass, the one with the fewest parameters; when none passes, the one
     * whose sliced W1 is nearest its floor (it comes closest, and the sentence says none fits).
     */
    static Entry preferred(List<Entry> entries) {
        Entry best = null;
        for (Entry e : entries) {
            if (e.fits() && (best == null || e.parameters() < best.parameters())) {
                best = e;
            }
        }
        if (best != null) {
            return best;
        }
        for (Entry e : entries) {
            if (best == null || e.report().slicedW1Ratio() < best.report().slicedW1Ratio()) {
                best = e;
            }
        }
        return best;
    }

    private static String sentence(List<Entry> entries, Entry preferred) {
        if (!preferred.fits()) {
            return "none of the models is consistent with the held-out rows; " + preferred.name()
                    + " comes closest (sliced W1 " + String.format(java.util.Locale.ROOT, "%.3g",
                    preferred.report().slicedW1Ratio()) + " x its floor)";
        }
        StringBuilder sb = new StringBuilder(preferred.name() + " explains the held-out rows with the fewest"
                + " parameters (" + preferred.parameters() + ")");
        for (Entry e : entries) {
            if (e != preferred) {
                sb.append(e.fits() ? "; " + e.name() + " fits too, with " + e.parameters()
                        : "; " + e.name() + " does not fit");
            }
        }
        return sb.toString();
    }

    /** The rows the mixtures did not see. */
    private static double[] compared(double[] rows, int d, RowSplit split) {
        int n = rows.length / d;
        double[] out = new double[rows.length];
        double[] row = new double[d];
        int o = 0;
        for (int r = 0; r < n; r++) {
            System.arraycopy(rows, r * d, row, 0, d);
            if (!split.heldOut(row)) {
                System.arraycopy(row, 0, out, o * d, d);
                o++;
            }
        }
        return java.util.Arrays.copyOf(out, o * d);
    }
}
