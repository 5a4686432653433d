package io.polymoments.report;

import io.polymoments.evaluate.MixtureSearch;
import io.polymoments.evaluate.ModelComparison;
import io.polymoments.metrics.HeldOutEvaluation;
import io.polymoments.metrics.MomentCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link ModelComparison} as JSON (non-finite numbers as strings) and as two HTML tables. */
public final class ModelComparisonReport {
    private ModelComparisonReport() {}

    public static Map<String, Object> json(ModelComparison.Result c) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("comparedRows", c.comparedRows());
        j.put("mixtureRows", c.mixtureRows());
        List<Object> models = new ArrayList<>();
        for (ModelComparison.Entry e : c.entries()) {
            HeldOutEvaluation.Report r = e.report();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("parameters", e.parameters());
            m.put("fitSeconds", e.fitSeconds());
            m.put("slicedW1", num(r.slicedW1()));
            m.put("slicedW1Floor", num(r.slicedW1Floor()));
            m.put("slicedW1Ratio", num(r.slicedW1Ratio()));
            m.put("meanRatio", num(r.mean().ratio()));
            m.put("covarianceRatio", num(r.covariance().ratio()));
            m.put("thirdCumulantRatio", num(r.third().ratio()));
            m.put("fits", e.fits());
            models.add(m);
        }
        j.put("models", models);
        List<Object> ks = new ArrayList<>();
        for (MixtureSearch.Candidate k : c.search().candidates()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("k", k.k());
            m.put("parameters", k.mixture() == null ? null : k.mixture().parameterCount());
            m.put("trainLogLikelihood", num(k.trainLogLikelihood()));
            m.put("validationLogLikelihood", num(k.validationLogLikelihood()));
            m.put("seconds", k.seconds());
            if (k.failure() != null) {
                m.put("failure", k.failure());
            }
            ks.add(m);
        }
        Map<String, Object> search = new LinkedHashMap<>();
        search.put("rule", "k with the largest mean log-likelihood of the validation rows (one in four of the mixture"
                + " rows); MLlib GaussianMixture (maxIter " + MixtureSearch.MAX_ITER + ", tol " + MixtureSearch.TOL + ") started from"
                + " MLlib k-means (docs/evaluation.md section 3)");
        search.put("trainRows", c.search().trainRows());
        search.put("validationRows", c.search().validationRows());
        search.put("chosenK", c.search().chosen().k());
        search.put("candidates", ks);
        j.put("mixtureSearch", search);
        j.put("preferred", c.preferred().name());
        j.put("summary", c.sentence());
        return j;
    }

    public static void addTo(HtmlReport html, ModelComparison.Result c) {
        List<List<String>> rows = new ArrayList<>();
        for (ModelComparison.Entry e : c.entries()) {
            HeldOutEvaluation.Report r = e.report();
            rows.add(List.of(e.name(), String.valueOf(e.parameters()),
                    e.fitSeconds() == null ? "unknown" : String.format(Locale.ROOT, "%.3g", e.fitSeconds()),
                    fmt(r.slicedW1Ratio()), ratio(r.mean()), ratio(r.covariance()), ratio(r.third()),
                    e.fits() ? "fits" : "does not fit"));
        }
        html.table("Against what a Spark user would fit instead", List.of("model", "parameters", "fit seconds",
                        "sliced W1 / floor", "mean / noise", "covariance / noise", "third cumulant / noise",
                        "held-out verdict"), rows,
                String.format(Locale.ROOT, "All judged on %,d rows the mixtures did not see (the mixtures were"
                        + " fitted to %,d others). %s.", c.comparedRows(), c.mixtureRows(), c.sentence()));
        List<List<String>> ks = new ArrayList<>();
        for (MixtureSearch.Candidate k : c.search().candidates()) {
            ks.add(List.of(String.valueOf(k.k()), fmt(k.trainLogLikelihood()), fmt(k.validationLogLikelihood()),
                    String.format(Locale.ROOT, "%.3g", k.seconds()), k.failure() == null
                            ? (k == c.search().chosen() ? "chosen" : "") : "failed: " + k.failure()));
        }
        html.table("Gaussian mixtures tried (MLlib GaussianMixture)", List.of("k", "train log-likelihood",
                "validation log-likelihood", "seconds", ""), ks, null);
    }

    private static String ratio(MomentCheck m) {
        return fmt(m.ratio());
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : String.valueOf(v);
    }

    private static Object num(double v) {
        return Double.isFinite(v) ? v : String.valueOf(v);
    }
}
