package io.polymoments.ml;

import io.polymoments.learn.GaussianityCheck;
import io.polymoments.learn.gof.GoodnessOfFit;
import io.polymoments.learn.quadratic.MomentResiduals;
import io.polymoments.learn.quadratic.NoisyRankSearch;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.learn.quadratic.RankDecision;
import io.polymoments.learn.quadratic.RefinementStage;
import io.polymoments.learn.quadratic.SpectralDiagnostics;
import io.polymoments.moments.AdditiveNoise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link QuadraticFit}'s diagnostics as plain maps and lists (JSON through Jackson): the model's metadata keeps
 * the compact form, the fit report the full one with the residual norms after every refinement iteration.
 * Non-finite numbers are written as the strings "NaN", "Infinity", "-Infinity".
 */
public final class FitDiagnostics {
    private FitDiagnostics() {}

    public static Map<String, Object> of(QuadraticFit fit, boolean withTraces) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modelClass", kind(fit));
        m.put("method", fit.method());
        m.put("d", fit.d());
        m.put("r", fit.r());
        m.put("m", fit.m());
        m.put("n", fit.n());
        m.put("rankDecision", decision(fit.decision()));
        m.put("noise", noise(fit.noise()));
        if (fit.spectral() != null) {
            m.put("spectral", spectral(fit.spectral()));
        }
        m.put("alpha2", num(fit.alpha2()));
        m.put("alpha3", num(fit.alpha3()));
        if (fit.multiStart() != null) {
            Map<String, Object> ms = new LinkedHashMap<>();
            ms.put("nStarts", fit.multiStart().nStarts());
            ms.put("bestStart", fit.multiStart().bestStart());
            ms.put("nReachingBest", fit.multiStart().nReachingBest());
            ms.put("nConverged", fit.multiStart().nConverged());
            ms.put("momentEquations", fit.multiStart().momentEquations());
            ms.put("unknowns", fit.multiStart().unknowns());
            ms.put("finalValues", nums(fit.multiStart().finalValues()));
            ms.put("diagnostic", fit.multiStart().diagnostic());
            m.put("multiStart", ms);
        }
        List<Object> stages = new ArrayList<>();
        for (RefinementStage s : fit.refinement().stages()) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("weights", List.of(s.weights().w1(), s.weights().w2(), s.weights().w3()));
            st.put("iterations", s.iterations());
            st.put("stopReason", s.optimization().stopReason().name());
            st.put("start", residuals(s.start()));
            st.put("end", residuals(s.end()));
            if (withTraces) {
                st.put("objectivePerIteration", nums(s.optimization().history()));
                List<Object> trace = new ArrayList<>();
                for (MomentResiduals r : s.trace()) {
                    trace.add(residuals(r));
                }
                st.put("residualsPerIteration", trace);
            }
            stages.add(st);
        }
        m.put("refinement", stages);
        m.put("goodnessOfFit", gof(fit.goodnessOfFit(), withTraces));
        Map<String, Object> t = new LinkedHashMap<>();
        fit.timings().forEach((k, v) -> t.put(k, v));
        m.put("timingsSeconds", t);
        m.put("notes", fit.notes());
        return m;
    }

    /** "homogeneous", "affine" or "rotation-invariant". */
    public static String kind(QuadraticFit fit) {
        return fit.modelClass().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static Map<String, Object> decision(RankDecision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modelClass", d.modelClass().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        m.put("r", d.r());
        m.put("m", d.m());
        m.put("gapRatio", num(d.gapRatio()));
        m.put("bulkRatio", num(d.bulkRatio()));
        m.put("reason", d.reason());
        if (d.unexplained() != null) {
            m.put("unexplained", d.unexplained());
        }
        if (!d.candidates().isEmpty()) {
            List<Map<String, Object>> tried = new ArrayList<>();
            for (NoisyRankSearch.Candidate c : d.candidates()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("modelClass", c.modelClass().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                t.put("r", c.r());
                t.put("m", c.m());
                t.put("noise", c.noise().noise().kind().label());
                t.put("meanNoiseVariance", num(c.meanNoiseVariance()));
                t.put("tailStatistic", num(c.statistic()));
                t.put("dof", c.dof());
                t.put("z", num(c.z()));
                t.put("noiseTail", c.noiseTail());
                t.put("weakestSignal", num(c.weakestSignal()));
                t.put("noiseEdge", num(c.noiseEdge()));
                t.put("explains", c.explains());
                tried.add(t);
            }
            m.put("noiseTailCandidates", tried);
        }
        return m;
    }

    /** The noise estimate: kind, the phrase reports show, Ψ's diagonal and how the estimate was reached. */
    private static Map<String, Object> noise(AdditiveNoise.Estimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", e.noise().kind().label());
        m.put("summary", e.noise().describe());
        m.put("variances", nums(e.noise().variances()));
        m.put("residual", num(e.residual()));
        m.put("steps", e.steps());
        m.put("identifiable", e.identifiable());
        m.put("clipped", e.clipped());
        return m;
    }

    private static Map<String, Object> spectral(SpectralDiagnostics s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frameResidual", num(s.frameResidual()));
        m.put("orthogonalityDefect", num(s.orthogonalityDefect()));
        m.put("minPeirceGap", num(s.minPeirceGap()));
        m.put("gammaHat", num(s.gammaHat()));
        m.put("identityNorm2", num(s.identityNorm2()));
        m.put("meanResidual", num(s.meanResidual()));
        m.put("unfoldingGramEigenvalues", nums(s.unfoldingGramEigenvalues()));
        m.put("intertwinerEigenvalues", nums(s.intertwinerEigenvalues()));
        m.put("startResiduals", nums(s.startResiduals()));
        return m;
    }

    private static Map<String, Object> residuals(MomentResiduals r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", num(r.value()));
        m.put("mean", num(r.mean()));
        m.put("covariance", num(r.covariance()));
        m.put("thirdMoment", num(r.thirdMoment()));
        return m;
    }

    private static Map<String, Object> gof(GoodnessOfFit g, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", g.verdict().label());
        m.put("res3Ratio", num(g.res3Ratio()));
        m.put("res3", num(g.res3()));
        m.put("noise3", num(g.noise3()));
        m.put("signalToNoise3", num(g.signalToNoise3()));
        m.put("res2", num(g.res2()));
        m.put("meanZ", num(g.meanZ()));
        m.put("kappa4ChiSquarePerDirection", num(g.kappa4ChiSquarePerDirection()));
        m.put("kappa4SignalPerDirection", num(g.kappa4SignalPerDirection()));
        m.put("rankGap", num(g.rankGap()));
        if (full) {
            m.put("kappa4Empirical", nums(g.kappa4Empirical()));
            m.put("kappa4Model", nums(g.kappa4Model()));
            m.put("kappa4StandardError", nums(g.kappa4StandardError()));
        }
        if (g.gaussianity() != null) {
            m.put("gaussianity", gaussianity(g.gaussianity()));
        }
        m.put("reasons", g.reasons());
        return m;
    }

    /** The whitened cumulants' z-scores under the Gaussian null: overall decision, threshold, and per order. */
    public static Map<String, Object> gaussianity(GaussianityCheck.Result g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("consistentWithGaussian", g.consistentWithGaussian());
        m.put("verdict", g.verdict());
        m.put("n", g.count());
        m.put("dim", g.dim());
        m.put("rank", g.rank());
        m.put("level", g.level());
        m.put("maxAbsZ", num(g.maxAbsZ()));
        m.put("zThreshold", num(g.zThreshold()));
        List<Object> orders = new ArrayList<>();
        for (GaussianityCheck.OrderStatistics o : g.orders()) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("order", o.order());
            q.put("entries", o.entries());
            q.put("maxAbsZ", num(o.maxAbsZ()));
            q.put("largestEntry", o.largestEntry());
            q.put("chiSquare", num(o.chiSquare()));
            q.put("chiSquarePerEntry", num(o.chiSquarePerEntry()));
            q.put("pValue", num(o.pValue()));
            q.put("splitHalfNoiseRatio", num(o.splitHalfNoiseRatio()));
            orders.add(q);
        }
        m.put("orders", orders);
        m.put("summary", g.summary());
        return m;
    }

    static Object num(double v) {
        return Double.isFinite(v) ? (Object) v : Double.toString(v);
    }

    static List<Object> nums(double[] a) {
        if (a == null) {
            return null;
        }
        List<Object> out = new ArrayList<>(a.length);
        for (double v : a) {
            out.add(num(v));
        }
        return out;
    }
}
