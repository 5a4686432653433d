package io.polymoments.fit;

import static io.polymoments.InvalidInputException.setting;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleSet;
import io.polymoments.family.QuadraticFamily;
import io.polymoments.learn.Count;
import io.polymoments.learn.quadratic.InputLaw;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.learn.quadratic.QuadraticLearner;
import io.polymoments.ml.FitDiagnostics;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.learn.quadratic.QuadraticSettings;
import io.polymoments.metrics.EvaluatedModel;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.Whitening;
import io.polymoments.output.Json;
import io.polymoments.output.OutputSet;
import io.polymoments.report.FitReport;
import io.polymoments.report.HtmlReport;
import io.polymoments.report.ProjectionFigures;
import io.polymoments.report.Reports;
import io.polymoments.spark.QuadraticFitJob;
import io.polymoments.spark.SampleCollector;
import io.polymoments.store.SketchStore;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The quadratic family's fit: settings → {@link QuadraticFitJob} (or a stored sketch) → model, report, sketch. */
public final class QuadraticFitting {
    /** Rows of data and of model samples in the report's projection figures. */
    private static final int PROJECTION_ROWS = 20_000;

    private QuadraticFitting() {}

    /** The fit, and the whole run's wall time. */
    public record Outcome(QuadraticFit fit, double totalSeconds) implements Fitting.Outcome {}

    public static Outcome run(SparkSession spark, FitSpec spec, FitSource source, OutputSet outs) {
        QuadraticSettings settings = settings(spec);
        QuadraticLearner.Options options = settings.options();
        long t0 = System.nanoTime();
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("command", "fit");
        rep.put("family", QuadraticFamily.INSTANCE.name());
        QuadraticFit fit;
        String inputCol = "y";
        SketchBundle bundle;
        if (source.fromSketch()) {
            bundle = new SketchStore(spark).load(source.sketch());
            fit = QuadraticLearner.fit(bundle, options);
            rep.put("sketch", source.sketch());
        } else {
            QuadraticFitJob.Result r = new QuadraticFitJob(spark).run(source.samples(), options, source.policy());
            fit = r.fit();
            bundle = r.bundle();
            rep.put("input", source.samples().source());
            rep.put("pass1Seconds", r.pass1Seconds());
            rep.put("pass2Seconds", r.pass2Seconds());
            rep.put("skippedRows", r.bundle().skippedRows());
            inputCol = source.column();
            if (outs.has(Fitting.SKETCH_OUT)) {
                new SketchStore(spark).write(r.bundle(), outs.path(Fitting.SKETCH_OUT));
            }
        }
        QuadraticPushforwardModel.fromFit(fit, settings, inputCol).writeTo(outs.path(Fitting.OUT));
        double total = (System.nanoTime() - t0) * 1e-9;
        rep.put("model", outs.given(Fitting.OUT));
        rep.put("totalSeconds", total);
        rep.put("diagnostics", FitDiagnostics.of(fit, true));
        if (outs.has(Fitting.REPORT)) {
            writeReport(spark, outs, fit, bundle, source.fromSketch() ? null : source.samples(), rep, spec.seed());
        }
        outs.commit();
        return new Outcome(fit, total);
    }

    /** JSON plus the HTML page with figures; data-vs-model projection plots only when the samples were read. */
    private static void writeReport(SparkSession spark, OutputSet outs, QuadraticFit fit, SketchBundle bundle,
                                    SampleSet samples, Map<String, Object> rep, long seed) {
        double[] eigenvalues = Whitening.spectrum(bundle.raw().total()).values();
        HtmlReport html = FitReport.build(fit, eigenvalues);
        if (samples != null && bundle.isWhitened()) {
            int rows = (int) Math.min(PROJECTION_ROWS, bundle.raw().count());
            double[] data = SampleCollector.collect(samples, bundle.raw().count(), rows, seed);
            String law = fit.modelClass() == ModelClass.ROTATION_INVARIANT
                    ? RadialLaw.matchingSpec(fit.alpha2(), fit.alpha3(), fit.r()) : "gaussian";
            if (law != null && data.length > 0) {
                // the model the data are compared with is p(x) + ε: its draws carry the fitted noise
                double[] model = EvaluatedModel.withNoise(EvaluatedModel.quadratic(fit.model(), RadialLaw.parse(law)),
                        fit.noise().noise()).sample(data.length / samples.dim(), seed + 1);
                ProjectionFigures.add(html, data, model, bundle.scale() == null ? bundle.whitened().basis()
                        : bundle.scale().toDataUnits(bundle.whitened().basis()), 2, seed);
            }
        }
        Reports.write(spark.sparkContext().hadoopConfiguration(), outs, Fitting.REPORT, Json.document(rep), html);
    }

    /** The family's settings from the spec; the low-rank settings are refused. */
    public static QuadraticSettings settings(FitSpec spec) {
        if (!spec.holdout().trim().equalsIgnoreCase("auto")) {
            throw new InvalidInputException(setting("holdout") + " applies to " + setting("family") + " lowrank only"
                    + " (the quadratic fit checks itself on split halves of the data)");
        }
        ModelClass cls;
        String mc = spec.modelClass().trim().toLowerCase(Locale.ROOT);
        if (mc.equals("auto")) {
            cls = spec.affine() ? ModelClass.AFFINE : null;
        } else if (mc.equals("homogeneous") || mc.equals("affine")) {
            cls = ModelClass.parse(mc);
            if (spec.affine() && cls != ModelClass.AFFINE) {
                throw new InvalidInputException(setting("affine") + " contradicts " + setting("modelClass") + " "
                        + spec.modelClass());
            }
        } else {
            throw new InvalidInputException(setting("modelClass") + " takes auto, homogeneous or affine, got '"
                    + spec.modelClass() + "'");
        }
        InputLaw law;
        try {
            law = InputLaw.parse(spec.inputLaw());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(setting("inputLaw") + ": " + e.getMessage(), e);
        }
        return new QuadraticSettings(Count.parse(spec.rank(), "rank"), cls, law, spec.seed(), spec.maxIter(),
                spec.tol(), QuadraticSettings.noiseKind(spec.noise()));
    }
}
