package io.polymoments.metrics;

import io.polymoments.linalg.Blas;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Sliced Wasserstein-1 between two sample sets (QUADRATIC.md §9b): the mean over L random unit directions θ of the
 * 1-D W1 between the projections. With a whitening W (d×m) the directions live in whitened coordinates, θ ↦ Wθ, so
 * every projection of the data has unit variance. A lower bound on W1 in those coordinates; read it against the
 * two-sample floor at the same sample sizes.
 */
public final class SlicedWasserstein {
    private SlicedWasserstein() {}

    /**
     * @param y1 row-major n1×d samples
     * @param y2 row-major n2×d samples
     * @param w  d×m whitening (column-major) or null for raw coordinates (m = d)
     * @param nDirections L
     * @param seed        seed of the directions
     */
    public static double w1(double[] y1, int n1, double[] y2, int n2, int d, double[] w, int m, int nDirections,
                            long seed) {
        if (y1.length != n1 * d || y2.length != n2 * d) {
            throw new IllegalArgumentException("samples must be row-major n x d (d=" + d + "): got " + y1.length + " and "
                    + y2.length + " entries for n1=" + n1 + ", n2=" + n2);
        }
        if (n1 < 1 || n2 < 1 || nDirections < 1) {
            throw new IllegalArgumentException("need at least one sample on each side and one direction");
        }
        int dim = w == null ? d : m;
        if (w != null && w.length != d * m) {
            throw new IllegalArgumentException("whitening must be d x m = " + d + " x " + m);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] th = new double[dim * nDirections];
        for (int l = 0; l < nDirections; l++) {
            double s = 0;
            for (int a = 0; a < dim; a++) {
                double g = rng.nextGaussian();
                th[a + l * dim] = g;
                s += g * g;
            }
            s = Math.sqrt(s);
            for (int a = 0; a < dim; a++) {
                th[a + l * dim] /= s;
            }
        }
        double[] dirs = th;
        if (w != null) {
            dirs = new double[d * nDirections];
            Blas.gemm(false, false, d, nDirections, m, 1.0, w, 0, d, th, 0, m, 0.0, dirs, 0, d);
        }
        // projections: (row-major n×d = column-major d×n)ᵀ · dirs -> n × L column-major
        double[] p1 = new double[n1 * nDirections];
        double[] p2 = new double[n2 * nDirections];
        Blas.gemm(true, false, n1, nDirections, d, 1.0, y1, 0, d, dirs, 0, d, 0.0, p1, 0, n1);
        Blas.gemm(true, false, n2, nDirections, d, 1.0, y2, 0, d, dirs, 0, d, 0.0, p2, 0, n2);
        double total = 0;
        for (int l = 0; l < nDirections; l++) {
            double[] a = Arrays.copyOfRange(p1, l * n1, (l + 1) * n1);
            double[] b = Arrays.copyOfRange(p2, l * n2, (l + 1) * n2);
            total += Wasserstein1D.distanceSorted(sortInPlace(a), sortInPlace(b));
        }
        return total / nDirections;
    }

    private static double[] sortInPlace(double[] a) {
        Arrays.sort(a);
        return a;
    }
}
