package io.polymoments.moments;

import java.io.Serializable;

/**
 * Two sketches over the rows split in halves by {@link #halfOf}, a hash of each row's values. Their merge is the
 * sketch of all rows; their difference is a free estimate of sampling noise (the learners' goodness-of-fit uses it).
 * The names {@code even} and {@code odd} are those of halves 0 and 1.
 */
public final class SplitHalfSketch implements Serializable {
    private static final long serialVersionUID = 1L;
    private final MomentSketch even;
    private final MomentSketch odd;

    public SplitHalfSketch(MomentSketch even, MomentSketch odd) {
        if (even.order() != odd.order() || even.dim() != odd.dim() || !Basis.same(even.basis(), odd.basis())) {
            throw new IllegalArgumentException("the two halves must share order, dimension and basis: " + even + " vs " + odd);
        }
        this.even = even;
        this.odd = odd;
    }

    public static SplitHalfSketch empty(int order, int dim, Basis basis) {
        return new SplitHalfSketch(MomentSketch.empty(order, dim, basis), MomentSketch.empty(order, dim, basis));
    }

    public MomentSketch even() {
        return even;
    }

    public MomentSketch odd() {
        return odd;
    }

    /**
     * The half (0 or 1) of the row {@code values[offset .. offset + length)}: one bit of a fixed hash of its values,
     * so that a row lands in the same half however the rows are partitioned or ordered, and the halves do not depend
     * on the partitioning (as the even and odd rows of each partition, they did).
     * Each row is a fair coin independent of the others, so the halves are Binomial(n, 1/2) in size. Copies of a row
     * share its half: the halves estimate sampling noise, and identical rows are one draw repeated, not independent
     * draws. −0.0 and 0.0 are one value. Exponents enter relative to the row's first non-zero value, so that a
     * common power-of-two factor of normal values (the passes' units for extreme data, docs/moments.md §10) leaves every half as it
     * is. Every coordinate is mixed on its own (with its position) and the mixes are summed, so that the loop carries
     * no chain of multiplications from one coordinate to the next.
     */
    public static int halfOf(double[] values, int offset, int length) {
        long h = length;
        long first = -1;
        for (int j = 0; j < length; j++) {
            long bits = Double.doubleToLongBits(values[offset + j] + 0.0);
            long exponent = (bits >>> 52) & 0x7FF;
            if (first < 0 && bits != 0) {
                first = exponent;
            }
            // the mantissa and the exponent's offset from the first (12 bits, two's complement) fill the key; zero
            // gets the offset −2048, which no value has; the sign goes with the position
            long key = bits == 0 ? Long.MIN_VALUE : (bits & 0x000F_FFFF_FFFF_FFFFL) | (exponent - first) << 52;
            h += mix(key + (2 * j + 1 + (bits >>> 63)) * 0x9E3779B97F4A7C15L);
        }
        return (int) (mix(h) >>> 63);
    }

    /** MurmurHash3's 64-bit finaliser: every input bit reaches every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /** Half h (0 even, 1 odd). */
    public MomentSketch half(int h) {
        return h == 0 ? even : odd;
    }

    public int order() {
        return even.order();
    }

    public int dim() {
        return even.dim();
    }

    public Basis basis() {
        return even.basis();
    }

    public long count() {
        return even.count() + odd.count();
    }

    /** The sketch of all rows (a new object). */
    public MomentSketch total() {
        return even.copy().mergeInPlace(odd);
    }

    /** Merges half by half; returns this. */
    public SplitHalfSketch mergeInPlace(SplitHalfSketch other) {
        even.mergeInPlace(other.even);
        odd.mergeInPlace(other.odd);
        return this;
    }

    @Override
    public String toString() {
        return "SplitHalfSketch[" + even + " | " + odd + "]";
    }
}
