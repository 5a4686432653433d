package io.polymoments.learn.lowrank;

import io.polymoments.metrics.SlicedWasserstein;
import io.polymoments.model.LowRankTransform;
import java.util.Locale;

/**
 * The distribution check of a low-rank fit (LOWRANK.md Step D): sliced W1 between a random subsample of the data and
 * as many draws from the fitted model, in the data's whitened coordinates, read against the two-sample floor (sliced
 * W1 between two independent model samples of the same size). Moments of order ≤ 4 can agree while the laws differ
 * (e.g. a misspecified activation); this catches differences the cost cannot see.
 *
 * @param samples    rows on each side
 * @param directions number of random directions
 * @param w1         sliced W1 data vs model
 * @param floor      sliced W1 model vs independent model sample (the noise floor at this sample size)
 */
public record SlicedCheck(int samples, int directions, double w1, double floor) {
    /**
     * Ratio w1/floor above which a FITS verdict becomes DOES_NOT_FIT. A correct model sits near 1 (data vs model is
     * itself a two-sample distance); 1.5 leaves room for the floor's own scatter at a few thousand rows.
     */
    public static final double MAX_RATIO = 1.5;
    /** Default subsample size (rows of data and of each model draw). */
    public static final int DEFAULT_SAMPLES = 20_000;
    /** Default number of directions. */
    public static final int DEFAULT_DIRECTIONS = 200;

    public double ratio() {
        return floor > 0 ? w1 / floor : Double.NaN;
    }

    /** False only when the ratio is known and above {@link #MAX_RATIO}. */
    public boolean passes() {
        return !(ratio() > MAX_RATIO);
    }

    /**
     * @param model      the fitted transform
     * @param data       row-major n×d subsample of the data
     * @param n          rows in {@code data}
     * @param whitening  d×k whitening of the data (column-major), or null for raw coordinates
     * @param k          columns of {@code whitening}
     * @param seed       seeds the model draws and the directions
     */
    public static SlicedCheck of(LowRankTransform model, double[] data, int n, double[] whitening, int k,
                                 int directions, long seed) {
        int d = model.outputDim();
        if (n < 1 || data.length != (long) n * d) {
            throw new IllegalArgumentException("data must be row-major n x d with n >= 1 and d = " + d + ": got "
                    + data.length + " entries for n = " + n);
        }
        double[] s1 = draw(model, n, seed * 0x9E3779B97F4A7C15L + 11);
        double[] s2 = draw(model, n, seed * 0x9E3779B97F4A7C15L + 12);
        double w1 = SlicedWasserstein.w1(data, n, s1, n, d, whitening, k, directions, seed);
        double floor = SlicedWasserstein.w1(s2, n, s1, n, d, whitening, k, directions, seed);
        return new SlicedCheck(n, directions, w1, floor);
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
        if (fit.verdict() != Verdict.FITS || passes()) {
            return fit;
        }
        String why = String.format(Locale.ROOT, "the moments fit, but the fitted law does not match the data:"
                + " sliced W1 %.4g is %.2f x its two-sample floor %.4g (threshold %.1f) at %d rows; the model class"
                + " (activation, degree, r or m) is probably wrong", w1, ratio(), floor, MAX_RATIO, samples);
        return new LowRankFit(Verdict.DOES_NOT_FIT, why, fit.model(), fit.cost(), fit.noiseLevel(),
                fit.momentResiduals(), fit.parameters(), fit.nullDimension(), fit.expectedNullDimension(),
                fit.singularValues(), fit.restartCosts(), fit.poolSize(), fit.contrastOrder(), fit.contrastMaxima(),
                fit.identifiabilityWarning(), fit.gaussianityZ(), fit.millis());
    }

    public String summary() {
        return String.format(Locale.ROOT, "sliced W1 (whitened, %d vs %d rows, %d directions): %.4g vs floor %.4g,"
                + " ratio %.2f (fails above %.1f)", samples, samples, directions, w1, floor, ratio(), MAX_RATIO);
    }
}
