package io.polymoments.report;

import io.polymoments.learn.lowrank.LowRankFit;
import io.polymoments.learn.lowrank.RankSearch;
import io.polymoments.learn.lowrank.SlicedCheck;
import io.polymoments.spark.LowRankFitJob;
import java.util.List;
import java.util.Locale;

/**
 * The page of a low-rank fit's report ({@code fit --model lowrank --report}), as the quadratic one has: the summary
 * table and figures of the covariance spectrum with the hidden units chosen, every restart's cost against the noise
 * level, the rank search's candidates, and the held-out distribution check against its null.
 */
public final class LowRankFitReport {
    private LowRankFitReport() {}

    public static HtmlReport build(LowRankFitJob.Result res, int degree) {
        LowRankFit fit = res.fit();
        int m = fit.model().hidden();
        HtmlReport r = new HtmlReport("polymoments fit: two-layer network, degree " + degree + ", m = " + m + ", r = "
                + res.rank());
        r.row("verdict", fit.verdict() + " - " + fit.message());
        r.row("model", String.format(Locale.ROOT, "d = %d outputs, m = %d hidden units, r = %d latent variables,"
                + " degree %d", fit.model().outputDim(), m, res.rank(), degree));
        r.row("rows used", String.format(Locale.ROOT, "%,d", res.bundle().whitened().count()));
        if (res.hiddenReason() != null) {
            r.row("hidden units", res.hiddenReason());
        }
        if (res.rankSearch() != null) {
            r.row("latent dimension", res.rankSearch().reason());
        }
        r.row("cost / noise level", String.format(Locale.ROOT, "%.3g (cost %.3g, noise %.3g)",
                fit.cost() / fit.noiseLevel(), fit.cost(), fit.noiseLevel()));
        r.row("Jacobian null space", fit.nullDimension() + " (rotations alone: " + fit.expectedNullDimension() + ")");
        if (fit.identifiabilityWarning() != null) {
            r.row("identifiability", fit.identifiabilityWarning());
        }
        if (res.slicedCheck() != null) {
            r.row("held-out check", res.slicedCheck().summary() + "; rows " + res.checkRows());
        } else if (res.checkRows() != null) {
            r.row("held-out check", res.checkRows());
        }
        String[] steps = {"A (contrast search)", "B (initialisation)", "C (moment matching)", "D (W and c)"};
        for (int i = 0; i < steps.length && i < fit.millis().length; i++) {
            r.row("time: step " + steps[i], String.format(Locale.ROOT, "%.3f s", fit.millis()[i] / 1000.0));
        }
        if (res.eigenvalues() != null && res.eigenvalues().length > 0) {
            r.figure("spectrum.png", "Covariance spectrum; the dashed line marks the hidden units used (m = " + m + ")",
                    Charts.spectrum(res.eigenvalues(), m));
        }
        double[] costs = fit.restartCosts();
        if (costs != null && costs.length > 0) {
            String[] names = new String[costs.length];
            double[] noise = new double[costs.length];
            for (int i = 0; i < costs.length; i++) {
                names[i] = "restart " + (i + 1) + (i == fit.bestRestart() ? " (kept)" : "");
                noise[i] = fit.noiseLevel();
            }
            r.figure("restarts.png", "Moment-matching cost of every restart against the noise level (a fit that"
                    + " matches the moments sits at or below it)", Charts.againstNoise("Restarts", names, costs, noise));
        }
        if (res.rankSearch() != null) {
            List<RankSearch.Trial> trials = res.rankSearch().trials().stream().filter(t -> t.skipped() == null).toList();
            if (!trials.isEmpty()) {
                String[] names = new String[trials.size()];
                double[] cost = new double[trials.size()];
                double[] noise = new double[trials.size()];
                for (int i = 0; i < trials.size(); i++) {
                    names[i] = "r = " + trials.get(i).rank() + " (" + trials.get(i).verdict() + ")";
                    cost[i] = trials.get(i).cost();
                    noise[i] = trials.get(i).noiseLevel();
                }
                r.figure("rank-search.png", "Each latent dimension tried: cost against the noise level (the smallest r"
                        + " that matches the moments and passes the held-out check is kept)",
                        Charts.againstNoise("Rank search", names, cost, noise));
            }
        }
        SlicedCheck check = res.slicedCheck();
        if (check != null) {
            r.figure("held-out-check.png", "Sliced W1 of held-out rows against model draws, next to the mean of its"
                    + " null distribution (fails only beyond every null draw and above " + SlicedCheck.MAX_RATIO
                    + "x the null mean)", Charts.againstNoise("Held-out sliced W1", new String[] {"data vs model"},
                    new double[] {check.w1()}, new double[] {check.floor()}));
        }
        return r;
    }
}
