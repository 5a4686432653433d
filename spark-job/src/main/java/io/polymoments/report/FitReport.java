package io.polymoments.report;

import io.polymoments.learn.gof.GoodnessOfFit;
import io.polymoments.learn.quadratic.NoisyRankSearch;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.learn.quadratic.RefinementStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures and summary table of a quadratic fit's report (fit's --report, and the demo). */
public final class FitReport {
    private FitReport() {}

    /**
     * @param eigenvalues covariance spectrum of the data (descending)
     */
    public static HtmlReport build(QuadraticFit fit, double[] eigenvalues) {
        HtmlReport r = new HtmlReport("polymoments fit: " + fit.modelClass().name().toLowerCase(Locale.ROOT)
                + " quadratic, r = " + fit.r());
        r.row("verdict", fit.verdict().label());
        r.row("model", fit.modelClass().name().toLowerCase(Locale.ROOT) + ", r = " + fit.r() + ", d = " + fit.d()
                + ", whitened dimension m = " + fit.m());
        r.row("rows used", String.format(Locale.ROOT, "%,d", fit.n()));
        r.row("method", fit.method());
        r.row("rank decision", fit.decision().reason());
        r.row("additive noise", fit.noise().noise().describe());
        if (!fit.decision().candidates().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (NoisyRankSearch.Candidate c : fit.decision().candidates()) {
                rows.add(List.of(String.valueOf(c.m()), c.modelClass().name().toLowerCase(Locale.ROOT),
                        String.valueOf(c.r()), c.noise().noise().kind().label(),
                        String.format(Locale.ROOT, "%.4g", c.meanNoiseVariance()),
                        String.format(Locale.ROOT, "%.3g", c.z()), String.format(Locale.ROOT, "%.4g / %.4g",
                        c.weakestSignal(), c.noiseEdge()), c.explains() ? "explains the covariance"
                        : c.noiseTail() ? "no signal above the noise" : "signal left in the tail"));
            }
            r.table("Ranks tried against a noise tail", List.of("m", "class", "r", "noise", "mean variance",
                    "tail z", "weakest signal / noise edge", ""), rows, "The covariance showed no gap: each admissible rank, in increasing m,"
                    + " with the noise estimated under it; the trailing eigenvalues are noise when z <= "
                    + String.format(Locale.ROOT, "%.0f", NoisyRankSearch.MAX_TAIL_Z)
                    + " (a likelihood-ratio test), and the weakest signal direction must stand above the largest"
                    + " eigenvalue noise reaches (docs/noise.md section 6).");
        }
        GoodnessOfFit g = fit.goodnessOfFit();
        r.row("third-cumulant residual / noise", String.format(Locale.ROOT, "%.3g (residual %.3g, noise %.3g)",
                g.res3Ratio(), g.res3(), g.noise3()));
        if (!Double.isNaN(g.kappa4ChiSquarePerDirection())) {
            r.row("kappa4 chi2 per direction", String.format(Locale.ROOT, "%.3g over %d directions",
                    g.kappa4ChiSquarePerDirection(), g.kappa4Empirical().length));
        }
        if (g.gaussianity() != null) {
            r.row("cumulants vs Gaussian (orders 3.." + g.gaussianity().maxOrder() + ")",
                    (g.gaussianity().consistentWithGaussian() ? "consistent with a Gaussian: "
                            : g.gaussianity().weakEvidence() ? "weak evidence of non-Gaussian moments: " : "non-Gaussian: ")
                            + g.gaussianity().statistics());
        }
        for (int i = 0; i < g.reasons().size(); i++) {
            r.row(g.reasons().size() == 1 ? "reason" : "reason " + (i + 1), g.reasons().get(i));
        }
        fit.timings().forEach((k, v) -> r.row("time: " + k, String.format(Locale.ROOT, "%.3f s", v)));
        for (String note : fit.notes()) {
            r.row("note", note);
        }
        r.figure("spectrum.png", "Covariance spectrum; the dashed line marks the rank used (m = " + fit.m() + ")",
                Charts.spectrum(eigenvalues, fit.m()));
        if (fit.refinement() != null) {
            List<RefinementStage> stages = fit.refinement().stages();
            double[][] values = new double[stages.size()][];
            for (int s = 0; s < values.length; s++) {
                values[s] = stages.get(s).optimization().history();
            }
            r.figure("refinement.png", "Moment-matching objective per refinement iteration (stages: weights "
                    + stageWeights(stages) + ")", Charts.convergence("Refinement", values));
        }
        if (!Double.isNaN(g.noise3()) && g.noise3() > 0) {
            r.figure("third-cumulant.png", "Whitened third cumulant: residual of the fit and the whole tensor, against"
                    + " the split-half noise level", Charts.againstNoise("Third cumulant vs noise",
                    new String[] {"residual |T - model|", "data |T|"},
                    new double[] {g.res3(), g.signalToNoise3() * g.noise3()}, new double[] {g.noise3(), g.noise3()}));
        }
        if (g.kappa4Empirical() != null && g.kappa4Empirical().length > 0 && g.kappa4StandardError() != null) {
            r.figure("kappa4.png", "Out-of-sample fourth cumulant along random whitened directions: data (with 2"
                    + " standard errors) and model", Charts.kappa4(g.kappa4Empirical(), g.kappa4StandardError(),
                    g.kappa4Model()));
        }
        return r;
    }

    private static String stageWeights(List<RefinementStage> stages) {
        StringBuilder sb = new StringBuilder();
        for (RefinementStage s : stages) {
            sb.append(sb.length() == 0 ? "" : " then ").append(s.weights());
        }
        return sb.toString();
    }
}
