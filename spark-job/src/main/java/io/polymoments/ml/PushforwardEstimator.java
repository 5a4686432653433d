package io.polymoments.ml;

import io.polymoments.datasets.SampleSet;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * What every pushforward estimator shares, whatever its family: the uid, the input column, a schema and params check
 * before any pass (as MLlib's estimators do in {@code transformSchema}), the input column as the passes' sample set,
 * and Spark's params-only persistence (so Pipelines holding an unfitted estimator save and load).
 *
 * @param <M> the model it fits
 */
public abstract class PushforwardEstimator<M extends PushforwardModel<M>> extends Estimator<M>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;

    protected PushforwardEstimator(String uid) {
        this.uid = uid;
    }

    @Override
    public final String uid() {
        return uid;
    }

    public abstract Param<String> inputCol();

    public String getInputCol() {
        return getOrDefault(inputCol());
    }

    /** Parses and cross-checks the params into the learner's settings; throws with the param's name when invalid. */
    protected abstract void validateParams();

    @Override
    public StructType transformSchema(StructType schema) {
        InputColumn.check(schema, getInputCol(), getClass().getSimpleName());
        validateParams();
        return schema;
    }

    /** The input column of {@code dataset} as the passes' sample set, after the schema and params checks. */
    protected SampleSet checkedSamples(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        return InputColumn.samples(dataset, getInputCol(), getClass().getSimpleName());
    }
}
