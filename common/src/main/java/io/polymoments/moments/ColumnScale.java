package io.polymoments.moments;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * Power-of-two units s_j per column, in which the passes sketch y_j / s_j when the data's squares or fourth powers
 * would leave the double range (values near 1e-300 square to 0, values near 1e160 to infinity). Multiplying by a
 * power of two is exact, so the scaled rows carry every bit of the data and a model fitted in these units maps back
 * exactly (its output coordinate i times s_i).
 */
public final class ColumnScale implements Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * Largest magnitudes M_j inside [2^-120, 2^120] need no scale: the non-zero deviations that carry a column's
     * spread are between 2^-52·M (the spacing of doubles near M) and 2M, so their fourth powers summed over 2^40
     * rows stay between 2^-688 and 2^524, normal and finite; so do the whitening factors λ^{-1/2} ≤ 2^172.
     */
    public static final double SAFE_MIN = 0x1p-120;
    public static final double SAFE_MAX = 0x1p120;

    private final int[] exponents;

    private ColumnScale(int[] exponents) {
        this.exponents = exponents;
    }

    /**
     * The units for columns of the given largest magnitudes: null when every non-zero column lies in the safe range
     * (ordinary data keep their own units, bit for bit). Otherwise one power of two 2^E puts the largest magnitude
     * in [1, 2) and divides every column within 2^120 of it: a common factor leaves the whitened coordinates
     * unchanged, so the learners see the data as at unit scale, up to rounding (per-column factors would rotate
     * them, and the low-rank learner's seeded starts with them). Columns farther below get their own 2^⌊log2 M_j⌋;
     * all-zero columns keep s_j = 1.
     */
    public static ColumnScale forMagnitudes(double[] maxAbs) {
        if (safe(maxAbs)) {
            return null;
        }
        double largest = 0;
        for (double m : maxAbs) {
            largest = Math.max(largest, m);
        }
        int common = Math.getExponent(largest);
        int[] e = new int[maxAbs.length];
        for (int j = 0; j < e.length; j++) {
            if (maxAbs[j] > 0) {
                e[j] = Math.getExponent(maxAbs[j]) >= common - 120 ? common : Math.getExponent(maxAbs[j]);
            }
        }
        return new ColumnScale(e);
    }

    /** Whether columns of these largest magnitudes are all zero or inside [{@link #SAFE_MIN}, {@link #SAFE_MAX}]. */
    public static boolean safe(double[] maxAbs) {
        for (double m : maxAbs) {
            if (m != 0 && !(m >= SAFE_MIN && m <= SAFE_MAX)) {
                return false;
            }
        }
        return true;
    }

    /** Restores stored units; every factor must be a positive power of two. */
    public static ColumnScale ofFactors(double[] factors) {
        int[] e = new int[factors.length];
        for (int j = 0; j < e.length; j++) {
            double f = factors[j];
            if (!(f > 0) || Double.isInfinite(f) || Math.scalb(1.0, Math.getExponent(f)) != f) {
                throw new IllegalArgumentException("scale factor " + j + " is " + f + ", not a power of two");
            }
            e[j] = Math.getExponent(f);
        }
        return new ColumnScale(e);
    }

    public int dim() {
        return exponents.length;
    }

    /** The factors s_j = 2^e_j. */
    public double[] factors() {
        double[] f = new double[exponents.length];
        for (int j = 0; j < f.length; j++) {
            f[j] = Math.scalb(1.0, exponents[j]);
        }
        return f;
    }

    /** Divides a row (or a row-major block of rows of this width) by the factors, in place. */
    public void toScaled(double[] rows) {
        int d = exponents.length;
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Math.scalb(rows[i], -exponents[i % d]);
        }
    }

    /** The same basis expressed in the data's own units: z = Wᵀ(y/s − shift) = (diag(1/s)W)ᵀ(y − s⊙shift). */
    public Basis toDataUnits(Basis b) {
        int d = b.inputDim();
        double[] shift = b.shift().clone();
        double[] w = b.matrix().clone();
        for (int j = 0; j < d; j++) {
            shift[j] = Math.scalb(shift[j], exponents[j]);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.scalb(w[i], -exponents[i % d]);
        }
        return new Basis(d, b.dim(), shift, w);
    }

    /** Whether two optional scales agree (both absent, or the same factors). */
    public static boolean same(ColumnScale a, ColumnScale b) {
        return a == null ? b == null : a.equals(b);
    }

    /** One line for logs and notes, e.g. "y_j / 2^e_j with e_j from 996 to 997". */
    public String describe() {
        int lo = Arrays.stream(exponents).min().orElse(0);
        int hi = Arrays.stream(exponents).max().orElse(0);
        return lo == hi ? String.format(Locale.ROOT, "y_j / 2^%d", lo)
                : String.format(Locale.ROOT, "y_j / 2^e_j with e_j from %d to %d", lo, hi);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnScale c && Arrays.equals(exponents, c.exponents);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(exponents);
    }

    @Override
    public String toString() {
        return "ColumnScale[" + describe() + "]";
    }
}
