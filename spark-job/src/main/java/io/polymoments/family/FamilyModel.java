package io.polymoments.family;

import io.polymoments.metrics.EvaluatedModel;
import io.polymoments.metrics.HeldOutEvaluation;
import io.polymoments.model.RadialLaw;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A model of either family read from disk (a model directory of {@code fit} or a truth of {@code generate}): what
 * evaluation, sampling, export and the scheduled runs need, without knowing the family.
 */
public interface FamilyModel {

    ModelFamily family();

    /** Where it was read from, for messages and reports. */
    String source();

    /** Number of outputs d. */
    int d();

    /** The dimension of the span of the model's covariance, to which evaluation whitens the data. */
    int whitenedDimension();

    /**
     * The input law the model was fitted or generated with ({@link RadialLaw#parse} form), or null when it cannot be
     * told (a rotation-invariant fit whose radial law matches no simple law).
     */
    String lawSpec();

    /** Checks a user-given input law against the family: exit 2 when the family's input law is fixed. */
    void checkLaw(String lawSpec, String option);

    /** The exact moments and a sampler of the model, for the held-out checks. */
    EvaluatedModel evaluated(RadialLaw law);

    /** Free parameters of the fitted map (the transform's {@code parameterCount}), for comparisons with baselines. */
    long parameterCount();

    /** The model's shape for reports: r, and the family's other sizes. */
    Map<String, Object> shape();

    /**
     * The parameter error against a true model of the same family up to the family's symmetries, added to
     * {@code report}; a truth of another shape gets a note instead.
     *
     * @param law the input law the model was evaluated with
     */
    Comparison compare(HeldOutEvaluation.Report report, RadialLaw law, FamilyModel truth);

    /** n rows y = p(x) in a column {@code y}, reproducible from the seed; {@code lawSpec} null for the model's own. */
    Dataset<Row> sample(SparkSession spark, long n, long seed, String lawSpec);

    /** The truth JSON of samples drawn from this model (the form {@code generate} writes). */
    Map<String, Object> truthJson(long seed, String lawSpec);

    /** One line naming the model's shape, e.g. "d = 6 (r = 3, homogeneous)". */
    String describe();

    /** The parameters as plain numbers (export), with what the fit recorded. */
    Map<String, Object> exportJson();

    /** The fit diagnostics stored with a model directory (empty for a truth). */
    Map<String, Object> diagnostics();

    /**
     * A held-out report with the parameter error added, and the JSON section {@code againstTruth} (null when none).
     */
    record Comparison(HeldOutEvaluation.Report report, Map<String, Object> json) {}
}
