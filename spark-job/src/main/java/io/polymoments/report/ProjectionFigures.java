package io.polymoments.report;

import io.polymoments.learn.gof.DirectionalFourthMoments;
import io.polymoments.metrics.Wasserstein1D;
import io.polymoments.moments.Basis;
import java.util.Arrays;

/** QQ plots and histograms of random 1-D projections of data and model samples, in whitened coordinates. */
public final class ProjectionFigures {
    private ProjectionFigures() {}

    /**
     * @param data  row-major rows of the data (d columns)
     * @param model row-major rows drawn from the fitted model
     * @param basis the whitening of the data (z = Wᵀ(y − μ)), so every projection has unit variance under the data
     */
    public static void add(HtmlReport report, double[] data, double[] model, Basis basis, int directions, long seed) {
        int d = basis.inputDim();
        int k = basis.dim();
        double[] zd = basis.project(data.clone(), data.length / d);
        double[] zm = basis.project(model.clone(), model.length / d);
        double[] thetas = DirectionalFourthMoments.randomDirections(k, directions, seed);
        for (int l = 0; l < directions; l++) {
            double[] theta = Arrays.copyOfRange(thetas, l * k, (l + 1) * k);
            double[] pd = Wasserstein1D.project(zd, zd.length / k, k, theta);
            double[] pm = Wasserstein1D.project(zm, zm.length / k, k, theta);
            String name = "random projection " + (l + 1);
            report.figure("qq-" + (l + 1) + ".png", "QQ plot of " + name + " (whitened coordinates): data against "
                    + "model samples; on the line when the model fits", Charts.qq(name, pd, pm));
            report.figure("histogram-" + (l + 1) + ".png", "Histograms of " + name + ": data and model samples",
                    Charts.histograms(name, pd, pm, 50));
        }
    }
}
