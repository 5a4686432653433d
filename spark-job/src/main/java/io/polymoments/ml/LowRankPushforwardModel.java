package io.polymoments.ml;

import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.LowRankSampler;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.lowrank.LowRankFit;
import io.polymoments.model.LowRankTransform;
import io.polymoments.spark.AtomicOutput;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A fitted (or given) low-rank two-layer polynomial network y = W σ(A x) + c, x ~ N(0, I_r) (LOWRANK.md §1), with its
 * fit diagnostics and the settings it was fitted with. Persistence: {@link LowRankModelStore} (metadata JSON + Parquet
 * {@code data/} and {@code units/}, format version checked on load, atomic writes). {@link #sample} draws new rows.
 */
public final class LowRankPushforwardModel {
    public static final String KIND = "lowrank";

    private final String uid;
    private final LowRankTransform transform;
    private final long nUsed;
    private final Map<String, Object> diagnostics;
    private final Map<String, Object> params;

    private LowRankPushforwardModel(String uid, LowRankTransform transform, long nUsed, Map<String, Object> diagnostics,
                                    Map<String, Object> params) {
        this.uid = uid;
        this.transform = transform;
        this.nUsed = nUsed;
        this.diagnostics = diagnostics;
        this.params = params;
    }

    /**
     * The fitted model with its diagnostics; fails clearly when the learner fitted nothing (near-Gaussian moments).
     *
     * @param params the settings to record (hidden, degree, activation, restarts, rank, seed)
     */
    public static LowRankPushforwardModel fromFit(LowRankFit fit, long n, Map<String, Object> params) {
        if (fit.model() == null) {
            throw new InvalidInputException("no low-rank model was fitted (" + fit.verdict() + "): " + fit.message());
        }
        LowRankTransform t = fit.model();
        return new LowRankPushforwardModel(newUid(), t, n,
                LowRankDiagnostics.of(fit, n, t.outputDim(), t.units(), t.latentDim()), new LinkedHashMap<>(params));
    }

    /** A model of known parameters (no fit). */
    public static LowRankPushforwardModel of(LowRankTransform t) {
        return new LowRankPushforwardModel(newUid(), t, 0, Map.of(), Map.of());
    }

    private static String newUid() {
        return "lowRankPushforward_" + UUID.randomUUID().toString().substring(24);
    }

    public String uid() {
        return uid;
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

    public Map<String, Object> params() {
        return params;
    }

    /** n rows y = W σ(A x) + c in a column {@code y: array<double>}, reproducible from the seed. */
    public Dataset<Row> sample(SparkSession spark, long n, long seed) {
        if (n < 1) {
            throw new InvalidInputException("the number of samples must be >= 1, got " + n);
        }
        return SampleSetGenerator.generate(spark, LowRankSampler.of(transform), new SampleStream(seed, n), 0);
    }

    /** Saves atomically (a hidden sibling renamed into place); with {@code overwrite} an existing path is replaced. */
    public void save(String path, boolean overwrite) {
        SparkSession spark = SparkSession.active();
        AtomicOutput.write(spark, path, overwrite, tmp -> LowRankModelStore.write(spark, tmp, metadata(spark), transform));
    }

    public static LowRankPushforwardModel load(String path) {
        SparkSession spark = SparkSession.active();
        LowRankModelStore.Stored s = LowRankModelStore.read(spark, path, LowRankPushforwardModel.class.getName());
        JsonNode meta = s.metadata();
        @SuppressWarnings("unchecked")
        Map<String, Object> diag = meta.has("diagnostics")
                ? QuadraticModelStore.MAPPER.convertValue(meta.get("diagnostics"), Map.class) : Map.of();
        @SuppressWarnings("unchecked")
        Map<String, Object> params = meta.has("paramMap")
                ? QuadraticModelStore.MAPPER.convertValue(meta.get("paramMap"), Map.class) : Map.of();
        return new LowRankPushforwardModel(meta.path("uid").asText(newUid()), s.transform(), meta.path("nUsed").asLong(0),
                diag, params);
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
        m.put("paramMap", params);
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
}
