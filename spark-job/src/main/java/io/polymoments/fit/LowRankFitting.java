package io.polymoments.fit;

import io.polymoments.output.Json;
import io.polymoments.ml.ActivationSpec;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleSet;
import io.polymoments.learn.lowrank.LowRankFit;
import io.polymoments.learn.lowrank.LowRankOptions;
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

    /** The job's result, the learner settings it ran with, and the whole run's wall time. */
    public record Outcome(LowRankFitJob.Result result, LowRankOptions template, double totalSeconds)
            implements Fitting.Outcome {}

    /** Parses and cross-checks the settings (no Spark needed). */
    static void check(FitSpec spec, boolean fromSketch) {
        options(spec, rank(spec.rank()));
        hidden(spec.hidden());
        if (holdout(spec.holdout()) != null && fromSketch) {
            throw new InvalidInputException("--holdout applies when fitting from --input samples; a sketch holds"
                    + " no rows");
        }
    }

    static Outcome run(SparkSession spark, FitSpec spec, FitSource source, OutputSet outs) {
        Integer rank = rank(spec.rank());
        LowRankOptions template = options(spec, rank);
        Integer hidden = hidden(spec.hidden());
        Double holdout = holdout(spec.holdout());
        long t0 = System.nanoTime();
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("command", "fit");
        rep.put("modelKind", LowRankPushforwardModel.KIND);
        LowRankFitJob.Result res;
        if (source.fromSketch()) {
            SketchBundle bundle = new SketchStore(spark).load(source.sketch());
            if (hidden != null && bundle.isWhitened() && hidden != bundle.whitened().dim()) {
                throw new InvalidInputException("--hidden " + hidden + " contradicts the sketch, whitened to m = "
                        + bundle.whitened().dim() + " dimensions; drop --hidden or recompute the sketch with"
                        + " 'moments --whiten --order 4 --rank " + hidden + "'");
            }
            res = LowRankFitJob.fit(bundle, rank, template);
            rep.put("sketch", source.sketch());
        } else {
            SampleSet samples = source.samples();
            res = new LowRankFitJob(spark).run(samples, hidden, rank, holdout, template, source.policy());
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
        LowRankPushforwardModel.fromFit(res, params(spec, template, rank)).writeTo(outs.path(Fitting.OUT));
        double total = (System.nanoTime() - t0) * 1e-9;
        rep.put("model", outs.given(Fitting.OUT));
        rep.put("totalSeconds", total);
        if (outs.has(Fitting.REPORT)) {
            Reports.write(spark.sparkContext().hadoopConfiguration(), outs, Fitting.REPORT, Json.document(rep),
                    LowRankFitReport.build(res, template.degree()));
        }
        outs.commit();
        return new Outcome(res, template, total);
    }

    /** r, or null for {@code auto}. */
    static Integer rank(String spec) {
        return autoOrCount(spec, "--rank", "r >= 1 of latent variables");
    }

    /** m, or null for {@code auto}. */
    static Integer hidden(String spec) {
        return autoOrCount(spec, "--hidden", "m >= 1 of hidden units");
    }

    private static Integer autoOrCount(String spec, String option, String what) {
        String s = spec == null ? "auto" : spec.trim();
        if (s.equalsIgnoreCase("auto")) {
            return null;
        }
        try {
            int k = Integer.parseInt(s);
            if (k < 1) {
                throw new NumberFormatException();
            }
            return k;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + " takes 'auto' or a whole number " + what + ", got '" + spec + "'");
        }
    }

    /** The held-out fraction, or null for {@code auto}. */
    static Double holdout(String spec) {
        String s = spec == null ? "auto" : spec.trim();
        if (s.equalsIgnoreCase("auto")) {
            return null;
        }
        try {
            double f = Double.parseDouble(s);
            if (!(f == 0 || (f > 0 && f <= 0.5))) {
                throw new NumberFormatException();
            }
            return f;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--holdout takes 'auto', 0 (no held-out rows) or a fraction in (0, 0.5],"
                    + " got '" + spec + "'");
        }
    }

    /** The learner's settings; with an automatic r, rank = 1 until the search replaces it. */
    static LowRankOptions options(FitSpec c, Integer rank) {
        int r = rank == null ? 1 : rank;
        if (c.restarts() < 1) {
            throw new InvalidInputException("--restarts must be >= 1, got " + c.restarts());
        }
        if (c.affine() || !c.modelClass().trim().equalsIgnoreCase("auto")
                || !c.inputLaw().trim().equalsIgnoreCase("gaussian")) {
            throw new InvalidInputException("--affine, --model-class and --input-law apply to --model quadratic only");
        }
        ActivationSpec act = ActivationSpec.parse(c.activation(), c.degree());
        LowRankOptions o = switch (act.mode()) {
            case FREE -> LowRankOptions.free(1, r, act.degree());
            case KNOWN -> LowRankOptions.known(1, r, act.sigma());
            case KNOWN_UNKNOWN_NORMS -> LowRankOptions.unknownNorms(1, r, act.sigma());
        };
        return o.withNRestarts(c.restarts()).withSeed(c.seed()).withStrictIdentifiability(c.strict());
    }

    private static Map<String, Object> params(FitSpec c, LowRankOptions o, Integer rank) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("hidden", c.hidden());
        p.put("rank", rank == null ? (Object) "auto" : rank);
        p.put("holdout", c.holdout());
        p.put("degree", o.degree());
        p.put("activation", c.activation());
        p.put("restarts", o.nRestarts());
        p.put("strict", c.strict());
        p.put("seed", o.seed());
        return p;
    }
}
