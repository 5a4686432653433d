package io.polymoments.ml;

import io.polymoments.learn.lowrank.LowRankFit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link LowRankFit}'s verdict and diagnostics as plain maps (JSON through Jackson): cost against its noise level,
 * Jacobian null-space size against r(r−1)/2, the identifiability warning, restarts and timings. Non-finite numbers
 * are written as strings ("NaN", "Infinity").
 */
public final class LowRankDiagnostics {
    private LowRankDiagnostics() {}

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
