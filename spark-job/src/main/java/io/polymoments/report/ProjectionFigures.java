package io.polymoments.report;

import io.polymoments.moments.Basis;
import java.util.SplittableRandom;

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
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 0; l < directions; l++) {
            double[] theta = new double[k];
            double norm = 0;
            for (int a = 0; a < k; a++) {
                theta[a] = rng.nextGaussian();
                norm += theta[a] * theta[a];
            }
            norm = Math.sqrt(norm);
            for (int a = 0; a < k; a++) {
                theta[a] /= norm;
            }
            double[] pd = project(zd, k, theta);
            double[] pm = project(zm, k, theta);
            String name = "random projection " + (l + 1);
            report.figure("qq-" + (l + 1) + ".png", "QQ plot of " + name + " (whitened coordinates): data against "
                    + "model samples; on the line when the model fits", Charts.qq(name, pd, pm));
            report.figure("histogram-" + (l + 1) + ".png", "Histograms of " + name + ": data and model samples",
                    Charts.histograms(name, pd, pm, 50));
        }
    }

    private static double[] project(double[] z, int k, double[] theta) {
        int n = z.length / k;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int a = 0; a < k; a++) {
                s += z[i * k + a] * theta[a];
            }
            p[i] = s;
        }
        return p;
    }
}
