package io.polymoments.ml;

import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.LowRankSampler;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.lowrank.LowRankFit;
import io.polymoments.model.LowRankTransform;
import io.polymoments.output.OutputSet;
import io.polymoments.spark.LowRankFitJob;
import io.polymoments.store.LowRankModelStore;
import io.polymoments.store.QuadraticModelStore;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A fitted (or given) low-rank two-layer polynomial network y = W σ(A x) + c, x ~ N(0, I_r) (docs/lowrank.md §1), as a
 * Spark ML {@link Model}, with its fit diagnostics and the settings it was fitted with ({@link #settings()}, also
 * exposed as the Spark params of {@link LowRankPushforward}).
 *
 * <p>{@link #transform}: appends the same two per-row outlier-screening columns as
 * {@link QuadraticPushforwardModel}, computed from the model alone (its exact mean μ = E y and covariance
 * Cov y = VΛVᵀ, not the training data): {@value #WHITENED_NORM2} = ‖Λ^{-1/2}Vᵀ(y − μ)‖² on the support of Cov y
 * (under the model its mean is the rank of Cov y, at most m; large values flag atypical rows) and
 * {@value #OFF_SUPPORT_NORM2} = squared distance of y − μ from that support (0 up to rounding for rows the model can
 * produce, which lie in c + range(W); noise or a misspecified map make it positive). Rows that are null or of the
 * wrong length get nulls.
 *
 * <p>{@link #sample} draws new rows. Persistence: {@link LowRankModelStore} (metadata JSON + Parquet {@code data/} and
 * {@code units/}, format version checked on load); writes are atomic (a hidden sibling renamed into place). The class
 * implements {@link MLWritable} and has the static {@code read()} / {@code load(path)} of an {@code MLReadable}
 * companion, so Pipelines holding it save and load.
 */
public final class LowRankPushforwardModel extends Model<LowRankPushforwardModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    public static final String KIND = "lowrank";
    public static final String WHITENED_NORM2 = ScreeningColumns.WHITENED_NORM2;
    public static final String OFF_SUPPORT_NORM2 = ScreeningColumns.OFF_SUPPORT_NORM2;

    private final String uid;
    private final LowRankParams params;
    private final LowRankTransform transform;
    private final long nUsed;
    private final Map<String, Object> diagnostics;
    /** The persisted paramMap (command-line keys); kept in step with the Spark params by the setters. */
    private final Map<String, Object> settings;

    private LowRankPushforwardModel(String uid, LowRankTransform transform, long nUsed, Map<String, Object> diagnostics,
                                    Map<String, Object> settings) {
        this.uid = uid;
        this.params = LowRankParams.create(this);
        params.setDefaults(this);
        this.transform = transform;
        this.nUsed = nUsed;
        this.diagnostics = Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
        this.settings = new LinkedHashMap<>(settings);
        if (this.settings.get("seed") instanceof Number seed) {
            this.settings.put("seed", seed.longValue());   // JSON reads small longs back as ints
        }
        params.apply(this, this.settings);
    }

    /**
     * The model of a fit job with its full diagnostics (choice of r, sliced check); fails clearly when the learner
     * fitted nothing (near-Gaussian moments).
     *
     * @param params the settings to record (hidden, degree, activation, restarts, rank, seed)
     */
    public static LowRankPushforwardModel fromFit(LowRankFitJob.Result res, Map<String, Object> params) {
        return fromFit(newUid(), res, params);
    }

    static LowRankPushforwardModel fromFit(String uid, LowRankFitJob.Result res, Map<String, Object> params) {
        LowRankFit fit = res.fit();
        if (fit.model() == null) {
            throw new InvalidInputException("no low-rank model was fitted (" + fit.verdict() + "): " + fit.message());
        }
        return new LowRankPushforwardModel(uid, fit.model(), res.bundle().whitened().count(),
                LowRankDiagnostics.of(res), params);
    }

    /** A model of known parameters (no fit). */
    public static LowRankPushforwardModel of(LowRankTransform t) {
        return new LowRankPushforwardModel(newUid(), t, 0, Map.of(), Map.of());
    }

    private static String newUid() {
        return "lowRankPushforward_" + UUID.randomUUID().toString().substring(24);
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

    public IntParam hidden() {
        return params.hidden;
    }

    /** The {@code degree} param (named so because {@link #degree()} is the fitted ω). */
    public IntParam degreeParam() {
        return params.degree;
    }

    public Param<String> activation() {
        return params.activation;
    }

    public IntParam restarts() {
        return params.restarts;
    }

    public BooleanParam strict() {
        return params.strict;
    }

    public LongParam seed() {
        return params.seed;
    }

    public String getInputCol() {
        return getOrDefault(params.inputCol);
    }

    public LowRankPushforwardModel setInputCol(String value) {
        set(params.inputCol, value);
        settings.put("inputCol", value);
        return this;
    }

    public LowRankTransform transformation() {
        return transform;
    }

    public int d() {
        return transform.outputDim();
    }

    public int m() {
        return transform.units();
    }

    public int r() {
        return transform.latentDim();
    }

    public int degree() {
        return transform.degree();
    }

    public long nUsed() {
        return nUsed;
    }

    public Map<String, Object> diagnostics() {
        return diagnostics;
    }

    /**
     * The settings the model was fitted with, as persisted in the metadata's paramMap (hidden, rank, degree,
     * activation, restarts, strict, seed, inputCol); empty for a model of known parameters.
     */
    public Map<String, Object> settings() {
        return Collections.unmodifiableMap(settings);
    }

    /** n rows y = W σ(A x) + c in a column {@code y: array<double>}, reproducible from the seed. */
    public Dataset<Row> sample(SparkSession spark, long n, long seed) {
        if (n < 1) {
            throw new InvalidInputException("the number of samples must be >= 1, got " + n);
        }
        return SampleSetGenerator.generate(spark, LowRankSampler.of(transform), new SampleStream(seed, n), 0);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        QuadraticParams.checkInputColumn(schema, getInputCol(), "LowRankPushforwardModel");
        return ScreeningColumns.schema(schema, "LowRankPushforwardModel");
    }

    /** Appends {@value #WHITENED_NORM2} and {@value #OFF_SUPPORT_NORM2} (see the class comment). */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        return ScreeningColumns.append(dataset, getInputCol(), transform.mean(), transform.covariance());
    }

    @Override
    public LowRankPushforwardModel copy(ParamMap extra) {
        LowRankPushforwardModel copied = new LowRankPushforwardModel(uid, transform, nUsed, diagnostics, settings);
        copyValues(copied, extra);
        copied.settings.put("inputCol", copied.getInputCol());
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

    public static MLReader<LowRankPushforwardModel> read() {
        return new Reader();
    }

    public static LowRankPushforwardModel load(String path) {
        return read().load(path);
    }

    /** Whether {@code path} holds a model directory written by this class (dispatch for export/sample). */
    public static boolean isLowRankModel(SparkSession spark, String path) {
        return LowRankPushforwardModel.class.getName().equals(LowRankModelStore.storedClass(spark, path));
    }

    Map<String, Object> metadata(SparkSession spark) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", getClass().getName());
        m.put("timestamp", System.currentTimeMillis());
        m.put("sparkVersion", spark.version());
        m.put("uid", uid);
        m.put("formatVersion", LowRankModelStore.FORMAT_VERSION);
        m.put("paramMap", settings);
        m.put("modelKind", KIND);
        m.put("activationMode", transform.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("d", d());
        m.put("m", m());
        m.put("r", r());
        m.put("degree", degree());
        m.put("nUsed", nUsed);
        m.put("diagnostics", diagnostics);
        return m;
    }

    private static final class Writer extends MLWriter {
        private final LowRankPushforwardModel model;

        Writer(LowRankPushforwardModel model) {
            this.model = model;
        }

        /** Atomic: everything goes into a hidden sibling that is renamed into place when complete. */
        @Override
        public void save(String path) {
            OutputSet.writeOne(sparkSession(), path, QuadraticModelStore.OUTPUT, shouldOverwrite(), this::saveImpl);
        }

        @Override
        public void saveImpl(String path) {
            LowRankModelStore.write(sparkSession(), path, model.metadata(sparkSession()), model.transform);
        }
    }

    private static final class Reader extends MLReader<LowRankPushforwardModel> {
        @Override
        public LowRankPushforwardModel load(String path) {
            LowRankModelStore.Stored s = LowRankModelStore.read(sparkSession(), path,
                    LowRankPushforwardModel.class.getName());
            JsonNode meta = s.metadata();
            @SuppressWarnings("unchecked")
            Map<String, Object> diag = meta.has("diagnostics")
                    ? QuadraticModelStore.MAPPER.convertValue(meta.get("diagnostics"), Map.class) : Map.of();
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = meta.has("paramMap")
                    ? QuadraticModelStore.MAPPER.convertValue(meta.get("paramMap"), Map.class) : Map.of();
            return new LowRankPushforwardModel(meta.path("uid").asText(newUid()), s.transform(),
                    meta.path("nUsed").asLong(0), diag, settings);
        }
    }
}
