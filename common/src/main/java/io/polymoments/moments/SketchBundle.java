package io.polymoments.moments;

import io.polymoments.InvalidInputException;

/**
 * What the passes produce and a sketch directory stores: the raw sketch of the data (order ≥ 2, the data's own
 * coordinates), optionally a whitened sketch (order 3 or 4, in a recorded basis) with out-of-sample directional
 * fourth-moment sums, and how many invalid rows were skipped. Bundles of the same settings merge role by role, half by half.
 */
public record SketchBundle(SplitHalfSketch raw, SplitHalfSketch whitened, DirectionalSums directional, long skippedRows) {

    public SketchBundle {
        if (raw == null) {
            throw new IllegalArgumentException("a sketch bundle needs the raw sketch");
        }
        if (whitened != null && whitened.basis() == null) {
            throw new IllegalArgumentException("a whitened sketch must record its basis");
        }
    }

    public SketchBundle(SplitHalfSketch raw, SplitHalfSketch whitened, long skippedRows) {
        this(raw, whitened, null, skippedRows);
    }

    public boolean isWhitened() {
        return whitened != null;
    }

    /** Merges two bundles into a new one (inputs unchanged). */
    public static SketchBundle merge(SketchBundle a, SketchBundle b) {
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
        return new SketchBundle(raw, white, dir, a.skippedRows + b.skippedRows);
    }

    private static SplitHalfSketch copy(SplitHalfSketch s) {
        return new SplitHalfSketch(s.even().copy(), s.odd().copy());
    }
}
