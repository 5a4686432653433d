package io.polymoments.metrics;

import io.polymoments.linalg.Blas;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Sliced Wasserstein-1 between two sample sets (docs/quadratic.md §12.3): the mean over L random unit directions θ of
 * the 1-D W1 between the projections. With a whitening W (d×m) the directions live in whitened coordinates, θ ↦ Wθ, so
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
        if (n1 < 1 || n2 < 1) {
            throw new IllegalArgumentException("need at least one sample on each side");
        }
        Directions dirs = directions(d, w, m, nDirections, seed);
        return w1Sorted(dirs.sortedProjections(y1, n1), dirs.sortedProjections(y2, n2));
    }

    /**
     * L seeded random unit directions, in whitened coordinates when {@code w} is given, mapped to data space.
     * Prepare them once to compare many samples (each sample projected and sorted once).
     */
    public static Directions directions(int d, double[] w, int m, int nDirections, long seed) {
        if (nDirections < 1) {
            throw new IllegalArgumentException("need at least one direction");
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
        return new Directions(d, nDirections, dirs);
    }

    /** Directions in data space (d × L column-major). */
    public record Directions(int d, int count, double[] matrix) {
        /** The sample's projections on every direction, each sorted: L arrays of n. */
        public double[][] sortedProjections(double[] y, int n) {
            if (n < 1 || y.length != (long) n * d) {
                throw new IllegalArgumentException("samples must be row-major n x d (d=" + d + ") with n >= 1: got "
                        + y.length + " entries for n=" + n);
            }
            // (row-major n×d = column-major d×n)ᵀ · dirs -> n × L column-major
            double[] p = new double[n * count];
            Blas.gemm(true, false, n, count, d, 1.0, y, 0, d, matrix, 0, d, 0.0, p, 0, n);
            double[][] out = new double[count][];
            for (int l = 0; l < count; l++) {
                out[l] = Arrays.copyOfRange(p, l * n, (l + 1) * n);
                Arrays.sort(out[l]);
            }
            return out;
        }
    }

    /**
     * Mean over directions of the W1 between the central parts of two samples' sorted projections,
     * ∫ |F⁻¹(u) − G⁻¹(u)| du over u ∈ [trim, 1 − trim], on the first sample's grid (the second is typically a much
     * larger reference sample, read at the same quantile levels). Projections of polynomial outputs are heavy-tailed, and the
     * full W1 then hangs on a few extreme order statistics (its null spread is heavy-tailed too); the trimmed
     * distance keeps the shape of the bulk, where a wrong model class shows.
     */
    public static double w1SortedTrimmed(double[][] a, double[][] b, double trim) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("projections on different direction sets: " + a.length + " vs " + b.length);
        }
        if (!(trim >= 0 && trim < 0.5)) {
            throw new IllegalArgumentException("trim must be in [0, 0.5), got " + trim);
        }
        double total = 0;
        for (int l = 0; l < a.length; l++) {
            double[] x = a[l];
            double[] y = b[l];
            int n = x.length;
            int lo = (int) Math.floor(trim * n);
            double s = 0;
            for (int i = lo; i < n - lo; i++) {
                // y's quantile at x's plotting position (i + 1/2)/n; exact order statistics when the sizes agree
                int j = y.length == n ? i : (int) Math.min(y.length - 1, Math.floor((i + 0.5) * y.length / n));
                s += Math.abs(x[i] - y[j]);
            }
            total += s / n;
        }
        return total / a.length;
    }

    /** Mean over directions of the 1-D W1 between two samples' sorted projections. */
    public static double w1Sorted(double[][] a, double[][] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("projections on different direction sets: " + a.length + " vs " + b.length);
        }
        double total = 0;
        for (int l = 0; l < a.length; l++) {
            total += Wasserstein1D.distanceSorted(a[l], b[l]);
        }
        return total / a.length;
    }
}
