package io.polymoments.cli;

import io.polymoments.datasets.SampleSet;
import io.polymoments.evaluate.ModelComparison;
import io.polymoments.metrics.HeldOutEvaluation;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.Whitening;
import io.polymoments.spark.SketchJob;
import java.util.Locale;

/** Short human-readable summaries printed by the commands. */
final class Summaries {
    private Summaries() {}

    static String sketch(SampleSet samples, MomentSketch raw, SketchJob.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "samples: n = %,d, d = %d (%s)%n", raw.count(), raw.dim(), samples.source()));
        if (r.bundle().scale() != null) {
            sb.append("units: ").append(r.bundle().scale().describe()).append(" (the data's squares leave the double"
                    + " range; the sketch records the scale)\n");
        }
        if (r.bundle().skippedRows() > 0) {
            sb.append(String.format(Locale.ROOT, "skipped invalid rows: %,d (first: %s)%n", r.bundle().skippedRows(),
                    r.firstSkipReason()));
        }
        SymmetricEigen eig = r.whitening() == null ? Whitening.spectrum(raw) : null;
        double[] lambda = eig != null ? eig.values() : r.whitening().eigenvalues();
        sb.append("covariance spectrum: ").append(spectrum(lambda, 12)).append('\n');
        sb.append("estimated rank: ").append(Whitening.autoRank(lambda)).append(" of ").append(lambda.length).append('\n');
        if (r.whitening() != null) {
            sb.append("whitened to ").append(r.whitening().rank()).append(" dimensions; ");
        }
        sb.append(String.format(Locale.ROOT, "pass 1: %.2f s", r.pass1Seconds()));
        if (r.whitening() != null) {
            sb.append(String.format(Locale.ROOT, ", pass 2: %.2f s", r.pass2Seconds()));
        }
        return sb.toString();
    }

    static String spectrum(double[] lambda, int show) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(show, lambda.length); i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", lambda[i]));
        }
        if (lambda.length > show) {
            sb.append(", ... ").append(String.format(Locale.ROOT, "%.3g", lambda[lambda.length - 1]));
        }
        return sb.append(']').toString();
    }

    /** The side-by-side table of evaluate: one line per model, then the comparison's sentence. */
    static String comparison(ModelComparison.Result c) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "against what a Spark user would fit instead (%,d held-out rows; mixtures"
                + " fitted to %,d others, k chosen by validation likelihood):%n", c.comparedRows(), c.mixtureRows()));
        sb.append(String.format(Locale.ROOT, "%-30s %10s %9s %8s %8s %8s %8s  %s%n", "model", "parameters", "fit s",
                "W1/floor", "mean", "cov", "kappa3", "verdict"));
        for (ModelComparison.Entry e : c.entries()) {
            HeldOutEvaluation.Report r = e.report();
            sb.append(String.format(Locale.ROOT, "%-30s %10d %9s %8.3g %8.3g %8.3g %8.3g  %s%n", e.name(),
                    e.parameters(), e.fitSeconds() == null ? "-" : String.format(Locale.ROOT, "%.3g", e.fitSeconds()),
                    r.slicedW1Ratio(), r.mean().ratio(), r.covariance().ratio(), r.third().ratio(),
                    e.fits() ? "fits" : "does not fit"));
        }
        sb.append("  (moments: held-out residual / its noise)\n");
        return sb.append(c.sentence()).append('\n').toString();
    }
}
