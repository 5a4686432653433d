package io.polymoments.ml;

import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.ModelClass;
import io.polymoments.learn.QuadraticFit;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.output.OutputSet;
import io.polymoments.store.QuadraticModelStore;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
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
 * A fitted quadratic pushforward y = p(x) = (xᵀQ_i x + b_iᵀx + c_i)_i, x ~ N(0, I_r) (or rotation invariant), as a
 * Spark ML {@link Model}.
 *
 * <p>{@link #transform}: appends two per-row outlier-screening columns computed from the model alone (not the
 * training data): {@value #WHITENED_NORM2} = ‖Λ^{-1/2}Vᵀ(y − μ)‖² on the support of the model covariance
 * Cov p(x) = VΛVᵀ (its rank is m; under the model the mean of this column is m, large values flag atypical rows),
 * and {@value #OFF_SUPPORT_NORM2} = squared distance of y − μ from that support (exactly 0 for rows the model can
 * produce; noise or a misspecified map make it positive). μ = E p(x). For a rotation-invariant model the Gaussian
 * covariance of the fitted map is used (the radial law was not learned beyond E|x|² = r).
 *
 * <p>{@link #sample}: draws new samples y = p(x). Persistence ({@link #save}, {@link #load}): see
 * {@link QuadraticModelStore}; this class implements Spark's {@link MLWritable} and offers the static {@code read()}
 * / {@code load(path)} that {@code MLReadable} companions have, so Pipelines and {@code DefaultParamsReader} can load
 * it by class name. Writing is atomic (temporary directory, then rename).
 */
public final class QuadraticPushforwardModel extends Model<QuadraticPushforwardModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    public static final String WHITENED_NORM2 = ScreeningColumns.WHITENED_NORM2;
    public static final String OFF_SUPPORT_NORM2 = ScreeningColumns.OFF_SUPPORT_NORM2;

    private final String uid;
    private final QuadraticParams params;
    private final QuadraticTransform transform;
    private final ModelClass modelClass;
    private final long nUsed;
    private final Map<String, Object> diagnostics;
    private final transient QuadraticFit summary;

    QuadraticPushforwardModel(String uid, QuadraticTransform transform, ModelClass modelClass, long nUsed,
                              Map<String, Object> diagnostics, QuadraticFit summary) {
        this.uid = uid;
        this.params = QuadraticParams.create(this);
        params.setDefaults(this);
        this.transform = transform;
        this.modelClass = modelClass;
        this.nUsed = nUsed;
        this.diagnostics = Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
        this.summary = summary;
    }

    /**
     * The model of a learner result (as {@code fit} returns it), with the params set from {@code options}; used by
     * the command line, which runs the passes itself (e.g. from a stored sketch).
     */
    public static QuadraticPushforwardModel fromFit(QuadraticFit fit, io.polymoments.learn.QuadraticLearner.Options options,
                                                    String inputCol) {
        QuadraticPushforwardModel m = new QuadraticPushforwardModel(Identifiable.randomUID("quadPushforward"),
                fit.model(), fit.modelClass(), fit.n(), FitDiagnostics.of(fit, false), fit);
        QuadraticParams p = m.params;
        m.set(p.inputCol, inputCol);
        m.set(p.rank, options.rank() == null ? 0 : options.rank());
        if (options.modelClass() != null) {
            m.set(p.affine, options.modelClass() == ModelClass.AFFINE);
        }
        m.set(p.inputLaw, options.inputLaw().label());
        m.set(p.seed, options.seed());
        m.set(p.maxIter, options.nIterMax());
        m.set(p.tol, options.tol());
        return m;
    }

    /** A model from known parameters (e.g. a ground truth), without fit diagnostics. */
    public static QuadraticPushforwardModel of(QuadraticTransform transform, ModelClass modelClass) {
        return new QuadraticPushforwardModel(Identifiable.randomUID("quadPushforward"), transform, modelClass, 0,
                Map.of(), null);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> inputCol() {
        return params.inputCol;
    }

    public IntParam rank() {
        return params.rank;
    }

    public BooleanParam affine() {
        return params.affine;
    }

    public Param<String> inputLaw() {
        return params.inputLaw;
    }

    public LongParam seed() {
        return params.seed;
    }

    public IntParam maxIter() {
        return params.maxIter;
    }

    public DoubleParam tol() {
        return params.tol;
    }

    public String getInputCol() {
        return getOrDefault(params.inputCol);
    }

    public QuadraticPushforwardModel setInputCol(String value) {
        set(params.inputCol, value);
        return this;
    }

    /** The fitted parameters (Q_i, b_i, c_i). */
    public QuadraticTransform transformation() {
        return transform;
    }

    public ModelClass modelClass() {
        return modelClass;
    }

    public int d() {
        return transform.d();
    }

    public int r() {
        return transform.r();
    }

    /** Number of samples the fit used (0 for a model built from known parameters). */
    public long nUsed() {
        return nUsed;
    }

    /** The fit diagnostics as stored in the metadata (rank decision, spectral certificates, stages, GOF, timings). */
    public Map<String, Object> diagnostics() {
        return diagnostics;
    }

    /** Whether the full {@link QuadraticFit} is available (only on the model returned by {@code fit}). */
    public boolean hasSummary() {
        return summary != null;
    }

    /** The learner's full result; not persisted (use {@link #diagnostics()} after loading). */
    public QuadraticFit summary() {
        if (summary == null) {
            throw new IllegalStateException("no summary: this model was loaded or built from parameters; its stored"
                    + " diagnostics are in diagnostics()");
        }
        return summary;
    }

    /** n samples y = p(x), x ~ N(0, I_r), in a column {@code y: array<double>}, reproducible from the seed. */
    public Dataset<Row> sample(SparkSession spark, long n, long seed) {
        if (modelClass == ModelClass.ROTATION_INVARIANT) {
            throw new InvalidInputException("this model was fitted with a rotation-invariant input law whose radial"
                    + " law was not learned (only E|x|^4 and E|x|^6); pass the law explicitly with"
                    + " sample(spark, n, seed, \"chi:<nu>\" or \"mix:...\")");
        }
        return sample(spark, n, seed, "gaussian");
    }

    /** As {@link #sample(SparkSession, long, long)} with the input law given as a RadialLaw spec. */
    public Dataset<Row> sample(SparkSession spark, long n, long seed, String lawSpec) {
        if (n < 1) {
            throw new InvalidInputException("the number of samples must be >= 1, got " + n);
        }
        QuadraticSampler sampler;
        try {
            sampler = QuadraticSampler.of(transform, lawSpec);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        return SampleSetGenerator.generate(spark, sampler, new SampleStream(seed, n), 0);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        QuadraticParams.checkInputColumn(schema, getInputCol());
        return ScreeningColumns.schema(schema, "QuadraticPushforwardModel");
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        return ScreeningColumns.append(dataset, getInputCol(), transform.mean(), transform.covariance());
    }

    @Override
    public QuadraticPushforwardModel copy(ParamMap extra) {
        QuadraticPushforwardModel copied = new QuadraticPushforwardModel(uid, transform, modelClass, nUsed,
                diagnostics, summary);
        copyValues(copied, extra);
        return copied.setParent(parent());
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

    /** Saves atomically; with {@code overwrite} an existing model at {@code path} is replaced. */
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

    public static MLReader<QuadraticPushforwardModel> read() {
        return new Reader();
    }

    public static QuadraticPushforwardModel load(String path) {
        return read().load(path);
    }

    /** The metadata line ({@link QuadraticModelStore}): Spark's keys plus the model's kind, shape and diagnostics. */
    Map<String, Object> metadata(SparkSession spark) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", getClass().getName());
        m.put("timestamp", System.currentTimeMillis());
        m.put("sparkVersion", spark.version());
        m.put("uid", uid);
        m.put("formatVersion", QuadraticModelStore.FORMAT_VERSION);
        Map<String, Object> set = new LinkedHashMap<>();
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (Param<?> p : new Param<?>[]{params.inputCol, params.rank, params.affine, params.inputLaw, params.seed,
                params.maxIter, params.tol}) {
            if (isSet(p)) {
                set.put(p.name(), getOrDefault(p));
            }
            if (hasDefault(p)) {
                defaults.put(p.name(), getDefault(p).get());
            }
        }
        m.put("paramMap", set);
        m.put("defaultParamMap", defaults);
        m.put("modelKind", modelClass.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        m.put("d", transform.d());
        m.put("r", transform.r());
        m.put("nUsed", nUsed);
        m.put("diagnostics", diagnostics);
        return m;
    }

    private static final class Writer extends MLWriter {
        private final QuadraticPushforwardModel model;

        Writer(QuadraticPushforwardModel model) {
            this.model = model;
        }

        /** Atomic: everything goes into a hidden sibling that is renamed into place when complete. */
        @Override
        public void save(String path) {
            OutputSet.writeOne(sparkSession(), path, QuadraticModelStore.OUTPUT, shouldOverwrite(), this::saveImpl);
        }

        @Override
        public void saveImpl(String path) {
            QuadraticModelStore.write(sparkSession(), path, model.metadata(sparkSession()), model.transform);
        }
    }

    private static final class Reader extends MLReader<QuadraticPushforwardModel> {
        @Override
        public QuadraticPushforwardModel load(String path) {
            QuadraticModelStore.Stored s = QuadraticModelStore.read(sparkSession(), path,
                    QuadraticPushforwardModel.class.getName());
            JsonNode meta = s.metadata();
            ModelClass cls;
            try {
                cls = ModelClass.parse(meta.path("modelKind").asText(""));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("model " + path + ": " + e.getMessage(), e);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> diag = meta.has("diagnostics")
                    ? QuadraticModelStore.MAPPER.convertValue(meta.get("diagnostics"), Map.class) : Map.of();
            QuadraticPushforwardModel model = new QuadraticPushforwardModel(meta.path("uid").asText(
                    Identifiable.randomUID("quadPushforward")), s.transform(), cls, meta.path("nUsed").asLong(0), diag,
                    null);
            JsonNode pm = meta.path("paramMap");
            QuadraticParams p = model.params;
            if (pm.has("inputCol")) {
                model.set(p.inputCol, pm.get("inputCol").asText());
            }
            if (pm.has("rank")) {
                model.set(p.rank, pm.get("rank").asInt());
            }
            if (pm.has("affine")) {
                model.set(p.affine, pm.get("affine").asBoolean());
            }
            if (pm.has("inputLaw")) {
                model.set(p.inputLaw, pm.get("inputLaw").asText());
            }
            if (pm.has("seed")) {
                model.set(p.seed, pm.get("seed").asLong());
            }
            if (pm.has("maxIter")) {
                model.set(p.maxIter, pm.get("maxIter").asInt());
            }
            if (pm.has("tol")) {
                model.set(p.tol, pm.get("tol").asDouble());
            }
            return model;
        }
    }
}
