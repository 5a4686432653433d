package io.polymoments.moments;

import java.io.Serializable;

/**
 * Two sketches over alternating rows (even and odd rows of each partition). Their merge is the sketch of all rows;
 * their difference is a free estimate of sampling noise (the learners' goodness-of-fit uses it).
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
