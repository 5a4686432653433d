package io.polymoments.fit;

import io.polymoments.datasets.SampleSet;
import io.polymoments.spark.InvalidRowPolicy;

/**
 * What a fit reads: samples (read and checked by the caller, with their invalid-row policy and the column name the
 * model will transform), or a stored sketch.
 */
public record FitSource(SampleSet samples, InvalidRowPolicy policy, String column, String sketch) {

    public static FitSource samples(SampleSet samples, InvalidRowPolicy policy, String column) {
        return new FitSource(samples, policy, column, null);
    }

    public static FitSource sketch(String path) {
        return new FitSource(null, null, null, path);
    }

    public boolean fromSketch() {
        return sketch != null;
    }
}
