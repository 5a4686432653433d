package io.polymoments.metrics;

import java.util.SplittableRandom;

/**
 * A cheap search for the least Gaussian direction of whitened data (mean 0, covariance I): maximise the sixth-moment
 * contrast |E(θᵀz)⁶ − 15| over unit θ. Each of {@code starts} random starts runs the fixed-point iteration
 * θ ← E[z·(θᵀz)⁵] − 5·E[(θᵀz)⁴]·θ, normalised (the FastICA update for G(u) = u⁶/6, whose fixed points are the
 * stationary points of E G(θᵀz) on the sphere), on a strided subsample; the start with the largest contrast wins.
 *
 * <p>The sixth moment is the first one a k = 4 hard instance does not match (E f⁶ = 12.59 for {@code bounded_k4}),
 * and for whitened data with vanishing third and fourth cumulants the contrast along θ is |κ6(θ)|. The signal
 * along a random start decays like (θ·v)⁶, so the search succeeds in low dimension (d ≲ 6 at 2·10⁵ rows) and
 * becomes hopeless as d grows — the statistical-query hardness the instances are built on.
 *
 * <p>Searching inflates the contrast of the chosen direction; evaluate the direction on rows not used in the search.
 */
public final class ProjectionSearch {
    private ProjectionSearch() {}

    /**
     * @param direction    unit vector (whitened coordinates)
     * @param contrast     E(θᵀz)⁶ − 15 on the search rows
     * @param iterations   fixed-point iterations of the winning start
     * @param starts       random starts tried
     * @param rowsSearched rows in the subsample
     */
    public record Result(double[] direction, double contrast, int iterations, int starts, int rowsSearched) {}

    /**
     * @param z         whitened rows, row-major n×d
     * @param maxRows   size of the strided subsample (≤ n)
     * @param starts    random starts
     * @param maxIter   fixed-point iterations per start
     */
    public static Result sixthMomentDirection(double[] z, int n, int d, int maxRows, int starts, int maxIter, long seed) {
        if (n < 1 || d < 1 || z.length < (long) n * d) {
            throw new IllegalArgumentException("need n ≥ 1 rows of dimension d ≥ 1 in z (n·d = " + (long) n * d
                    + ", z holds " + z.length + ")");
        }
        if (starts < 1 || maxIter < 1 || maxRows < 1) {
            throw new IllegalArgumentException("starts, maxIter and maxRows must be positive");
        }
        int stride = Math.max(1, (int) Math.ceil((double) n / maxRows));
        int m = (n + stride - 1) / stride;
        double[] sub = new double[m * d];
        for (int r = 0; r < m; r++) {
            System.arraycopy(z, r * stride * d, sub, r * d, d);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] best = null;
        double bestContrast = 0;
        int bestIter = 0;
        double[] grad = new double[d];
        for (int s = 0; s < starts; s++) {
            double[] theta = new double[d];
            for (int c = 0; c < d; c++) {
                theta[c] = rng.nextGaussian();
            }
            normalise(theta);
            int it = 0;
            while (it < maxIter) {
                it++;
                java.util.Arrays.fill(grad, 0);
                double m4 = 0;
                for (int r = 0; r < m; r++) {
                    int off = r * d;
                    double u = 0;
                    for (int c = 0; c < d; c++) {
                        u += sub[off + c] * theta[c];
                    }
                    double u2 = u * u;
                    double u4 = u2 * u2;
                    m4 += u4;
                    double u5 = u4 * u;
                    for (int c = 0; c < d; c++) {
                        grad[c] += sub[off + c] * u5;
                    }
                }
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    grad[c] = grad[c] / m - 5 * (m4 / m) * theta[c];
                }
                normalise(grad);
                for (int c = 0; c < d; c++) {
                    dot += grad[c] * theta[c];
                }
                System.arraycopy(grad, 0, theta, 0, d);
                if (Math.abs(dot) > 1 - 1e-10) {
                    break;
                }
            }
            double contrast = sixthMomentContrast(sub, m, d, theta);
            if (best == null || Math.abs(contrast) > Math.abs(bestContrast)) {
                best = theta.clone();
                bestContrast = contrast;
                bestIter = it;
            }
        }
        return new Result(best, bestContrast, bestIter, starts, m);
    }

    /** E(θᵀz)⁶ − 15 over n row-major rows (0 in expectation for N(0, I) and unit θ). */
    public static double sixthMomentContrast(double[] z, int n, int d, double[] theta) {
        double s = 0;
        for (int r = 0; r < n; r++) {
            double u = 0;
            int off = r * d;
            for (int c = 0; c < d; c++) {
                u += z[off + c] * theta[c];
            }
            double u2 = u * u;
            s += u2 * u2 * u2;
        }
        return s / n - 15;
    }

    private static void normalise(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        s = Math.sqrt(s);
        if (s == 0) {
            throw new IllegalStateException("projection search hit a zero vector (degenerate data?)");
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= s;
        }
    }
}
