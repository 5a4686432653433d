package io.polymoments.family;

import io.polymoments.InvalidInputException;
import io.polymoments.fit.FitSource;
import io.polymoments.fit.FitSpec;
import io.polymoments.fit.Fitting;
import io.polymoments.output.OutputSet;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * A model family: what differs between quadratic pushforwards and low-rank two-layer networks, behind one interface,
 * so that the commands and services dispatch on the family in one place ({@link #named} for a family the user names,
 * {@link #of} for a model or truth on disk) and never test which family they hold.
 *
 * <p>A family supplies its fit (settings checked before any work, then samples or a sketch to a model, its report
 * and figures), and reads its models: a model directory written by {@code fit} or the truth written by
 * {@code generate}, as a {@link FamilyModel} that evaluation, sampling, export and the scheduled runs use.
 */
public sealed interface ModelFamily permits QuadraticFamily, LowRankFamily {

    /** Every family, in the order the command line lists them. */
    List<ModelFamily> ALL = List.of(QuadraticFamily.INSTANCE, LowRankFamily.INSTANCE);

    /** The name users give ({@code fit --model NAME}) and the {@code family} key of the saved metadata. */
    String name();

    /** The family in prose, e.g. "low-rank". */
    String label();

    /** Checks the family's settings against each other and the source, before any work (no Spark needed). */
    void check(FitSpec spec, boolean fromSketch);

    /** Fits from samples or a sketch into {@code outs} (model, report, sketch) and commits them together. */
    Fitting.Outcome fit(SparkSession spark, FitSpec spec, FitSource source, OutputSet outs);

    /** Whether {@code path} is a model directory written by this family's model class. */
    boolean holdsModel(SparkSession spark, String path);

    /** Whether a truth JSON of {@code generate} (its {@code kind} field) describes a model of this family. */
    boolean describesTruth(String kind);

    /**
     * The model at {@code path}, known to be of this family: a model directory, or a truth JSON of {@code generate}
     * (or the data directory that holds it). {@code what} names the option in messages, e.g. "--model".
     */
    FamilyModel load(SparkSession spark, String path, String what);

    /** The family called {@code name} (case-insensitive), or exit 2 listing the families. */
    static ModelFamily named(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (ModelFamily f : ALL) {
            if (f.name().equals(n)) {
                return f;
            }
        }
        throw new InvalidInputException("--model " + name + " is not supported; use --model "
                + String.join(" or ", ALL.stream().map(ModelFamily::name).toList()));
    }

    /**
     * The family of the model or truth at {@code path}: a model directory by its stored class, a truth by its kind.
     * Paths that are neither are read as quadratic, whose loader names what is wrong with them.
     */
    static ModelFamily of(SparkSession spark, String path, String what) {
        TruthFiles.requireExists(spark, path, what);
        for (ModelFamily f : ALL) {
            if (f.holdsModel(spark, path)) {
                return f;
            }
        }
        String kind = TruthFiles.kind(spark, path, what);
        for (ModelFamily f : ALL) {
            if (kind != null && f.describesTruth(kind)) {
                return f;
            }
        }
        return QuadraticFamily.INSTANCE;
    }

    /** The model or truth at {@code path}, whatever its family ({@link #of} then {@link #load}). */
    static FamilyModel read(SparkSession spark, String path, String what) {
        return of(spark, path, what).load(spark, path, what);
    }
}
