package io.polymoments.cli;

import io.polymoments.ml.ActivationSpec;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleSet;
import io.polymoments.learn.lowrank.LowRankFit;
import io.polymoments.learn.lowrank.LowRankOptions;
import io.polymoments.learn.lowrank.SlicedCheck;
import io.polymoments.ml.LowRankDiagnostics;
import io.polymoments.ml.LowRankPushforwardModel;
import io.polymoments.moments.SketchBundle;
import io.polymoments.spark.AtomicOutput;
import io.polymoments.spark.LowRankFitJob;
import io.polymoments.spark.SketchStore;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** {@code fit --model lowrank}: options → {@link LowRankFitJob} (or a stored sketch) → model directory and report. */
final class LowRankFitting {
    private LowRankFitting() {}

    static int run(FitCommand c) {
        LowRankOptions template = options(c);
        Integer hidden = hidden(c.hidden);
        SparkSession spark = Sessions.get("fit");
        AtomicOutput.checkWritable(spark, c.out, c.overwrite);
        if (c.sketchOut != null) {
            if (c.source.sketch != null) {
                throw new InvalidInputException("--sketch-out only applies when fitting from --input samples");
            }
            AtomicOutput.checkWritable(spark, c.sketchOut, c.overwrite);
        }
        long t0 = System.nanoTime();
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("command", "fit");
        rep.put("modelKind", LowRankPushforwardModel.KIND);
        LowRankFit fit;
        long n;
        SlicedCheck sliced = null;
        if (c.source.sketch != null) {
            SketchBundle bundle = new SketchStore(spark).load(c.source.sketch);
            if (hidden != null && bundle.isWhitened() && hidden != bundle.whitened().dim()) {
                throw new InvalidInputException("--hidden " + hidden + " contradicts the sketch, whitened to m = "
                        + bundle.whitened().dim() + " dimensions; drop --hidden or recompute the sketch with"
                        + " 'moments --whiten --order 4 --rank " + hidden + "'");
            }
            fit = LowRankFitJob.fit(bundle, template);
            n = bundle.whitened().count();
            rep.put("sketch", c.source.sketch);
        } else {
            SampleSet samples = c.source.samples.read(spark);
            LowRankFitJob.Result r = new LowRankFitJob(spark).run(samples, hidden, template, c.source.samples.policy());
            fit = r.fit();
            sliced = r.slicedCheck();
            n = r.bundle().whitened().count();
            rep.put("input", samples.source());
            rep.put("hiddenDecision", r.hiddenReason());
            rep.put("eigenvalues", r.eigenvalues());
            rep.put("pass1Seconds", r.pass1Seconds());
            rep.put("pass2Seconds", r.pass2Seconds());
            rep.put("skippedRows", r.bundle().skippedRows());
            if (c.sketchOut != null) {
                new SketchStore(spark).save(r.bundle(), c.sketchOut, c.overwrite);
            }
        }
        int m = fit.model() != null ? fit.model().units() : -1;
        int d = fit.model() != null ? fit.model().outputDim() : -1;
        Map<String, Object> diagnostics = LowRankDiagnostics.of(fit, n, d, m, template.rank());
        if (sliced != null) {
            diagnostics.put("slicedW1", slicedJson(sliced));
        } else if (c.source.sketch != null && fit.model() != null) {
            diagnostics.put("slicedW1", "not computed: a sketch holds no rows (fit from --input, or run 'evaluate')");
        }
        rep.put("diagnostics", diagnostics);
        if (fit.model() == null) {
            // nothing to save: report why and exit with bad input (the data hold no identifiable structure)
            if (c.report != null) {
                Json.writeFile(c.report, rep);
            }
            throw new InvalidInputException("no low-rank model fitted: " + fit.verdict() + " - " + fit.message());
        }
        LowRankPushforwardModel model = LowRankPushforwardModel.fromFit(fit, n, params(c, template));
        model.save(c.out, c.overwrite);
        double total = (System.nanoTime() - t0) * 1e-9;
        rep.put("model", c.out);
        rep.put("totalSeconds", total);
        if (c.report != null) {
            Json.writeFile(c.report, rep);
        }
        System.out.print(LowRankDiagnostics.summary(fit, d, m, template.rank(), template.degree(), n));
        if (sliced != null) {
            System.out.println(sliced.summary());
        }
        System.out.printf(Locale.ROOT, "timings (ms): step A %d; step B %d; step C %d; step D %d; total %.2f s%n",
                fit.millis()[0], fit.millis()[1], fit.millis()[2], fit.millis()[3], total);
        System.out.println("wrote " + c.out + (c.report == null ? "" : " and " + c.report));
        return PolymomentsCli.EXIT_OK;
    }

    /** The Step D distribution check for the report; ratio fails above {@link SlicedCheck#MAX_RATIO}. */
    static Map<String, Object> slicedJson(SlicedCheck s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("samples", s.samples());
        o.put("directions", s.directions());
        o.put("coordinates", "whitened");
        o.put("w1", s.w1());
        o.put("floor", s.floor());
        o.put("ratio", Double.isFinite(s.ratio()) ? (Object) s.ratio() : String.valueOf(s.ratio()));
        o.put("maxRatio", SlicedCheck.MAX_RATIO);
        o.put("passes", s.passes());
        return o;
    }

    static LowRankOptions options(FitCommand c) {
        String rk = c.rank.trim();
        int r;
        try {
            r = Integer.parseInt(rk);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--model lowrank needs the latent dimension as a number, --rank R (R >= 1);"
                    + " got '" + c.rank + "' (automatic r is not supported: compare fits of several r by their cost)");
        }
        if (r < 1) {
            throw new InvalidInputException("--rank must be >= 1, got " + r);
        }
        if (c.restarts < 1) {
            throw new InvalidInputException("--restarts must be >= 1, got " + c.restarts);
        }
        if (c.affine || !c.modelClass.trim().equalsIgnoreCase("auto") || !c.inputLaw.trim().equalsIgnoreCase("gaussian")) {
            throw new InvalidInputException("--affine, --model-class and --input-law apply to --model quadratic only");
        }
        ActivationSpec act = ActivationSpec.parse(c.activation, c.degree);
        LowRankOptions o = switch (act.mode()) {
            case FREE -> LowRankOptions.free(1, r, act.degree());
            case KNOWN -> LowRankOptions.known(1, r, act.sigma());
            case KNOWN_UNKNOWN_NORMS -> LowRankOptions.unknownNorms(1, r, act.sigma());
        };
        return o.withNRestarts(c.restarts).withSeed(c.seed).withStrictIdentifiability(c.strict);
    }

    static Integer hidden(String spec) {
        String s = spec == null ? "auto" : spec.trim();
        if (s.equalsIgnoreCase("auto")) {
            return null;
        }
        try {
            int m = Integer.parseInt(s);
            if (m < 1) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--hidden takes 'auto' or a whole number m >= 1 of hidden units, got '"
                    + spec + "'");
        }
    }

    private static Map<String, Object> params(FitCommand c, LowRankOptions o) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("hidden", c.hidden);
        p.put("rank", o.rank());
        p.put("degree", o.degree());
        p.put("activation", c.activation);
        p.put("restarts", o.nRestarts());
        p.put("strict", c.strict);
        p.put("seed", o.seed());
        return p;
    }
}
