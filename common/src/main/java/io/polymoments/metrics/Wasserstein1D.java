package io.polymoments.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One-dimensional Wasserstein-1 distance between two samples, W1 = ∫ |F_a(x) − F_b(x)| dx for the empirical
 * distribution functions (any sizes), and its two-sample noise floor: what W1 is between two independent samples
 * of the same sizes from one distribution, so that a measured W1 can be read as "k times the noise".
 */
public final class Wasserstein1D {
    private Wasserstein1D() {}

    /** W1 between the empirical distributions of a and b (copies are sorted; inputs are not modified). */
    public static double distance(double[] a, double[] b) {
        if (a == null || b == null || a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("both samples need at least one value");
        }
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        return distanceSorted(x, y);
    }

    /** W1 between two samples already sorted ascending: a single merge pass over the breakpoints of F_a − F_b. */
    public static double distanceSorted(double[] x, double[] y) {
        if (x == null || y == null || x.length == 0 || y.length == 0) {
            throw new IllegalArgumentException("both samples need at least one value");
        }
        checkSorted(x, "first");
        checkSorted(y, "second");
        checkFinite(x, "first");
        checkFinite(y, "second");
        int na = x.length;
        int nb = y.length;
        int i = 0;
        int j = 0;
        double prev = Math.min(x[0], y[0]);
        double area = 0;
        while (i < na || j < nb) {
            double next;
            boolean takeA = j >= nb || (i < na && x[i] <= y[j]);
            next = takeA ? x[i] : y[j];
            double gap = Math.abs((double) i / na - (double) j / nb);
            area += gap * (next - prev);
            prev = next;
            if (takeA) {
                i++;
            } else {
                j++;
            }
        }
        return area;
    }

    private static void checkSorted(double[] v, String which) {
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[i - 1]) {
                throw new IllegalArgumentException("the " + which + " sample is not sorted ascending at index " + i
                        + "; use distance(a, b), which sorts copies");
            }
        }
    }

    private static void checkFinite(double[] v, String which) {
        if (!Double.isFinite(v[0]) || !Double.isFinite(v[v.length - 1])) {
            throw new IllegalArgumentException("the " + which + " sample contains a non-finite value (NaN or infinite); drop or repair it first");
        }
    }

    /** Mean and standard deviation of W1 between independent samples of one distribution, over {@code reps} draws. */
    public record NoiseFloor(double mean, double sd, int reps, int sizeA, int sizeB) {}

    /**
     * The noise floor for unit-variance data (e.g. a projection of whitened data onto a unit vector): W1 between
     * independent N(0,1) samples of sizes na and nb, {@code reps} times, seeded. For data of standard deviation σ
     * multiply by σ.
     */
    public static NoiseFloor gaussianNoiseFloor(int na, int nb, int reps, long seed) {
        if (na < 1 || nb < 1 || reps < 1) {
            throw new IllegalArgumentException("noise floor needs positive sample sizes and repetitions, got " + na + ", " + nb + ", " + reps);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double sum = 0;
        double sum2 = 0;
        for (int r = 0; r < reps; r++) {
            double[] x = new double[na];
            double[] y = new double[nb];
            for (int i = 0; i < na; i++) {
                x[i] = rng.nextGaussian();
            }
            for (int i = 0; i < nb; i++) {
                y[i] = rng.nextGaussian();
            }
            double w = distance(x, y);
            sum += w;
            sum2 += w * w;
        }
        double mean = sum / reps;
        double sd = reps > 1 ? Math.sqrt(Math.max(0, (sum2 - reps * mean * mean) / (reps - 1))) : Double.NaN;
        return new NoiseFloor(mean, sd, reps, na, nb);
    }

    /** W1 and how many noise floors it is. */
    public record Separation(double distance, NoiseFloor floor, double ratio) {}

    /** W1(a, b) against the unit-variance Gaussian noise floor of the same sizes. */
    public static Separation separation(double[] a, double[] b, int reps, long seed) {
        double w = distance(a, b);
        NoiseFloor floor = gaussianNoiseFloor(a.length, b.length, reps, seed);
        return new Separation(w, floor, w / floor.mean());
    }

    /** The projections ⟨θ, row⟩ of n row-major rows of dimension d. */
    public static double[] project(double[] rows, int n, int d, double[] theta) {
        if (theta.length != d || rows.length < (long) n * d) {
            throw new IllegalArgumentException("direction has " + theta.length + " entries and rows hold " + rows.length
                    + " values; expected d = " + d + " and at least n·d = " + (long) n * d);
        }
        double[] p = new double[n];
        for (int r = 0; r < n; r++) {
            double s = 0;
            int off = r * d;
            for (int c = 0; c < d; c++) {
                s += rows[off + c] * theta[c];
            }
            p[r] = s;
        }
        return p;
    }
}
