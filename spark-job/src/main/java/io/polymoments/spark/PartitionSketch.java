package io.polymoments.spark;

import io.polymoments.moments.DirectionalSums;
import io.polymoments.moments.SplitHalfSketch;
import java.io.Serializable;

/** One partition's contribution to a pass: its sketch and the rows it skipped (with the first reason, for the report). */
final class PartitionSketch implements Serializable {
    private static final long serialVersionUID = 1L;
    SplitHalfSketch sketch;
    DirectionalSums directional;
    long skipped;
    String firstSkipReason;

    PartitionSketch(SplitHalfSketch sketch, DirectionalSums directional, long skipped, String firstSkipReason) {
        this.sketch = sketch;
        this.directional = directional;
        this.skipped = skipped;
        this.firstSkipReason = firstSkipReason;
    }

    PartitionSketch merge(PartitionSketch other) {
        sketch.mergeInPlace(other.sketch);
        if (directional != null) {
            directional.mergeInPlace(other.directional);
        }
        skipped += other.skipped;
        if (firstSkipReason == null) {
            firstSkipReason = other.firstSkipReason;
        }
        return this;
    }
}
