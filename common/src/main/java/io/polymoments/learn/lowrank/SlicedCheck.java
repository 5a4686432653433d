package io.polymoments.learn.lowrank;

import io.polymoments.metrics.SlicedWasserstein;
import io.polymoments.model.LowRankTransform;
import java.util.Locale;

/**
 * The distribution check of a low-rank fit (docs/lowrank.md §10): sliced W1 (central 90% of each projection) between
 * data rows (held out of the moment passes) and as many draws from the fitted model, in the data's whitened coordinates, read against its null
 * distribution: the same distance between further model draws and the same reference draw. Moments of order ≤ 4
 * can agree while the laws differ (e.g. a misspecified activation); this catches differences the cost cannot see.
 * <p>
 * Why a null distribution and not a single two-sample floor: the statistic is a Brownian-bridge functional with few
 * effectively independent directions in m dimensions, so one floor draw scatters by ~30%; w1/floor of the true
 * model itself ranged 0.43–2.3 over 20 seeds. Even against a precise reference the statistic's null is skewed
 * (true-model z-scores up to 6 against the null draws' spread), so the decision is rank-based: the check fails only
 * when the data lie farther from the model than every null draw (Monte Carlo p = 1/40) and materially so (ratio >
 * {@link #MAX_RATIO}); the second condition also keeps the sampling error of the fitted parameters, which a large
 * check sample can resolve, from rejecting a correct model class. The tails of each projection are trimmed
 * ({@link #TRIM}): polynomial outputs are heavy-tailed and the full W1 hangs on a few extreme order statistics.
 *
 * @param samples    rows on each side
 * @param directions number of random directions
 * @param w1         sliced W1 data vs the reference model draw
 * @param floor      mean of the null: sliced W1 of independent model draws vs the same reference draw
 * @param floorSd    standard deviation of the null draws
 * @param nullDraws  number of null draws
 * @param exceeded   null draws at or above {@code w1} (Monte Carlo p-value (1 + exceeded) / (1 + nullDraws))
 */
public record SlicedCheck(int samples, int directions, double w1, double floor, double floorSd, int nullDraws,
                          int exceeded) {
    /**
     * The distance must exceed its null mean by this factor to fail (a material difference), besides exceeding every
     * null draw. Over 120 checks of true models (He2, He3; 500–20,000 rows; 20 seeds each) the largest ratio was
     * 2.37 at 2,000 rows and 1.66 at 20,000; misspecified activations give 3–24.
     */
    public static final double MAX_RATIO = 2.5;
    /** Default subsample size (rows of data and of each model draw). */
    public static final int DEFAULT_SAMPLES = 20_000;
    /** Default number of directions (m ≤ 20 whitened dimensions: more add little but time). */
    public static final int DEFAULT_DIRECTIONS = 50;
    /** Share of each tail left out of the distance ({@link SlicedWasserstein#w1SortedTrimmed}). */
    public static final double TRIM = 0.05;
    /** The reference draw has this many times the check's rows, within [MIN, MAX]_REFERENCE_ROWS. */
    static final int REFERENCE_FACTOR = 5;
    static final int MIN_REFERENCE_ROWS = 50_000;
    static final int MAX_REFERENCE_ROWS = 200_000;
    /** Default number of null draws: the smallest Monte Carlo p-value is 1/40. */
    public static final int DEFAULT_NULL_DRAWS = 39;

    public double ratio() {
        return floor > 0 ? w1 / floor : Double.NaN;
    }

    /** (w1 − null mean) / null standard deviation. */
    public double z() {
        return floorSd > 0 ? (w1 - floor) / floorSd : Double.NaN;
    }

    /** Monte Carlo p-value of the data's distance among the null draws. */
    public double pValue() {
        return (1.0 + exceeded) / (1.0 + nullDraws);
    }

    /** False only when the distance is above every null draw and more than {@link #MAX_RATIO} times their mean. */
    public boolean passes() {
        return !(exceeded == 0 && ratio() > MAX_RATIO);
    }

    /** As {@link #of(LowRankTransform, double[], int, double[], int, int, int, long)} with the default null draws. */
    public static SlicedCheck of(LowRankTransform model, double[] data, int n, double[] whitening, int k,
                                 int directions, long seed) {
        return of(model, data, n, whitening, k, directions, DEFAULT_NULL_DRAWS, seed);
    }

    /**
     * @param model      the fitted transform
     * @param data       row-major n×d rows of the data
     * @param n          rows in {@code data}
     * @param whitening  d×k whitening of the data (column-major), or null for raw coordinates
     * @param k          columns of {@code whitening}
     * @param nullDraws  model draws of the null distribution (≥ 2)
     * @param seed       seeds the model draws and the directions
     */
    public static SlicedCheck of(LowRankTransform model, double[] data, int n, double[] whitening, int k,
                                 int directions, int nullDraws, long seed) {
        int d = model.outputDim();
        if (n < 1 || data.length != (long) n * d) {
            throw new IllegalArgumentException("data must be row-major n x d with n >= 1 and d = " + d + ": got "
                    + data.length + " entries for n = " + n);
        }
        if (nullDraws < 2) {
            throw new IllegalArgumentException("nullDraws must be >= 2 to estimate the null's spread, got " + nullDraws);
        }
        SlicedWasserstein.Directions dirs = SlicedWasserstein.directions(d, whitening, k, directions, seed);
        long base = seed * 0x9E3779B97F4A7C15L;
        // the model's quantiles from a large draw, so that the reference adds little noise of its own
        int refRows = (int) Math.min(MAX_REFERENCE_ROWS, Math.max(REFERENCE_FACTOR * (long) n, MIN_REFERENCE_ROWS));
        double[][] ref = dirs.sortedProjections(draw(model, refRows, base + 11), refRows);
        double w1 = SlicedWasserstein.w1SortedTrimmed(dirs.sortedProjections(data, n), ref, TRIM);
        double sum = 0;
        double sum2 = 0;
        int exceeded = 0;
        for (int b = 0; b < nullDraws; b++) {
            double t = SlicedWasserstein.w1SortedTrimmed(dirs.sortedProjections(draw(model, n, base + 12 + b), n), ref,
                    TRIM);
            sum += t;
            sum2 += t * t;
            exceeded += t >= w1 ? 1 : 0;
        }
        double mean = sum / nullDraws;
        double sd = Math.sqrt(Math.max(0, (sum2 - nullDraws * mean * mean) / (nullDraws - 1)));
        return new SlicedCheck(n, directions, w1, mean, sd, nullDraws, exceeded);
    }

    /** n rows of the model, row-major. */
    public static double[] draw(LowRankTransform model, int n, long seed) {
        int d = model.outputDim();
        double[][] rows = model.sampleBlock(seed, 0, n);
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, out, i * d, d);
        }
        return out;
    }

    /** The fit with its verdict downgraded from FITS to DOES_NOT_FIT when this check fails; otherwise unchanged. */
    public LowRankFit applyTo(LowRankFit fit) {
        if (fit.verdict() != LowRankVerdict.FITS || passes()) {
            return fit;
        }
        String why = String.format(Locale.ROOT, "the moments fit, but the fitted law does not match the data:"
                + " sliced W1 %.4g is %.2f x its null mean %.4g (%.1f null sd above it, beyond all %d null draws;"
                + " fails above %.1f x) at %d rows; the model class (activation, degree, r or m) is probably wrong",
                w1, ratio(), floor, z(), nullDraws, MAX_RATIO, samples);
        return new LowRankFit(LowRankVerdict.DOES_NOT_FIT, why, fit.model(), fit.cost(), fit.noiseLevel(),
                fit.momentResiduals(), fit.parameters(), fit.nullDimension(), fit.expectedNullDimension(),
                fit.singularValues(), fit.restartCosts(), fit.poolSize(), fit.contrastOrder(), fit.contrastMaxima(),
                fit.identifiabilityWarning(), fit.gaussianityZ(), fit.millis());
    }

    public String summary() {
        return String.format(Locale.ROOT, "sliced W1 (whitened, %d vs %d rows, %d directions): %.4g vs null %.4g"
                + " +- %.2g (%d draws): ratio %.2f, z %.1f, p %.3f (fails above %.1f x and beyond every draw)",
                samples, samples, directions, w1, floor, floorSd, nullDraws, ratio(), z(), pValue(), MAX_RATIO);
    }
}
