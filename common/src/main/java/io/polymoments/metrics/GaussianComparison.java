package io.polymoments.metrics;

import io.polymoments.linalg.SymmetricEigen;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Can the data be told from the Gaussian with their own mean and covariance, N(μ, Σ)? One-dimensional
 * Wasserstein-1 distances between projections of the data and samples of that Gaussian, each against its
 * two-sample noise floor (docs/hard-instances.md §5):
 * <ul>
 *   <li>along L random directions (sliced W1): near the floor for data whose non-Gaussianity hides in a few
 *       directions, since a random projection of them is nearly Gaussian;</li>
 *   <li>along the direction found by a cheap projection search ({@link ProjectionSearch#sixthMomentDirection}) on
 *       one half of the rows (alternate rows), measured on the other half — searching inflates the statistic on
 *       the rows searched, so the held-out half keeps the floor honest;</li>
 *   <li>along a known direction (e.g. the hidden v of a hard instance) when one is given.</li>
 * </ul>
 *
 * <p>All projections are standardised with μ and Σ, estimated from N ≥ n rows that include the n compared ones
 * (the moment pass over all rows; the compared rows are a subsample): the projection of the Gaussian N(μ, Σ) onto
 * any direction is N(0, 1), and each direction's reference is a fresh N(0, 1) sample of the same size as the data's
 * projection. The noise floor is simulated for exactly that situation: W1 between a N(0, 1) sample of size n,
 * standardised by the mean and variance of the N pooled rows it belongs to, and an independent N(0, 1) sample of
 * size n ({@link #standardisedNoiseFloor}). For N ≫ n it is the plain two-sample floor; for N = n the
 * standardisation removes the sample's location and scale error and the floor is ≈ 15 % lower (a Lilliefors
 * effect that the plain floor would turn into a spurious "below the noise"). A direction separates the data from
 * the Gaussian when its W1 exceeds the floor's mean by {@link #SEPARATION_SDS} floor standard deviations; for the
 * random directions that is asked of their mean (its sd is smaller than one direction's, which errs towards "not
 * separated").
 *
 * <p>Also reported along the searched direction and v: the sixth-moment contrast E u⁶ − 15 and its z-score under
 * the Gaussian null (sd of the sample mean of u⁶ is √(E u¹² − 15²)/√n = √10170/√n), the first moment a k = 4 hard
 * instance does not match.
 */
public final class GaussianComparison {
    /** Floor standard deviations above the floor's mean for "separated". */
    public static final double SEPARATION_SDS = 5.0;
    /** √(E z¹² − (E z⁶)²) = √(10395 − 225) for z ~ N(0, 1): the null sd of one row's u⁶. */
    static final double SIXTH_POWER_SD = Math.sqrt(10170.0);
    private static final double RANK_TOLERANCE = 1e-10;

    /**
     * @param nDirections random directions L (≥ 1)
     * @param searchRows  most rows of the search half the projection search iterates over
     * @param starts      random starts of the search
     * @param maxIter     fixed-point iterations per start
     * @param floorReps   simulated pairs of Gaussian samples per noise floor (≥ 2, for its sd)
     * @param seed        seed of directions, reference samples, search and floors
     */
    public record Options(int nDirections, int searchRows, int starts, int maxIter, int floorReps, long seed) {
        public Options {
            if (nDirections < 1) {
                throw new IllegalArgumentException("nDirections (random directions) must be >= 1, got " + nDirections);
            }
            if (searchRows < 1 || starts < 1 || maxIter < 1) {
                throw new IllegalArgumentException("searchRows, starts and maxIter of the projection search must be"
                        + " >= 1, got " + searchRows + ", " + starts + ", " + maxIter);
            }
            if (floorReps < 2) {
                throw new IllegalArgumentException("floorReps must be >= 2 (the floor's sd needs two draws), got "
                        + floorReps);
            }
        }

        /** 200 random directions, search over ≤ 100 000 rows from 10 starts × 100 iterations, 20 floor draws. */
        public static Options defaults() {
            return new Options(200, 100_000, 10, 100, 20, 1L);
        }

        public Options withNDirections(int l) {
            return new Options(l, searchRows, starts, maxIter, floorReps, seed);
        }

        public Options withSeed(long s) {
            return new Options(nDirections, searchRows, starts, maxIter, floorReps, s);
        }
    }

    /**
     * W1 along one direction against its floor.
     *
     * @param rows               projected data rows
     * @param w1                 W1(data projection, N(0,1) sample of the same size)
     * @param floor              two-sample floor at those sizes
     * @param ratio              w1 / floor mean
     * @param separation         (w1 − floor mean) / floor sd
     * @param sixthMomentContrast mean u⁶ − 15 of the standardised projection (NaN where not computed)
     * @param sixthMomentZ       its z-score under the Gaussian null
     */
    public record Slice(int rows, double w1, Wasserstein1D.NoiseFloor floor, double ratio, double separation,
                        double sixthMomentContrast, double sixthMomentZ) {
        public boolean separated() {
            return separation > SEPARATION_SDS;
        }
    }

    /**
     * @param rows                 data rows compared
     * @param d                    dimension
     * @param rank                 dimension of the covariance's numerical support (directions live there)
     * @param randomW1             W1 along each random direction (all rows)
     * @param randomFloor          floor for one random direction (all rows)
     * @param random               the mean over random directions as a slice (ratio = sliced W1 / floor)
     * @param randomMaxRatio       largest single random direction's W1 / floor
 * @param randomMedianRatio    median over random directions of W1 / floor: the typical random slice (in low
 *                             dimension a few random directions fall close to a non-Gaussian direction and pull the
 *                             mean up)
     * @param searched             the searched direction, measured on the held-out half
     * @param searchedDirection    its unit vector in data coordinates (for a projection ⟨u, y − μ⟩ / √(uᵀΣu))
     * @param search               the search's own record (contrast on the search half, iterations, …)
     * @param alongTruth           along the given direction (all rows), or null
     * @param searchTruthAlignment |cos| between searched direction and the given one in the Σ metric, or NaN
     */
    public record Result(int rows, int d, int rank, Options options, double[] randomW1,
                         Wasserstein1D.NoiseFloor randomFloor, Slice random, double randomMaxRatio,
                         double randomMedianRatio, Slice searched,
                         double[] searchedDirection, ProjectionSearch.Result search, Slice alongTruth,
                         double searchTruthAlignment, List<String> notes) {
        /** Whether some direction (searched or given) separates the data from the Gaussian. */
        public boolean distinguishable() {
            return random.separated() || searched.separated() || (alongTruth != null && alongTruth.separated());
        }

        public String verdict() {
            return distinguishable() ? "distinguishable from a Gaussian with the same mean and covariance"
                    : "indistinguishable from a Gaussian with the same mean and covariance along the directions tried";
        }

        /** A few lines for a terminal. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "against a Gaussian with the same mean and covariance (%,d rows, rank %d"
                    + " of %d):%n", rows, rank, d));
            sb.append(String.format(Locale.ROOT, "%-40s %10s %10s %8s%n", "W1 along", "W1", "floor", "ratio"));
            line(sb, randomW1.length + " random directions (mean)", random);
            sb.append(String.format(Locale.ROOT, "%-40s %10s %10s %8.2f%n", "  median random direction", "", "",
                    randomMedianRatio));
            sb.append(String.format(Locale.ROOT, "%-40s %10s %10s %8.2f%n", "  largest single random direction", "",
                    "", randomMaxRatio));
            line(sb, "searched direction (held-out half)", searched);
            if (alongTruth != null) {
                line(sb, "the given direction v", alongTruth);
                sb.append(String.format(Locale.ROOT, "searched direction vs v: |cos| = %.3f%n", searchTruthAlignment));
            }
            sb.append("gaussian check: ").append(verdict());
            for (String n : notes) {
                sb.append(System.lineSeparator()).append("note: ").append(n);
            }
            return sb.toString();
        }

        private static void line(StringBuilder sb, String name, Slice s) {
            sb.append(String.format(Locale.ROOT, "%-40s %10.4g %10.4g %8.2f%n", name, s.w1(), s.floor().mean(),
                    s.ratio()));
        }
    }

    private GaussianComparison() {}

    /**
     * @param y          row-major n×d data rows (a uniform subsample is fine)
     * @param mean       μ (length d), normally of all rows
     * @param covariance Σ (d×d column-major), normally of all rows
     * @param truth      a direction in data coordinates to test as well (e.g. a hard instance's v), or null
     */
    public static Result compare(double[] y, int n, int d, double[] mean, double[] covariance, long momentRows,
                                 double[] truth, Options options) {
        if (momentRows < n) {
            throw new IllegalArgumentException("the mean and covariance must come from at least the " + n
                    + " compared rows (they are standardised with them), got momentRows = " + momentRows);
        }
        if (d < 1 || n < 4 || y.length < (long) n * d) {
            throw new IllegalArgumentException("the Gaussian comparison needs at least 4 rows of dimension d >= 1"
                    + " (got n = " + n + ", d = " + d + ", " + y.length + " values)");
        }
        if (mean.length != d || covariance.length != d * d) {
            throw new IllegalArgumentException("mean must have d = " + d + " entries and the covariance d x d = "
                    + d * d + ", got " + mean.length + " and " + covariance.length);
        }
        if (truth != null && truth.length != d) {
            throw new IllegalArgumentException("the given direction has " + truth.length + " entries, the data d = " + d);
        }
        List<String> notes = new ArrayList<>();
        // whitening on the numerical support: z = Λ_r^{-1/2} V_rᵀ (y − μ), row-major n×r
        SymmetricEigen eig = SymmetricEigen.of(covariance, d);
        double[] lam = eig.values();
        double[] vec = eig.vectors();
        if (!(lam[0] > 0)) {
            throw new IllegalArgumentException("the covariance is zero: the data are constant, nothing to compare");
        }
        int r = 0;
        while (r < d && lam[r] > RANK_TOLERANCE * lam[0]) {
            r++;
        }
        if (r < d) {
            notes.add("covariance rank " + r + " < d = " + d + ": directions live in its " + r + "-dimensional support");
        }
        double[] z = whiten(y, n, d, mean, vec, lam, r);
        SplittableRandom rng = new SplittableRandom(options.seed());

        // random directions, all rows
        double[] w1 = new double[options.nDirections()];
        double[] u = new double[n];
        for (int l = 0; l < w1.length; l++) {
            double[] theta = unitGaussian(rng, r);
            project(z, n, r, theta, u);
            w1[l] = againstGaussian(u, rng);
        }
        Wasserstein1D.NoiseFloor floorAll = standardisedNoiseFloor(n, momentRows, options.floorReps(), rng.nextLong());
        double meanW1 = Arrays.stream(w1).average().orElse(Double.NaN);
        double maxW1 = Arrays.stream(w1).max().orElse(Double.NaN);
        Slice random = slice(n, meanW1, floorAll, Double.NaN);

        // projection search on the even rows, measured on the odd rows
        int nA = (n + 1) / 2;
        int nB = n / 2;
        double[] za = new double[nA * r];
        double[] zb = new double[nB * r];
        for (int i = 0; i < n; i++) {
            System.arraycopy(z, i * r, (i % 2 == 0) ? za : zb, (i / 2) * r, r);
        }
        ProjectionSearch.Result search = ProjectionSearch.sixthMomentDirection(za, nA, r,
                Math.min(nA, options.searchRows()), options.starts(), options.maxIter(), rng.nextLong());
        double[] ub = new double[nB];
        project(zb, nB, r, search.direction(), ub);
        Wasserstein1D.NoiseFloor floorHalf = standardisedNoiseFloor(nB, momentRows, options.floorReps(),
                rng.nextLong());
        double sixthB = ProjectionSearch.sixthMomentContrast(zb, nB, r, search.direction());
        Slice searched = slice(nB, againstGaussian(ub, rng), floorHalf, sixthB);
        double[] searchedRaw = toDataCoordinates(search.direction(), vec, lam, d, r);

        Slice along = null;
        double alignment = Double.NaN;
        if (truth != null) {
            double[] theta = toWhitened(truth, vec, lam, d, r);
            double kept = norm(theta);
            if (!(kept > 0)) {
                throw new IllegalArgumentException("the given direction is zero or outside the data's support");
            }
            for (int a = 0; a < r; a++) {
                theta[a] /= kept;
            }
            project(z, n, r, theta, u);
            double sixth = ProjectionSearch.sixthMomentContrast(z, n, r, theta);
            along = slice(n, againstGaussian(u, rng), floorAll, sixth);
            double dot = 0;
            for (int a = 0; a < r; a++) {
                dot += theta[a] * search.direction()[a];
            }
            alignment = Math.abs(dot);
        }
        double[] sorted = w1.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
        return new Result(n, d, r, options, w1, floorAll, random, maxW1 / floorAll.mean(), median / floorAll.mean(),
                searched, searchedRaw,
                search, along, alignment, List.copyOf(notes));
    }

    /**
     * Mean and sd over {@code reps} draws of W1 between g = (g_1..g_n) ~ N(0, 1), standardised by the mean m and
     * variance v (divisor N) of the N ≥ n pooled rows it is part of, and an independent N(0, 1) sample of size n.
     * The other N − n rows enter through their sum (N(0, N − n)) and sum of squares (χ²_{N−n}: drawn exactly up to
     * 10⁵ rows, by its normal approximation beyond).
     */
    public static Wasserstein1D.NoiseFloor standardisedNoiseFloor(int n, long pooledRows, int reps, long seed) {
        if (n < 2 || pooledRows < n || reps < 1) {
            throw new IllegalArgumentException("the floor needs n >= 2 rows, pooledRows >= n and reps >= 1, got " + n
                    + ", " + pooledRows + ", " + reps);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        long others = pooledRows - n;
        double sum = 0;
        double sum2 = 0;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int rep = 0; rep < reps; rep++) {
            double s1 = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                a[i] = rng.nextGaussian();
                b[i] = rng.nextGaussian();
                s1 += a[i];
                s2 += a[i] * a[i];
            }
            if (others > 0) {
                s1 += Math.sqrt((double) others) * rng.nextGaussian();
                if (others <= 100_000) {
                    for (long k = 0; k < others; k++) {
                        double g = rng.nextGaussian();
                        s2 += g * g;
                    }
                } else {
                    s2 += others + Math.sqrt(2.0 * others) * rng.nextGaussian();
                }
            }
            double m = s1 / pooledRows;
            double sd = Math.sqrt(s2 / pooledRows - m * m);
            for (int i = 0; i < n; i++) {
                a[i] = (a[i] - m) / sd;
            }
            Arrays.sort(a);
            Arrays.sort(b);
            double w = Wasserstein1D.distanceSorted(a, b);
            sum += w;
            sum2 += w * w;
        }
        double mean = sum / reps;
        double sd = reps > 1 ? Math.sqrt(Math.max(0, (sum2 - reps * mean * mean) / (reps - 1))) : Double.NaN;
        return new Wasserstein1D.NoiseFloor(mean, sd, reps, n, n);
    }

    private static Slice slice(int rows, double w1, Wasserstein1D.NoiseFloor floor, double sixth) {
        double z6 = Double.isNaN(sixth) ? Double.NaN : sixth * Math.sqrt(rows) / SIXTH_POWER_SD;
        double sep = floor.sd() > 0 ? (w1 - floor.mean()) / floor.sd() : Double.NaN;
        return new Slice(rows, w1, floor, w1 / floor.mean(), sep, sixth, z6);
    }

    /** W1 between the projection (sorted in place) and a fresh N(0, 1) sample of the same size. */
    private static double againstGaussian(double[] u, SplittableRandom rng) {
        double[] g = new double[u.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.nextGaussian();
        }
        Arrays.sort(u);
        Arrays.sort(g);
        return Wasserstein1D.distanceSorted(u, g);
    }

    private static double[] whiten(double[] y, int n, int d, double[] mean, double[] vec, double[] lam, int r) {
        double[] z = new double[n * r];
        double[] c = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                c[j] = y[i * d + j] - mean[j];
            }
            for (int a = 0; a < r; a++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += vec[j + a * d] * c[j];
                }
                z[i * r + a] = s / Math.sqrt(lam[a]);
            }
        }
        return z;
    }

    /**
     * The whitened direction whose projection is ⟨u, y − μ⟩ up to scale: θ = Λ^{1/2} Vᵀ u (on the support; the
     * part of u outside it carries no variance).
     */
    private static double[] toWhitened(double[] u, double[] vec, double[] lam, int d, int r) {
        double[] theta = new double[r];
        for (int a = 0; a < r; a++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += vec[j + a * d] * u[j];
            }
            theta[a] = s * Math.sqrt(lam[a]);
        }
        return theta;
    }

    /** The data-coordinate direction u ∝ V Λ^{-1/2} θ with ⟨u, y − μ⟩ ∝ θᵀz, unit length. */
    private static double[] toDataCoordinates(double[] theta, double[] vec, double[] lam, int d, int r) {
        double[] u = new double[d];
        for (int a = 0; a < r; a++) {
            double s = theta[a] / Math.sqrt(lam[a]);
            for (int j = 0; j < d; j++) {
                u[j] += vec[j + a * d] * s;
            }
        }
        double len = norm(u);
        for (int j = 0; j < d; j++) {
            u[j] /= len;
        }
        return u;
    }

    private static void project(double[] z, int n, int r, double[] theta, double[] out) {
        for (int i = 0; i < n; i++) {
            double s = 0;
            int off = i * r;
            for (int a = 0; a < r; a++) {
                s += z[off + a] * theta[a];
            }
            out[i] = s;
        }
    }

    private static double[] unitGaussian(SplittableRandom rng, int r) {
        double[] t = new double[r];
        for (int a = 0; a < r; a++) {
            t[a] = rng.nextGaussian();
        }
        double len = norm(t);
        for (int a = 0; a < r; a++) {
            t[a] /= len;
        }
        return t;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
