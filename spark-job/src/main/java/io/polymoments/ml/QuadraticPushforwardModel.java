package io.polymoments.ml;

import io.polymoments.learn.quadratic.QuadraticSettings;
import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.NoisySampler;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.output.OutputSet;
import io.polymoments.store.ModelMetadata;
import io.polymoments.store.LowRankModelStore;
import io.polymoments.store.QuadraticModelStore;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fitted quadratic pushforward y = p(x) + ε, p(x) = (xᵀQ_i x + b_iᵀx + c_i)_i, x ~ N(0, I_r) (or rotation
 * invariant), ε ~ N(0, Ψ) the additive output noise (Ψ diagonal; none for noise-free data, docs/noise.md), as a
 * Spark ML {@link Model}. {@link #transformation()} is the noise-free map p, {@link #noise()} the noise.
 *
 * <p>{@link #transform}: appends two per-row outlier-screening columns computed from the model alone (not the
 * training data): {@value #WHITENED_NORM2} = ‖Λ^{-1/2}Vᵀ(y − μ)‖² on the support of the model covariance
 * Cov y = Cov p(x) + Ψ = VΛVᵀ (its rank is m without noise, d with it; under the model the mean of this column is that
 * rank, large values flag atypical rows), and {@value #OFF_SUPPORT_NORM2} = squared distance of y − μ from that
 * support (exactly 0 for rows the model can produce; with noise the support is everything). μ = E p(x). For a
 * rotation-invariant model the Gaussian covariance of the fitted map is used (the radial law was not learned beyond
 * E|x|² = r).
 *
 * <p>{@link #sample}: draws new samples y = p(x) + ε. Persistence ({@link #save}, {@link #load}): see
 * {@link QuadraticModelStore}; this class implements Spark's {@code MLWritable} and offers the static {@code read()}
 * / {@code load(path)} that {@code MLReadable} companions have, so Pipelines and {@code DefaultParamsReader} can load
 * it by class name. Writing is atomic (temporary directory, then rename).
 */
public final class QuadraticPushforwardModel extends PushforwardModel<QuadraticPushforwardModel> {
    private static final long serialVersionUID = 1L;

    private final QuadraticParams params;
    private final QuadraticTransform transform;
    private final ModelClass modelClass;
    private final AdditiveNoise noise;
    private final transient QuadraticFit summary;

    QuadraticPushforwardModel(String uid, QuadraticTransform transform, ModelClass modelClass, AdditiveNoise noise,
                              long nUsed, Map<String, Object> diagnostics, QuadraticFit summary) {
        super(uid, nUsed, diagnostics);
        if (noise.dim() != transform.d()) {
            throw new IllegalArgumentException("the noise has " + noise.dim() + " variances for d = " + transform.d()
                    + " outputs");
        }
        this.params = QuadraticParams.create(this);
        params.setDefaults(this);
        this.transform = transform;
        this.modelClass = modelClass;
        this.noise = noise;
        this.summary = summary;
    }

    /** The model of a learner result: its map and the noise estimated with it. */
    static QuadraticPushforwardModel ofFit(String uid, QuadraticFit fit) {
        return new QuadraticPushforwardModel(uid, fit.model(), fit.modelClass(), fit.noise().noise(), fit.n(),
                FitDiagnostics.of(fit, false), fit);
    }

    /**
     * The model of a learner result (as {@code fit} returns it), with the params set from {@code settings}; used by
     * the command line, which runs the passes itself (e.g. from a stored sketch).
     */
    public static QuadraticPushforwardModel fromFit(QuadraticFit fit, QuadraticSettings settings, String inputCol) {
        QuadraticPushforwardModel m = ofFit(Identifiable.randomUID("quadPushforward"), fit);
        m.set(m.params.inputCol, inputCol);
        m.params.apply(m, settings);
        return m;
    }

    /** A model from known parameters (e.g. a ground truth), without fit diagnostics, and without noise. */
    public static QuadraticPushforwardModel of(QuadraticTransform transform, ModelClass modelClass) {
        return of(transform, modelClass, AdditiveNoise.none(transform.d()));
    }

    /** A model from known parameters with additive output noise, without fit diagnostics. */
    public static QuadraticPushforwardModel of(QuadraticTransform transform, ModelClass modelClass,
                                               AdditiveNoise noise) {
        return new QuadraticPushforwardModel(Identifiable.randomUID("quadPushforward"), transform, modelClass, noise,
                0, Map.of(), null);
    }

    @Override
    public Param<String> inputCol() {
        return params.inputCol;
    }

    public IntParam rank() {
        return params.rank;
    }

    /** The {@code modelClass} param the model was fitted with (auto, homogeneous, affine); the class fitted is
     *  {@link #modelClass()}. */
    public Param<String> modelClassParam() {
        return params.modelClass;
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

    /** The {@code noise} param the model was fitted with (auto, none, isotropic, diagonal); the noise fitted is
     *  {@link #noise()}. */
    public Param<String> noiseParam() {
        return params.noise;
    }

    public QuadraticPushforwardModel setInputCol(String value) {
        set(params.inputCol, value);
        return this;
    }

    /** The fitted parameters (Q_i, b_i, c_i) of the noise-free map p. */
    public QuadraticTransform transformation() {
        return transform;
    }

    /** The additive output noise ε ~ N(0, Ψ) (kind none and zero variances for a noise-free model). */
    public AdditiveNoise noise() {
        return noise;
    }

    public ModelClass modelClass() {
        return modelClass;
    }

    @Override
    public int d() {
        return transform.d();
    }

    @Override
    public int r() {
        return transform.r();
    }

    /** The settings the model was fitted with (the defaults for a model of known parameters). */
    public QuadraticSettings settings() {
        return params.settings(this);
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

    /** n samples y = p(x) + ε, x ~ N(0, I_r), in a column {@code y: array<double>}, reproducible from the seed. */
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
        double[] sd = noise.variances().clone();
        for (int i = 0; i < sd.length; i++) {
            sd[i] = Math.sqrt(sd[i]);
        }
        return SampleSetGenerator.generate(spark, NoisySampler.wrap(sampler, sd), new SampleStream(seed, n), 0);
    }

    @Override
    protected String family() {
        return "quadratic";
    }

    @Override
    protected double[] outputMean() {
        return transform.mean();
    }

    /** Cov p(x) + Ψ. */
    @Override
    protected double[] outputCovariance() {
        int d = transform.d();
        double[] c = transform.covariance();
        for (int i = 0; i < d; i++) {
            c[i + i * d] += noise.variances()[i];
        }
        return c;
    }

    @Override
    public QuadraticPushforwardModel copy(ParamMap extra) {
        QuadraticPushforwardModel copied = new QuadraticPushforwardModel(uid(), transform, modelClass, noise, nUsed(),
                diagnostics(), summary);
        copyValues(copied, extra);
        return copied.setParent(parent());
    }

    // ------------------------------------------------------------------------------------------------ persistence

    public static MLReader<QuadraticPushforwardModel> read() {
        return new Reader();
    }

    public static QuadraticPushforwardModel load(String path) {
        return read().load(path);
    }

    /** Whether {@code path} holds a model directory written by this class. */
    public static boolean isQuadraticModel(SparkSession spark, String path) {
        return QuadraticPushforwardModel.class.getName().equals(ModelMetadata.storedClass(spark, path));
    }

    @Override
    protected int formatVersion() {
        return QuadraticModelStore.FORMAT_VERSION;
    }

    /** The settings ({@link QuadraticSettings#paramMap}) and the input column. */
    @Override
    protected Map<String, Object> persistedParams() {
        Map<String, Object> p = params.settings(this).paramMap();
        p.put("inputCol", getInputCol());
        return p;
    }

    /** modelKind: the quadratic model class (homogeneous, affine, rotation-invariant); noise: its kind. */
    @Override
    protected void putShape(Map<String, Object> metadata) {
        metadata.put("modelKind", modelClass.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        metadata.put("noise", noise.kind().label());
    }

    @Override
    protected void writeData(SparkSession spark, String dir, Map<String, Object> metadata) {
        QuadraticModelStore.write(spark, dir, metadata, transform, noise);
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
                    Identifiable.randomUID("quadPushforward")), s.transform(), cls, s.noise(),
                    meta.path("nUsed").asLong(0), diag, null);
            @SuppressWarnings("unchecked")
            Map<String, Object> pm = meta.has("paramMap")
                    ? QuadraticModelStore.MAPPER.convertValue(meta.get("paramMap"), Map.class) : Map.of();
            model.params.apply(model, QuadraticSettings.fromParamMap(pm));
            if (pm.get("inputCol") != null) {
                model.set(model.params.inputCol, String.valueOf(pm.get("inputCol")));
            }
            return model;
        }
    }
}
