package io.polymoments.ml;

import io.polymoments.learn.lowrank.LowRankSettings;
import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.LowRankSampler;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.lowrank.LowRankFit;
import io.polymoments.model.LowRankTransform;
import io.polymoments.spark.LowRankFitJob;
import io.polymoments.store.ModelMetadata;
import io.polymoments.store.LowRankModelStore;
import io.polymoments.store.QuadraticModelStore;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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
 * implements {@code MLWritable} and has the static {@code read()} / {@code load(path)} of an {@code MLReadable}
 * companion, so Pipelines holding it save and load.
 */
public final class LowRankPushforwardModel extends PushforwardModel<LowRankPushforwardModel> {
    private static final long serialVersionUID = 1L;

    private final LowRankParams params;
    private final LowRankTransform transform;

    private LowRankPushforwardModel(String uid, LowRankTransform transform, long nUsed, Map<String, Object> diagnostics,
                                    LowRankSettings settings) {
        super(uid, nUsed, diagnostics);
        this.params = LowRankParams.create(this);
        params.setDefaults(this);
        this.transform = transform;
        params.apply(this, settings);
    }

    /**
     * The model of a fit job with its full diagnostics (choice of r, sliced check); fails clearly when the learner
     * fitted nothing (near-Gaussian moments).
     *
     * @param settings the settings it was fitted with
     */
    public static LowRankPushforwardModel fromFit(LowRankFitJob.Result res, LowRankSettings settings) {
        return fromFit(newUid(), res, settings);
    }

    static LowRankPushforwardModel fromFit(String uid, LowRankFitJob.Result res, LowRankSettings settings) {
        LowRankFit fit = res.fit();
        if (fit.model() == null) {
            throw new InvalidInputException("no low-rank model was fitted (" + fit.verdict() + "): " + fit.message());
        }
        return new LowRankPushforwardModel(uid, fit.model(), res.bundle().whitened().count(),
                LowRankDiagnostics.of(res), settings);
    }

    /** A model of known parameters (no fit). */
    public static LowRankPushforwardModel of(LowRankTransform t) {
        return new LowRankPushforwardModel(newUid(), t, 0, Map.of(), LowRankSettings.defaults());
    }

    private static String newUid() {
        return "lowRankPushforward_" + UUID.randomUUID().toString().substring(24);
    }

    @Override
    public Param<String> inputCol() {
        return params.inputCol;
    }

    public IntParam rank() {
        return params.rank;
    }

    public IntParam hidden() {
        return params.hidden;
    }

    public DoubleParam holdout() {
        return params.holdout;
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

    public LowRankPushforwardModel setInputCol(String value) {
        set(params.inputCol, value);
        return this;
    }

    public LowRankTransform transformation() {
        return transform;
    }

    @Override
    public int d() {
        return transform.outputDim();
    }

    public int m() {
        return transform.hidden();
    }

    @Override
    public int r() {
        return transform.latentDim();
    }

    public int degree() {
        return transform.degree();
    }

    /** The settings the model was fitted with (the defaults for a model of known parameters). */
    public LowRankSettings settings() {
        return params.settings(this);
    }

    /** n rows y = W σ(A x) + c in a column {@code y: array<double>}, reproducible from the seed. */
    public Dataset<Row> sample(SparkSession spark, long n, long seed) {
        if (n < 1) {
            throw new InvalidInputException("the number of samples must be >= 1, got " + n);
        }
        return SampleSetGenerator.generate(spark, LowRankSampler.of(transform), new SampleStream(seed, n), 0);
    }

    @Override
    protected String family() {
        return "lowrank";
    }

    @Override
    protected double[] outputMean() {
        return transform.mean();
    }

    @Override
    protected double[] outputCovariance() {
        return transform.covariance();
    }

    @Override
    public LowRankPushforwardModel copy(ParamMap extra) {
        LowRankPushforwardModel copied = new LowRankPushforwardModel(uid(), transform, nUsed(), diagnostics(),
                settings());
        copyValues(copied, extra);
        return copied.setParent(parent());
    }

    // ------------------------------------------------------------------------------------------------ persistence

    public static MLReader<LowRankPushforwardModel> read() {
        return new Reader();
    }

    public static LowRankPushforwardModel load(String path) {
        return read().load(path);
    }

    /** Whether {@code path} holds a model directory written by this class (dispatch for export/sample). */
    public static boolean isLowRankModel(SparkSession spark, String path) {
        return LowRankPushforwardModel.class.getName().equals(ModelMetadata.storedClass(spark, path));
    }

    @Override
    protected int formatVersion() {
        return LowRankModelStore.FORMAT_VERSION;
    }

    /** The settings ({@link LowRankSettings#paramMap}) and the input column. */
    @Override
    protected Map<String, Object> persistedParams() {
        Map<String, Object> p = settings().paramMap();
        p.put("inputCol", getInputCol());
        return p;
    }

    @Override
    protected void putShape(Map<String, Object> metadata) {
        metadata.put("activationMode", transform.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        metadata.put("m", m());
        metadata.put("degree", degree());
    }

    @Override
    protected void writeData(SparkSession spark, String dir, Map<String, Object> metadata) {
        LowRankModelStore.write(spark, dir, metadata, transform);
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
            Map<String, Object> pm = meta.has("paramMap")
                    ? QuadraticModelStore.MAPPER.convertValue(meta.get("paramMap"), Map.class) : Map.of();
            LowRankPushforwardModel model = new LowRankPushforwardModel(meta.path("uid").asText(newUid()),
                    s.transform(), meta.path("nUsed").asLong(0), diag, LowRankSettings.fromParamMap(pm));
            if (pm.get("inputCol") != null) {
                model.set(model.params.inputCol, String.valueOf(pm.get("inputCol")));
            }
            return model;
        }
    }
}
