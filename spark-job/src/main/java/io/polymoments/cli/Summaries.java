package io.polymoments.cli;

import io.polymoments.datasets.SampleSet;
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
}
