package io.polymoments.spark;

import io.polymoments.moments.DirectionalSums;
import io.polymoments.moments.SplitHalfSketch;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One partition's contribution to a pass: its raw and/or projected sketches, directional sums, and the rows it
 * skipped (with the first reason, for the report). Absent parts are null on every partition alike.
 */
final class PartitionSketch implements Serializable {
    private static final long serialVersionUID = 1L;
    SplitHalfSketch raw;
    SplitHalfSketch projected;
    DirectionalSums directional;
    long skipped;
    BadRowLocator.BadRow firstSkipped;
    /** Valid rows the plan's {@link RowSplit} kept out of the sketches. */
    long heldOut;
    /** Rows the split keeps, in partition order once merged in order; null without a split. */
    List<double[]> kept;
    /** Largest |value| per column over the valid rows, in the pass's units (merged by max). */
    double[] maxAbs;

    PartitionSketch(SplitHalfSketch raw, SplitHalfSketch projected, DirectionalSums directional, long skipped,
                    BadRowLocator.BadRow firstSkipped, long heldOut, List<double[]> kept, double[] maxAbs) {
        this.maxAbs = maxAbs;
        this.heldOut = heldOut;
        this.kept = kept;
        this.raw = raw;
        this.projected = projected;
        this.directional = directional;
        this.skipped = skipped;
        this.firstSkipped = firstSkipped;
    }

    /** The identity of {@link #merge} for a plan: empty sketches allocate no moment arrays. */
    static PartitionSketch empty(int d, MomentPasses.PassPlan plan) {
        return new PartitionSketch(
                plan.rawOrder() == 0 ? null : SplitHalfSketch.empty(plan.rawOrder(), d, null),
                plan.projectedOrder() == 0 ? null
                        : SplitHalfSketch.empty(plan.projectedOrder(), plan.basis().dim(), plan.basis()),
                plan.directional() == null ? null : plan.directional().copy(), 0, null, 0,
                plan.split() == null ? null : new ArrayList<>(), new double[d]);
    }

    /** The kept rows as one row-major array of d columns. */
    double[] keptRowMajor(int d) {
        int n = kept == null ? 0 : kept.size();
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(kept.get(i), 0, out, i * d, d);
        }
        return out;
    }

    long count() {
        return raw != null ? raw.count() : projected.count();
    }

    PartitionSketch merge(PartitionSketch other) {
        if (raw != null) {
            raw.mergeInPlace(other.raw);
        }
        if (projected != null) {
            projected.mergeInPlace(other.projected);
        }
        if (directional != null) {
            directional.mergeInPlace(other.directional);
        }
        for (int j = 0; j < maxAbs.length; j++) {
            maxAbs[j] = Math.max(maxAbs[j], other.maxAbs[j]);
        }
        skipped += other.skipped;
        heldOut += other.heldOut;
        if (kept != null) {
            kept.addAll(other.kept);
        }
        if (firstSkipped == null) {
            firstSkipped = other.firstSkipped;
        }
        return this;
    }
}
