package io.polymoments.fit;

import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.store.QuadraticModelStore;
import io.polymoments.store.SketchStore;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A {@link FitSpec} with the command line's defaults, changed one setting at a time, and fits through
 * {@link Fitting#run} from samples or a sketch into real directories (the model, and the report and sketch when
 * asked for), as {@code fit} declares them.
 */
public final class Fit {
    private final String family;
    private String rank = "auto";
    private String holdout = "auto";
    private String hidden = "auto";
    private Integer degree;
    private String activation = "free";
    private int restarts = 6;
    private boolean strict;
    private boolean affine;
    private String modelClass = "auto";
    private String inputLaw = "gaussian";
    private String noise = "auto";
    private long seed;
    private String report;
    private String sketchOut;

    private Fit(String family) {
        this.family = family;
    }

    public static Fit family(String family) {
        return new Fit(family);
    }

    public static Fit quadratic() {
        return new Fit("quadratic");
    }

    public static Fit lowRank() {
        return new Fit("lowrank");
    }

    public Fit rank(String v) {
        rank = v;
        return this;
    }

    public Fit holdout(String v) {
        holdout = v;
        return this;
    }

    public Fit hidden(String v) {
        hidden = v;
        return this;
    }

    public Fit degree(int v) {
        degree = v;
        return this;
    }

    public Fit activation(String v) {
        activation = v;
        return this;
    }

    public Fit restarts(int v) {
        restarts = v;
        return this;
    }

    public Fit strict() {
        strict = true;
        return this;
    }

    public Fit affine() {
        affine = true;
        return this;
    }

    public Fit modelClass(String v) {
        modelClass = v;
        return this;
    }

    public Fit inputLaw(String v) {
        inputLaw = v;
        return this;
    }

    public Fit noise(String v) {
        noise = v;
        return this;
    }

    public Fit seed(long v) {
        seed = v;
        return this;
    }

    /** Also write the report (JSON, HTML and figures) here. */
    public Fit report(String file) {
        report = file;
        return this;
    }

    /** Also save the passes' sketch here (from samples only). */
    public Fit sketchOut(String path) {
        sketchOut = path;
        return this;
    }

    public FitSpec spec() {
        return new FitSpec(family, rank, holdout, hidden, degree, activation, restarts, strict, affine, modelClass,
                inputLaw, seed, 5000, 1e-16, noise);
    }

    /** Fits the samples of column y at {@code data} into the model directory {@code out}. */
    public Fitting.Outcome fromSamples(SparkSession spark, String data, String out) {
        try (OutputSet outs = outputs(spark, "--input", data, out)) {
            SampleSet samples = new SampleReader(spark).read(data, null, SampleSet.COLUMN, List.of(), null);
            return Fitting.run(spark, spec(), FitSource.samples(samples, InvalidRowPolicy.FAIL, SampleSet.COLUMN),
                    outs);
        }
    }

    /** Fits the stored sketch at {@code sketch} into the model directory {@code out}. */
    public Fitting.Outcome fromSketch(SparkSession spark, String sketch, String out) {
        try (OutputSet outs = outputs(spark, "--sketch", sketch, out)) {
            return Fitting.run(spark, spec(), FitSource.sketch(sketch), outs);
        }
    }

    private OutputSet outputs(SparkSession spark, String inputOption, String input, String out) {
        return OutputSet.builder(spark).input(inputOption, input)
                .output(Fitting.OUT, out, QuadraticModelStore.OUTPUT)
                .output(Fitting.REPORT, report, OutputKind.REPORT)
                .output(Fitting.SKETCH_OUT, sketchOut, SketchStore.OUTPUT)
                .open();
    }
}
