package io.polymoments.moments;

import io.polymoments.InvalidInputException;

/**
 * What the passes produce and a sketch directory stores: the raw sketch of the data (order ≥ 2, the data's own
 * coordinates), optionally a whitened sketch (order 3 or 4, in a recorded basis) with out-of-sample directional
 * fourth-moment sums, and how many invalid rows were skipped. Bundles of the same settings merge role by role, half by half.
 *
 * @param scale the units every part was sketched in (rows y_j / s_j), or null for the data's own units
 */
public record SketchBundle(SplitHalfSketch raw, SplitHalfSketch whitened, DirectionalSums directional, long skippedRows,
                           ColumnScale scale) {

    public SketchBundle {
        if (raw == null) {
            throw new IllegalArgumentException("a sketch bundle needs the raw sketch");
        }
        if (whitened != null && whitened.basis() == null) {
            throw new IllegalArgumentException("a whitened sketch must record its basis");
        }
        if (scale != null && scale.dim() != raw.dim()) {
            throw new IllegalArgumentException("the scale has " + scale.dim() + " columns, the raw sketch " + raw.dim());
        }
    }

    /** A bundle in the data's own units. */
    public SketchBundle(SplitHalfSketch raw, SplitHalfSketch whitened, DirectionalSums directional, long skippedRows) {
        this(raw, whitened, directional, skippedRows, null);
    }

    public SketchBundle(SplitHalfSketch raw, SplitHalfSketch whitened, long skippedRows) {
        this(raw, whitened, null, skippedRows);
    }

    public boolean isWhitened() {
        return whitened != null;
    }

    /** Merges two bundles into a new one (inputs unchanged). */
    public static SketchBundle merge(SketchBundle a, SketchBundle b) {
        if (!ColumnScale.same(a.scale, b.scale)) {
            throw new InvalidInputException("cannot merge sketches taken in different units (" + units(a) + " vs "
                    + units(b) + "): the data's magnitudes differ enough that each was scaled by its own powers of two;"
                    + " sketch them as one input, or (whitened sketches) the second with the first as --reference");
        }
        if (a.isWhitened() != b.isWhitened()) {
            throw new InvalidInputException("cannot merge a whitened sketch with an unwhitened one;"
                    + " compute both with the same 'moments' options");
        }
        SplitHalfSketch raw = copy(a.raw).mergeInPlace(b.raw);
        SplitHalfSketch white = a.isWhitened() ? copy(a.whitened).mergeInPlace(b.whitened) : null;
        if ((a.directional == null) != (b.directional == null)) {
            throw new InvalidInputException("cannot merge a sketch with directional fourth-moment statistics with one"
                    + " without; compute both with the same options");
        }
        DirectionalSums dir = a.directional == null ? null : a.directional.copy().mergeInPlace(b.directional);
        return new SketchBundle(raw, white, dir, a.skippedRows + b.skippedRows, a.scale);
    }

    private static String units(SketchBundle b) {
        return b.scale == null ? "the data's own units" : b.scale.describe();
    }

    private static SplitHalfSketch copy(SplitHalfSketch s) {
        return new SplitHalfSketch(s.even().copy(), s.odd().copy());
    }
}
