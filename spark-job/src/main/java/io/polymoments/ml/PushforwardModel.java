package io.polymoments.ml;

import io.polymoments.output.OutputSet;
import io.polymoments.store.QuadraticModelStore;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every fitted pushforward model shares, whatever its family: the uid, the input column, the number of rows the
 * fit used and its diagnostics; {@code transform} appending the two outlier-screening columns of
 * {@link ScreeningColumns} from the model's exact mean and covariance; atomic persistence in Spark ML's layout,
 * whose metadata line starts with the same keys for every family (class, timestamp, sparkVersion, uid,
 * formatVersion, family, paramMap, defaultParamMap, d, r) before the family's own; and the MLWritable methods.
 *
 * @param <M> the concrete model class
 */
public abstract class PushforwardModel<M extends PushforwardModel<M>> extends Model<M> implements MLWritable {
    private static final long serialVersionUID = 1L;
    public static final String WHITENED_NORM2 = ScreeningColumns.WHITENED_NORM2;
    public static final String OFF_SUPPORT_NORM2 = ScreeningColumns.OFF_SUPPORT_NORM2;

    private final String uid;
    private final long nUsed;
    private final Map<String, Object> diagnostics;

    protected PushforwardModel(String uid, long nUsed, Map<String, Object> diagnostics) {
        this.uid = uid;
        this.nUsed = nUsed;
        this.diagnostics = Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
    }

    @Override
    public final String uid() {
        return uid;
    }

    public abstract Param<String> inputCol();

    public String getInputCol() {
        return getOrDefault(inputCol());
    }

    /** Number of outputs d. */
    public abstract int d();

    /** Number of latent variables r. */
    public abstract int r();

    /** Number of samples the fit used (0 for a model of known parameters). */
    public long nUsed() {
        return nUsed;
    }

    /** The fit diagnostics as stored in the metadata (verdict, decisions, checks, timings). */
    public Map<String, Object> diagnostics() {
        return diagnostics;
    }

    /** The family's name: the metadata's {@code family} key. */
    protected abstract String family();

    /** The class's simple name, for messages. */
    protected String owner() {
        return getClass().getSimpleName();
    }

    /** E y under the model. */
    protected abstract double[] outputMean();

    /** Cov y under the model, d×d column-major. */
    protected abstract double[] outputCovariance();

    @Override
    public StructType transformSchema(StructType schema) {
        InputColumn.check(schema, getInputCol(), owner());
        return ScreeningColumns.schema(schema, owner());
    }

    /** Appends {@value #WHITENED_NORM2} and {@value #OFF_SUPPORT_NORM2} (see {@link ScreeningColumns}). */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        return ScreeningColumns.append(dataset, getInputCol(), outputMean(), outputCovariance());
    }

    // ------------------------------------------------------------------------------------------------ persistence

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** {@link MLWritable#save} without the checked exception; fails if the path exists (use write().overwrite()). */
    @Override
    public void save(String path) {
        save(path, false);
    }

    /** Saves atomically (a hidden sibling renamed into place); with {@code overwrite} an existing path is replaced. */
    public void save(String path, boolean overwrite) {
        Writer w = new Writer(this);
        if (overwrite) {
            w.overwrite();
        }
        w.save(path);
    }

    /** Writes the model into {@code dir}, which must not exist (a command's temporary output; not atomic alone). */
    public void writeTo(String dir) {
        new Writer(this).saveImpl(dir);
    }

    /** The format version of the family's layout. */
    protected abstract int formatVersion();

    /** The persisted paramMap: the settings the model was fitted with. */
    protected abstract Map<String, Object> persistedParams();

    /** The family's own metadata keys (shape, model class, activation, ...), after the shared ones. */
    protected abstract void putShape(Map<String, Object> metadata);

    /** Writes the metadata line and the parameters into {@code dir} in the family's layout. */
    protected abstract void writeData(SparkSession spark, String dir, Map<String, Object> metadata);

    /** The metadata line: the shared keys, the family's own, then nUsed and diagnostics. */
    final Map<String, Object> metadata(SparkSession spark) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", getClass().getName());
        m.put("timestamp", System.currentTimeMillis());
        m.put("sparkVersion", spark.version());
        m.put("uid", uid);
        m.put("formatVersion", formatVersion());
        m.put("family", family());
        m.put("paramMap", persistedParams());
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (Param<?> p : params()) {
            if (hasDefault(p)) {
                defaults.put(p.name(), getDefault(p).get());
            }
        }
        m.put("defaultParamMap", defaults);
        m.put("d", d());
        m.put("r", r());
        putShape(m);
        m.put("nUsed", nUsed);
        m.put("diagnostics", diagnostics);
        return m;
    }

    private static final class Writer extends MLWriter {
        private final PushforwardModel<?> model;

        Writer(PushforwardModel<?> model) {
            this.model = model;
        }

        /** Atomic: everything goes into a hidden sibling that is renamed into place when complete. */
        @Override
        public void save(String path) {
            OutputSet.writeOne(sparkSession(), path, QuadraticModelStore.OUTPUT, shouldOverwrite(), this::saveImpl);
        }

        @Override
        public void saveImpl(String path) {
            model.writeData(sparkSession(), path, model.metadata(sparkSession()));
        }
    }
}
