package io.polymoments.datasets;

import io.polymoments.linalg.Matrices;
import java.util.random.RandomGenerator;

/** y = μ + L·g, g ~ N(0, I): Gaussian rows with mean μ and covariance L·Lᵀ — the null case every diagnostic must get right. */
public record GaussianSampler(double[] mean, double[] factor) implements RowSampler {

    public GaussianSampler {
        int d = mean.length;
        if (factor.length != d * d) {
            throw new IllegalArgumentException("factor must be " + d + "x" + d + ", has " + factor.length + " entries");
        }
    }

    /** Standard normal rows in d dimensions. */
    public static GaussianSampler standard(int d) {
        return new GaussianSampler(new double[d], Matrices.identity(d));
    }

    @Override
    public int dim() {
        return mean.length;
    }

    @Override
    public void sample(RandomGenerator rng, int rows, double[] out) {
        int d = mean.length;
        double[] g = new double[d];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < d; c++) {
                g[c] = rng.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double s = mean[i];
                for (int c = 0; c < d; c++) {
                    s += factor[i + c * d] * g[c];
                }
                out[r * d + i] = s;
            }
        }
    }
}
