package io.polymoments.evaluate;

import io.polymoments.family.FamilyModel;
import io.polymoments.family.ModelFamily;
import io.polymoments.store.HardTruth;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleSet;
import io.polymoments.metrics.EvaluatedModel;
import io.polymoments.metrics.GaussianComparison;
import io.polymoments.metrics.HeldOutEvaluation;
import io.polymoments.metrics.MomentCheck;
import io.polymoments.metrics.SymmetryAlignment;
import io.polymoments.model.LowRankTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.report.Charts;
import io.polymoments.report.GaussianComparisonReport;
import io.polymoments.report.ModelComparisonReport;
import io.polymoments.report.HtmlReport;
import io.polymoments.report.ProjectionFigures;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.MomentPasses;
import io.polymoments.spark.SampleCollector;
import io.polymoments.spark.SketchJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code evaluate}: the data against a Gaussian with their own mean and covariance, and with a model (quadratic or
 * low-rank, a model directory or a truth written by {@code generate}) the model's held-out moment residuals, sliced W1
 * against its floor and, when the truth is known, the parameter error up to the model's symmetries; the JSON report and
 * the HTML page of it.
 */
public final class Evaluation {
    private Evaluation() {}

    /** Fewest data rows the comparison with a Gaussian accepts (its search half and held-out half need a few). */
    public static final int MIN_ROWS = 20;

    /**
     * An evaluation and its JSON form.
     *
     * @param report   the held-out checks of the model, or null without --model
     * @param gaussian   the data against a Gaussian with their mean and covariance
     * @param comparison the model beside a Gaussian and a Gaussian mixture, or null when not asked for
     */
    public record Result(HeldOutEvaluation.Report report, GaussianComparison.Result gaussian, Map<String, Object> json,
                         HtmlReport html, ModelComparison.Result comparison) {}

    /** The data against N(mean, covariance) on the collected rows; the moments are those of all n rows. */
    private static GaussianComparison.Result gaussianComparison(double[] rows, int d, io.polymoments.moments.MomentSketch all,
                                                                double[] v, int directions, long seed) {
        int nRows = rows.length / d;
        if (nRows < MIN_ROWS) {
            throw new InvalidInputException("the comparison with a Gaussian needs at least " + MIN_ROWS + " valid rows,"
                    + " the input has " + nRows);
        }
        try {
            return GaussianComparison.compare(rows, nRows, d, all.mean(), all.covariance(), all.count(), v,
                    GaussianComparison.Options.defaults().withNDirections(directions).withSeed(seed));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("comparison with a Gaussian: " + e.getMessage(), e);
        }
    }

    /** Without --model: one pass for the mean and covariance, the collected rows, the comparison. */
    private static Result gaussianOnly(SparkSession spark, SampleSet samples, InvalidRowPolicy policy,
                                           String truthPath, double[] v, int slicedSamples, int directions, long seed) {
        long t0 = System.nanoTime();
        MomentPasses.PassResult pass = new MomentPasses(spark).sketch(samples, 2, null, policy,
                "evaluate: mean and covariance");
        io.polymoments.moments.MomentSketch all = pass.sketch().total();
        long n = all.count();
        if (n < MIN_ROWS) {
            throw new InvalidInputException("input " + samples.source() + " has " + n + " valid row(s); the comparison"
                    + " with a Gaussian needs at least " + MIN_ROWS);
        }
        double tPasses = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        int d = samples.dim();
        double[] rows = SampleCollector.collect(samples, n, (int) Math.min(slicedSamples, n), seed);
        GaussianComparison.Result g = gaussianComparison(rows, d, all, v, directions, seed);
        double tDriver = (System.nanoTime() - t1) / 1e9;
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("model", null);
        j.put("input", samples.source());
        j.put("truth", truthPath);
        j.put("n", n);
        j.put("skippedRows", pass.skippedRows());
        j.put("d", d);
        j.put("gaussianComparison", GaussianComparisonReport.json(g));
        Map<String, Object> times = new LinkedHashMap<>();
        times.put("passesSeconds", tPasses);
        times.put("driverSeconds", tDriver);
        j.put("timings", times);
        HtmlReport html = new HtmlReport("polymoments evaluate: " + samples.source() + " against a Gaussian");
        html.row("rows", String.format(java.util.Locale.ROOT, "%,d (%,d compared)", n, g.rows()));
        GaussianComparisonReport.addTo(html, g);
        return new Result(null, g, j, html, null);
    }

    /** The HTML page: held-out checks against their noise levels and projections of data vs model samples. */
    private static HtmlReport page(HeldOutEvaluation.Report r, String source, EvaluatedModel m, double[] rows,
                                   io.polymoments.moments.Basis basis, long seed) {
        HtmlReport html = new HtmlReport("polymoments evaluate: " + source);
        html.row("verdict", r.verdict());
        html.row("rows", String.format(java.util.Locale.ROOT, "%,d", r.n()));
        html.row("sliced W1 / two-sample floor", String.format(java.util.Locale.ROOT, "%.3g", r.slicedW1Ratio()));
        if (r.parameterError() != null) {
            html.row("parameter error up to the model's symmetries", String.format(java.util.Locale.ROOT, "%.4g", r.parameterError()));
        }
        html.figure("moments.png", "Held-out residuals of the model's moments against their sampling noise (a correct"
                + " model sits at the noise level)", Charts.againstNoise("Held-out moments vs noise",
                new String[] {"mean", "covariance", "third cumulant", "sliced W1"},
                new double[] {r.mean().residual(), r.covariance().residual(), r.third().residual(), r.slicedW1()},
                new double[] {r.mean().noise(), r.covariance().noise(), r.third().noise(), r.slicedW1Floor()}));
        int d = basis.inputDim();
        if (rows.length >= 2 * d) {
            double[] model = m.sample(rows.length / d, seed + 7);
            ProjectionFigures.add(html, rows, model, basis, 2, seed);
        }
        return html;
    }

    /** The whole evaluation of {@code samples}: against a Gaussian, and with a model against the model. */
    public static Result run(SparkSession spark, String modelPath, SampleSet samples, InvalidRowPolicy policy, String truthPath,
                          String lawOverride, int slicedSamples, int directions, long seed) {
        return run(spark, modelPath, samples, policy, truthPath, lawOverride, slicedSamples, directions, seed, 0);
    }

    /**
     * As {@link #run(SparkSession, String, SampleSet, InvalidRowPolicy, String, String, int, int, long)}, and with a
     * model and {@code mixtureMaxK} &gt; 0 the model side by side with a Gaussian and a Gaussian mixture of up to
     * that many components ({@link ModelComparison}).
     */
    public static Result run(SparkSession spark, String modelPath, SampleSet samples, InvalidRowPolicy policy, String truthPath,
                          String lawOverride, int slicedSamples, int directions, long seed, int mixtureMaxK) {
        if (mixtureMaxK < 0) {
            throw new InvalidInputException(InvalidInputException.setting("mixtureMaxK") + " must be >= 0 (0: no"
                    + " comparison with Gaussian mixtures), got " + mixtureMaxK);
        }
        long t0 = System.nanoTime();
        // a hard-instance truth has no model to compare parameters with, only its hidden direction v
        double[] v = truthPath == null ? null : HardTruth.direction(spark, truthPath, samples.dim(), "--truth");
        if (modelPath == null) {
            if (truthPath != null && v == null) {
                throw new InvalidInputException("--truth " + truthPath + " is not a hard-instance truth ('generate --kind"
                        + " hard'); without --model only such a truth (its hidden direction v) is used: give --model"
                        + " to compare a model with this truth");
            }
            return gaussianOnly(spark, samples, policy, truthPath, v, slicedSamples, directions, seed);
        }
        FamilyModel m = ModelFamily.read(spark, modelPath, "--model");
        ModelFamily family = m.family();
        FamilyModel t = null;
        if (truthPath != null && v == null) {
            ModelFamily truthFamily = ModelFamily.of(spark, truthPath, "--truth");
            if (truthFamily != family) {
                throw new InvalidInputException("--truth " + truthPath + " is a " + truthFamily.label() + " model but"
                        + " --model " + modelPath + " is " + family.label() + " (not a " + family.label() + " truth or"
                        + " model); compare a model with the truth of its own family, or with a hard-instance truth");
            }
            t = family.load(spark, truthPath, "--truth");
        }
        m.checkLaw(lawOverride, "--law");
        String lawSpec = lawOverride != null ? lawOverride : m.lawSpec();
        RadialLaw law;
        try {
            law = RadialLaw.parse(lawSpec);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--law: " + e.getMessage());
        }
        int d = samples.dim();
        if (m.d() != d) {
            throw new InvalidInputException("the model " + modelPath + " has d = " + m.d() + " outputs but the"
                    + " input " + samples.source() + " has " + d + " coordinates; evaluate the model on data of its own"
                    + " dimension");
        }
        if (t != null && t.d() != d) {
            throw new InvalidInputException("the truth " + truthPath + " has d = " + t.d() + " outputs but"
                    + " the input has " + d);
        }
        int mDim = m.whitenedDimension();
        if (mDim > d) {
            throw new InvalidInputException("the model's whitened dimension " + mDim + " exceeds d = " + d);
        }
        SketchJob.Result sk = new SketchJob(spark).run(samples, 3, true, String.valueOf(mDim), policy);
        requireDataUnits(sk, samples);
        long n = sk.bundle().raw().count();
        double tPasses = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        double[] rows = SampleCollector.collect(samples, n, (int) Math.min(slicedSamples, n), seed);
        int nRows = rows.length / d;
        EvaluatedModel evaluated = m.evaluated(law);
        HeldOutEvaluation.Report r = new HeldOutEvaluation(directions, seed).evaluate(evaluated, sk.bundle(), rows,
                nRows);
        FamilyModel.Comparison against = t == null ? null : m.compare(r, law, t);
        if (against != null) {
            r = against.report();
        }
        GaussianComparison.Result g = gaussianComparison(rows, d, sk.bundle().raw().total(), v, directions, seed);
        double tDriver = (System.nanoTime() - t1) / 1e9;

        Map<String, Object> j = new LinkedHashMap<>();
        j.put("model", modelPath);
        j.put("family", family.name());
        j.put("input", samples.source());
        j.put("truth", truthPath);
        j.put("law", lawSpec);
        j.put("n", r.n());
        j.put("skippedRows", sk.bundle().skippedRows());
        j.put("d", d);
        j.putAll(m.shape());
        heldOutJson(j, r);
        if (against != null && against.json() != null) {
            j.put("againstTruth", against.json());
        }
        long t2 = System.nanoTime();
        boolean compare = mixtureMaxK > 0 && ModelComparison.possible(n);
        ModelComparison.Result comparison = !compare ? null : ModelComparison.run(spark, samples, n, policy,
                "pushforward (" + family.label() + ")", evaluated, m.parameterCount(), fitSeconds(m), mDim,
                mixtureMaxK, slicedSamples, directions, seed);
        if (mixtureMaxK > 0 && !compare) {
            j.put("comparison", Map.of("skipped", ModelComparison.tooFewRows(n)));
        }
        if (comparison != null) {
            Map<String, Object> cj = ModelComparisonReport.json(comparison);
            cj.put("seconds", (System.nanoTime() - t2) / 1e9);
            j.put("comparison", cj);
        }
        finishJson(j, r, g, tPasses, tDriver);
        HtmlReport html = page(r, m.source(), evaluated, rows, sk.bundle().whitened().basis(), seed);
        if (comparison != null) {
            ModelComparisonReport.addTo(html, comparison);
        }
        GaussianComparisonReport.addTo(html, g);
        return new Result(r, g, j, html, comparison);
    }

    /** The driver seconds of the fit as its saved diagnostics record them; null when they do not. */
    private static Double fitSeconds(FamilyModel m) {
        Object t = m.diagnostics() == null ? null : m.diagnostics().get("timingsSeconds");
        if (!(t instanceof Map<?, ?> timings) || timings.isEmpty()) {
            return null;
        }
        double s = 0;
        for (Object v : timings.values()) {
            if (v instanceof Number x) {
                s += x.doubleValue();
            }
        }
        return s;
    }

    /**
     * The held-out checks compare the model's exact moments with the data's in the data's own units, where the
     * squares of data the passes had to scale over- or underflow.
     */
    private static void requireDataUnits(SketchJob.Result sk, SampleSet samples) {
        if (sk.bundle().scale() != null) {
            throw new InvalidInputException("input " + samples.source() + ": the data's squares leave the double range"
                    + " (the moment passes had to sketch " + sk.bundle().scale().describe() + "), and evaluate compares"
                    + " the model's moments with the data's in the data's own units. Evaluate data and a model in"
                    + " units near 1 (divide the values by a power of two close to their magnitude and fit them), or"
                    + " rely on the checks of 'fit --report', which run in the scaled units.");
        }
    }

    /** The model-independent sections: whitened dimension, moment checks, sliced W1. */
    private static void heldOutJson(Map<String, Object> j, HeldOutEvaluation.Report r) {
        j.put("whitenedDimension", r.m());
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("mean", check(r.mean()));
        checks.put("covariance", check(r.covariance()));
        checks.put("thirdCumulant", check(r.third()));
        j.put("moments", checks);
        j.put("covarianceRelativeRaw", r.rawCovarianceRelative());
        Map<String, Object> sw = new LinkedHashMap<>();
        sw.put("samples", r.slicedSamples());
        sw.put("directions", r.slicedDirections());
        sw.put("w1", r.slicedW1());
        sw.put("floor", r.slicedW1Floor());
        sw.put("ratio", r.slicedW1Ratio());
        j.put("slicedWasserstein1", sw);
    }

    /** Verdict, thresholds, notes, the comparison with a Gaussian and timings. */
    private static void finishJson(Map<String, Object> j, HeldOutEvaluation.Report r, GaussianComparison.Result g,
                                   double tPasses, double tDriver) {
        j.put("consistent", r.consistent());
        j.put("verdict", r.verdict());
        j.put("thresholds", Map.of("momentRatio", HeldOutEvaluation.MAX_MOMENT_RATIO,
                "slicedRatio", HeldOutEvaluation.MAX_SLICED_RATIO));
        j.put("notes", r.notes());
        j.put("gaussianComparison", GaussianComparisonReport.json(g));
        Map<String, Object> times = new LinkedHashMap<>();
        times.put("passesSeconds", tPasses);
        times.put("driverSeconds", tDriver);
        j.put("timings", times);
    }

    private static Map<String, Object> check(MomentCheck c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("residual", c.residual());
        m.put("noise", c.noise());
        m.put("ratio", c.ratio());
        m.put("relative", c.relative());
        return m;
    }
}
