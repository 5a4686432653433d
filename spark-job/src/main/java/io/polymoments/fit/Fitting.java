package io.polymoments.fit;

import io.polymoments.InvalidInputException;
import io.polymoments.family.ModelFamily;
import io.polymoments.output.OutputSet;
import org.apache.spark.sql.SparkSession;

/**
 * A fit from samples or a sketch into the caller's {@link OutputSet}: the model under {@link #OUT}, and when declared
 * the report under {@link #REPORT} and the two passes' sketch under {@link #SKETCH_OUT}; committed together, by the
 * {@link ModelFamily} the spec names.
 */
public final class Fitting {
    public static final String OUT = "--out";
    public static final String REPORT = "--report";
    public static final String SKETCH_OUT = "--sketch-out";

    private Fitting() {}

    /** What a fit produced, for the caller to report. */
    public sealed interface Outcome permits QuadraticFitting.Outcome, LowRankFitting.Outcome {}

    /**
     * Checks the settings against each other and the source before any work (no Spark needed).
     *
     * @param fromSketch  whether the fit reads a sketch rather than samples
     * @param sketchOut   whether a sketch output was asked for
     */
    public static void check(FitSpec spec, boolean fromSketch, boolean sketchOut) {
        ModelFamily.named(spec.family()).check(spec, fromSketch);
        if (sketchOut && fromSketch) {
            throw new InvalidInputException("--sketch-out only applies when fitting from --input samples");
        }
    }

    public static Outcome run(SparkSession spark, FitSpec spec, FitSource source, OutputSet outs) {
        check(spec, source.fromSketch(), outs.has(SKETCH_OUT));
        return ModelFamily.named(spec.family()).fit(spark, spec, source, outs);
    }
}
