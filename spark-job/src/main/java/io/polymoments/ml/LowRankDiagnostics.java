package io.polymoments.ml;

import io.polymoments.learn.lowrank.LowRankFit;
import io.polymoments.learn.lowrank.RankSearch;
import io.polymoments.learn.lowrank.SlicedCheck;
import io.polymoments.spark.LowRankFitJob;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link LowRankFit}'s verdict and diagnostics as plain maps (JSON through Jackson): cost against its noise level,
 * Jacobian null-space size against r(r−1)/2, the identifiability warning, restarts and timings; for a fit job also the
 * automatic choice of r and the sliced-W1 distribution check. Non-finite numbers are written as strings ("NaN",
 * "Infinity").
 */
public final class LowRankDiagnostics {
    private LowRankDiagnostics() {}

    /** A fit job's diagnostics: the fit's, plus {@code rankSelection} and {@code slicedW1}. */
    public static Map<String, Object> of(LowRankFitJob.Result res) {
        LowRankFit fit = res.fit();
        Map<String, Object> o = of(fit, res.bundle().whitened().count(), res.bundle().raw().dim(),
                res.bundle().whitened().dim(), res.rank());
        if (res.rankSearch() != null) {
            o.put("rankSelection", rankJson(res.rankSearch()));
        }
        if (res.slicedCheck() != null) {
            o.put("slicedW1", slicedJson(res.slicedCheck(), res.checkRows(), res.heldOutRows()));
        } else if (fit.model() != null && res.checkRows() != null) {
            o.put("slicedW1", res.checkRows());
        }
        if (res.bundle().scale() != null) {
            o.put("units", "the passes sketched " + res.bundle().scale().describe() + " (the data's squares leave the"
                    + " double range); moments, spectra and the check are in those units, the model in the data's");
        }
        return o;
    }

    /** The Step D distribution check: fails when the data lie beyond every null draw and ratio > maxRatio. */
    static Map<String, Object> slicedJson(SlicedCheck s, String rows, long heldOutRows) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("rows", rows);
        o.put("heldOutRows", heldOutRows);
        o.put("samples", s.samples());
        o.put("directions", s.directions());
        o.put("coordinates", "whitened");
        o.put("w1", s.w1());
        o.put("floor", s.floor());
        o.put("floorSd", s.floorSd());
        o.put("nullDraws", s.nullDraws());
        o.put("ratio", num(s.ratio()));
        o.put("z", num(s.z()));
        o.put("pValue", s.pValue());
        o.put("maxRatio", SlicedCheck.MAX_RATIO);
        o.put("passes", s.passes());
        return o;
    }

    /** How r was chosen: the rule's sentence and every candidate's verdict, cost and null space. */
    static Map<String, Object> rankJson(RankSearch.Result s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("rule", "smallest r whose moments fit (and whose law passes the sliced check)");
        o.put("chosen", s.rank());
        o.put("reason", s.reason());
        java.util.List<Map<String, Object>> trials = new java.util.ArrayList<>();
        for (RankSearch.Trial t : s.trials()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("r", t.rank());
            if (t.skipped() != null) {
                x.put("skipped", t.skipped());
            } else {
                x.put("verdict", t.verdict().name());
                x.put("cost", num(t.cost()));
                x.put("noiseLevel", num(t.noiseLevel()));
                x.put("nullDimension", t.nullDimension());
                x.put("expectedNullDimension", t.expectedNullDimension());
            }
            trials.add(x);
        }
        o.put("trials", trials);
        return o;
    }

    public static Map<String, Object> of(LowRankFit fit, long n, int d, int m, int r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("verdict", fit.verdict().name());
        o.put("message", fit.message());
        o.put("d", d);
        o.put("m", m);
        o.put("r", r);
        o.put("n", n);
        o.put("cost", num(fit.cost()));
        o.put("noiseLevel", num(fit.noiseLevel()));
        o.put("costOverNoise", num(fit.cost() / fit.noiseLevel()));
        o.put("momentResiduals", fit.momentResiduals());
        o.put("parameters", fit.parameters());
        o.put("nullDimension", fit.nullDimension());
        o.put("expectedNullDimension", fit.expectedNullDimension());
        o.put("identifiabilityWarning", fit.identifiabilityWarning());
        o.put("restartCosts", nums(fit.restartCosts()));
        o.put("bestRestart", fit.restartCosts().length == 0 ? -1 : fit.bestRestart());
        o.put("candidateDirections", fit.poolSize());
        o.put("contrastOrder", fit.contrastOrder());
        o.put("contrastMaxima", nums(fit.contrastMaxima()));
        o.put("gaussianityZ", nums(fit.gaussianityZ()));
        Map<String, Object> t = new LinkedHashMap<>();
        String[] steps = {"stepA", "stepB", "stepC", "stepD"};
        for (int i = 0; i < steps.length && i < fit.millis().length; i++) {
            t.put(steps[i], fit.millis()[i]);
        }
        o.put("millis", t);
        return o;
    }

    /** The printed summary: verdict, cost vs noise, null space vs r(r−1)/2, warning. */
    public static String summary(LowRankFit fit, int d, int m, int r, int degree, long n) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT, "model: low-rank degree-%d network, d = %d outputs, m = %d"
                + " hidden units, r = %d latent variables (n = %,d)%n", degree, d, m, r, n));
        sb.append("verdict: ").append(fit.verdict()).append(" - ").append(fit.message()).append('\n');
        sb.append(String.format(java.util.Locale.ROOT, "cost %.4g vs noise level %.4g; Jacobian null space %d"
                        + " (expected r(r-1)/2 = %d); %d restarts, best %d%n", fit.cost(), fit.noiseLevel(),
                fit.nullDimension(), fit.expectedNullDimension(), fit.restartCosts().length,
                fit.restartCosts().length == 0 ? -1 : fit.bestRestart()));
        if (fit.identifiabilityWarning() != null) {
            sb.append("warning: ").append(fit.identifiabilityWarning()).append('\n');
        }
        return sb.toString();
    }

    static Object num(double v) {
        return Double.isFinite(v) ? (Object) v : String.valueOf(v);
    }

    static Object[] nums(double[] v) {
        Object[] o = new Object[v == null ? 0 : v.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = num(v[i]);
        }
        return o;
    }
}
