package io.polymoments.moments;

import io.polymoments.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the passes produce and a sketch directory stores: the raw sketch of the data (order ≥ 2, the data's own
 * coordinates), optionally a whitened sketch (order 3 or 4, in a recorded basis) with out-of-sample directional
 * fourth-moment sums, and how many invalid rows were skipped. Bundles of the same settings merge role by role, half by half.
 *
 * <p>Identity: a bundle's id is the fingerprint of its numbers ({@link #id}), fixed when it is made; {@code sources}
 * lists the ids of the bundles merged into it (null for a bundle straight from the data: itself). Merging refuses
 * bundles that share a source, since their rows would be counted twice.
 *
 * @param scale   the units every part was sketched in (rows y_j / s_j), or null for the data's own units
 * @param sources the ids of the bundles merged into this one, or null for a bundle straight from the data
 */
public record SketchBundle(SplitHalfSketch raw, SplitHalfSketch whitened, DirectionalSums directional, long skippedRows,
                           ColumnScale scale, List<String> sources) {

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
        sources = sources == null ? null : List.copyOf(sources);
    }

    /** A bundle straight from the data, in the given units (null: the data's own). */
    public SketchBundle(SplitHalfSketch raw, SplitHalfSketch whitened, DirectionalSums directional, long skippedRows,
                        ColumnScale scale) {
        this(raw, whitened, directional, skippedRows, scale, null);
    }

    /** A bundle straight from the data, in the data's own units. */
    public SketchBundle(SplitHalfSketch raw, SplitHalfSketch whitened, DirectionalSums directional, long skippedRows) {
        this(raw, whitened, directional, skippedRows, (ColumnScale) null);
    }

    public SketchBundle(SplitHalfSketch raw, SplitHalfSketch whitened, long skippedRows) {
        this(raw, whitened, null, skippedRows);
    }

    /** The fingerprint of everything the bundle holds (32 hex digits): equal bundles, equal ids. */
    public String id() {
        ContentHash h = new ContentHash();
        for (SplitHalfSketch s : new SplitHalfSketch[] {raw, whitened}) {
            if (s == null) {
                h.add(-1L);
                continue;
            }
            s.even().hashInto(h);
            s.odd().hashInto(h);
        }
        if (directional != null) {
            h.add(directional.dim()).add(directional.directions()).add(directional.counts()).add(directional.sums());
        }
        if (scale != null) { // unscaled bundles keep the ids they had before scales existed
            h.add(scale.factors());
        }
        return h.add(skippedRows).hex();
    }

    /** The ids of the bundles of data merged into this one ({@link #id} itself for a bundle straight from the data). */
    public List<String> sourceIds() {
        return sources != null ? sources : List.of(id());
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
        List<String> sa = a.sourceIds();
        List<String> sb = b.sourceIds();
        Set<String> shared = new LinkedHashSet<>(sa);
        shared.retainAll(sb);
        if (!shared.isEmpty()) {
            throw new InvalidInputException("the sketches overlap: both contain the sketch" + (shared.size() > 1 ? "es " : " ")
                    + String.join(", ", shared) + ", so merging them would count the same rows twice. Merge each"
                    + " sketch once (a merged sketch already contains every sketch merged into it)");
        }
        List<String> sources = new ArrayList<>(sa);
        sources.addAll(sb);
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
        return new SketchBundle(raw, white, dir, a.skippedRows + b.skippedRows, a.scale, sources);
    }

    private static String units(SketchBundle b) {
        return b.scale == null ? "the data's own units" : b.scale.describe();
    }

    private static SplitHalfSketch copy(SplitHalfSketch s) {
        return new SplitHalfSketch(s.even().copy(), s.odd().copy());
    }
}
