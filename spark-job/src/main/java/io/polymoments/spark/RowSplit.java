package io.polymoments.spark;

import java.io.Serializable;
import java.util.Locale;

/**
 * Splits rows by a seeded hash of their values: a share {@code fraction} is held out of a pass's sketches, and a
 * share {@code keep} is handed back as rows (a subset of the held-out rows when some are held out; a plain
 * subsample otherwise). The same rows for any partitioning, row order, file layout or retry (Spark's
 * {@code randomSplit} depends on the partitioning and on sorting inside each partition), with nothing to store, so a
 * pass can hold rows out and collect them at once. Identical rows fall on the same side, which only matters for
 * data made of a few repeated rows.
 *
 * @param seed     selects which rows; a different seed holds out a different, independent set
 * @param fraction probability that a row is held out of the sketches, in [0, 1/2]
 * @param keep     probability that a row is collected, in [0, 1], at most {@code fraction} when that is positive
 */
public record RowSplit(long seed, double fraction, double keep) implements Serializable {
    /** Rows the automatic fraction aims to hold out: enough for a sliced W1 check at its floor's own precision. */
    public static final int TARGET_ROWS = 20_000;
    /** Largest automatic fraction: small data sets give at most this share of their rows to the check. */
    public static final double MAX_AUTO_FRACTION = 0.1;

    public RowSplit {
        if (!(fraction >= 0 && fraction <= 0.5)) {
            throw new IllegalArgumentException("the held-out fraction must be in [0, 0.5], got " + fraction);
        }
        if (!(keep >= 0 && keep <= 1) || (fraction > 0 && keep > fraction) || (fraction == 0 && keep == 0)) {
            throw new IllegalArgumentException("a split must hold out or keep rows, and keep only held-out rows when it"
                    + " holds some out: fraction " + fraction + ", keep " + keep);
        }
    }

    /** Holds out {@code fraction} of the rows and keeps none. */
    public RowSplit(long seed, double fraction) {
        this(seed, checkedFraction(fraction), 0);
    }

    private static double checkedFraction(double fraction) {
        if (!(fraction > 0)) {
            throw new IllegalArgumentException("the held-out fraction must be in (0, 0.5], got " + fraction);
        }
        return fraction;
    }

    /** min({@link #MAX_AUTO_FRACTION}, {@link #TARGET_ROWS} / rows): about 20,000 rows from large data. */
    public static RowSplit auto(long rows, long seed) {
        return new RowSplit(seed, Math.min(MAX_AUTO_FRACTION, TARGET_ROWS / (double) Math.max(1, rows)));
    }

    /** Holds nothing out and keeps a subsample of about {@code keep} of the rows. */
    public static RowSplit subsample(long seed, double keep) {
        return new RowSplit(seed, 0, keep);
    }

    /** The same held-out rows, of which {@code share} (≤ fraction) are collected. */
    public RowSplit keeping(double share) {
        return new RowSplit(seed, fraction, share);
    }

    /** True when the row belongs to the held-out part. */
    public boolean heldOut(double[] row) {
        return uniform(row) < fraction;
    }

    /** The row's hash as a uniform number in [0, 1); −0.0 and 0.0 hash alike. */
    double uniform(double[] row) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (double v : row) {
            h = mix(h ^ Double.doubleToLongBits(v + 0.0));
        }
        return (h >>> 11) * 0x1.0p-53;
    }

    /** MurmurHash3's 64-bit finaliser: every input bit reaches every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    @Override
    public String toString() {
        return fraction > 0
                ? String.format(Locale.ROOT, "%.4g of the rows (hash of the row's values, seed %d)", fraction, seed)
                : String.format(Locale.ROOT, "a %.4g subsample (hash of the row's values, seed %d)", keep, seed);
    }
}
