package io.polymoments.fit;

import io.polymoments.output.Json;
import static io.polymoments.InvalidInputException.setting;

import io.polymoments.InvalidInputException;
import io.polymoments.family.LowRankFamily;
import io.polymoments.datasets.SampleSet;
import io.polymoments.learn.lowrank.LowRankFit;
import io.polymoments.learn.Count;
import io.polymoments.learn.lowrank.LowRankSettings;
import io.polymoments.ml.LowRankDiagnostics;
import io.polymoments.ml.LowRankPushforwardModel;
import io.polymoments.moments.SketchBundle;
import io.polymoments.output.OutputSet;
import io.polymoments.report.LowRankFitReport;
import io.polymoments.report.Reports;
import io.polymoments.spark.LowRankFitJob;
import io.polymoments.store.SketchStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The low-rank family's fit: settings → {@link LowRankFitJob} (or a stored sketch) → model, report, sketch. */
public final class LowRankFitting {
    private LowRankFitting() {}

    /** The job's result, the settings it ran with, and the whole run's wall time. */
    public record Outcome(LowRankFitJob.Result result, LowRankSettings settings, double totalSeconds)
            implements Fitting.Outcome {}

    /** Parses and cross-checks the settings (no Spark needed). */
    public static void check(FitSpec spec, boolean fromSketch) {
        LowRankSettings s = settings(spec);
        if (s.holdout() != null && fromSketch) {
            throw new InvalidInputException(setting("holdout") + " applies when fitting from samples; a sketch holds"
                    + " no rows");
        }
    }

    public static Outcome run(SparkSession spark, FitSpec spec, FitSource source, OutputSet outs) {
        LowRankSettings settings = settings(spec);
        long t0 = System.nanoTime();
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("command", "fit");
        rep.put("family", LowRankFamily.INSTANCE.name());
        LowRankFitJob.Result res;
        if (source.fromSketch()) {
            SketchBundle bundle = new SketchStore(spark).load(source.sketch());
            Integer hidden = settings.hidden().value();
            if (hidden != null && bundle.isWhitened() && hidden != bundle.whitened().dim()) {
                throw new InvalidInputException(setting("hidden") + " " + hidden + " contradicts the sketch, whitened"
                        + " to m = " + bundle.whitened().dim() + " dimensions; drop " + setting("hidden")
                        + " or recompute the sketch with 'moments --whiten --order 4 --rank " + hidden + "'");
            }
            res = LowRankFitJob.fit(bundle, settings);
            rep.put("sketch", source.sketch());
        } else {
            SampleSet samples = source.samples();
            res = new LowRankFitJob(spark).run(samples, settings, source.policy());
            rep.put("input", samples.source());
            rep.put("hiddenDecision", res.hiddenReason());
            rep.put("eigenvalues", res.eigenvalues());
            rep.put("pass1Seconds", res.pass1Seconds());
            rep.put("pass2Seconds", res.pass2Seconds());
            rep.put("skippedRows", res.bundle().skippedRows());
            rep.put("heldOutRows", res.heldOutRows());
            if (outs.has(Fitting.SKETCH_OUT)) {
                new SketchStore(spark).write(res.bundle(), outs.path(Fitting.SKETCH_OUT));
            }
        }
        LowRankFit fit = res.fit();
        rep.put("diagnostics", LowRankDiagnostics.of(res));
        if (fit.model() == null) {
            // nothing to save: the data hold no identifiable structure (bad input; nothing is written)
            throw new InvalidInputException("no low-rank model fitted: " + fit.verdict() + " - " + fit.message());
        }
        LowRankPushforwardModel.fromFit(res, settings).writeTo(outs.path(Fitting.OUT));
        double total = (System.nanoTime() - t0) * 1e-9;
        rep.put("model", outs.given(Fitting.OUT));
        rep.put("totalSeconds", total);
        if (outs.has(Fitting.REPORT)) {
            Reports.write(spark.sparkContext().hadoopConfiguration(), outs, Fitting.REPORT, Json.document(rep),
                    LowRankFitReport.build(res, settings.activationSpec().degree()));
        }
        outs.commit();
        return new Outcome(res, settings, total);
    }

    /** The family's settings from the spec; the quadratic-only settings are refused. */
    public static LowRankSettings settings(FitSpec c) {
        if (c.affine() || !c.modelClass().trim().equalsIgnoreCase("auto")
                || !c.inputLaw().trim().equalsIgnoreCase("gaussian") || !c.noise().trim().equalsIgnoreCase("auto")) {
            throw new InvalidInputException(setting("affine") + ", " + setting("modelClass") + ", "
                    + setting("inputLaw") + " and " + setting("noise") + " apply to " + setting("family")
                    + " quadratic only");
        }
        return new LowRankSettings(Count.parse(c.hidden(), "hidden"), Count.parse(c.rank(), "rank"),
                LowRankSettings.parseHoldout(c.holdout()), c.activation(), c.degree(), c.restarts(), c.strict(),
                c.seed());
    }
}
