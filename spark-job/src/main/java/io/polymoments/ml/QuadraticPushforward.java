package io.polymoments.ml;

import io.polymoments.learn.quadratic.QuadraticSettings;
import io.polymoments.datasets.SampleSet;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.learn.quadratic.QuadraticLearner;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.learn.quadratic.QuadraticLearner;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.QuadraticFitJob;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * Spark ML estimator of a quadratic pushforward of a Gaussian, y = (xᵀQ_i x + b_iᵀx + c_i)_i, x ~ N(0, I_r), by the
 * method of moments (docs/quadratic.md): two passes over the data (mean and covariance; whitened third moments and the
 * κ4 check), then the spectral step, two-stage refinement and goodness of fit on the driver.
 *
 * <pre>{@code
 * QuadraticPushforwardModel model = new QuadraticPushforward().setInputCol("y").setRank(3).fit(samples);
 * model.summary().verdict();  model.save("/models/q");  model.sample(spark, 1_000_000, 7);
 * }</pre>
 * Params: {@code inputCol} (array&lt;double&gt; or Vector; default y), {@code rank} (r; 0 = from the spectrum),
 * {@code modelClass} (auto | homogeneous | affine; auto = from the spectrum), {@code inputLaw} (gaussian | rotation-invariant), {@code seed},
 * {@code maxIter}, {@code tol}, {@code noise} (auto | none | isotropic | diagonal: the additive output noise,
 * auto = from the spectrum). The schema is checked before any work; invalid rows (null, NaN, wrong length) fail.
 * The estimator persists its params with Spark's default writer; the fitted model with its own layout.
 */
public final class QuadraticPushforward extends PushforwardEstimator<QuadraticPushforwardModel> {
    private static final long serialVersionUID = 1L;

    private final QuadraticParams params;

    public QuadraticPushforward() {
        this(Identifiable.randomUID("quadPushforward"));
    }

    public QuadraticPushforward(String uid) {
        super(uid);
        this.params = QuadraticParams.create(this);
        params.setDefaults(this);
    }

    @Override
    public Param<String> inputCol() {
        return params.inputCol;
    }

    public IntParam rank() {
        return params.rank;
    }

    public Param<String> modelClass() {
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

    public Param<String> noise() {
        return params.noise;
    }

    public QuadraticPushforward setInputCol(String v) {
        set(params.inputCol, v);
        return this;
    }

    public QuadraticPushforward setRank(int r) {
        set(params.rank, r);
        return this;
    }

    public QuadraticPushforward setModelClass(String c) {
        set(params.modelClass, c);
        return this;
    }

    /** Shorthand for {@code setModelClass(a ? "affine" : "homogeneous")}, as the command line's {@code --affine}. */
    public QuadraticPushforward setAffine(boolean a) {
        return setModelClass(a ? "affine" : "homogeneous");
    }

    public QuadraticPushforward setInputLaw(String law) {
        set(params.inputLaw, law);
        return this;
    }

    public QuadraticPushforward setSeed(long s) {
        set(params.seed, s);
        return this;
    }

    public QuadraticPushforward setMaxIter(int n) {
        set(params.maxIter, n);
        return this;
    }

    public QuadraticPushforward setTol(double t) {
        set(params.tol, t);
        return this;
    }

    /** none, isotropic, diagonal, or auto (the default: decided from the covariance spectrum; docs/noise.md §4). */
    public QuadraticPushforward setNoise(String n) {
        set(params.noise, n);
        return this;
    }

    /** The settings the current params describe (validated). */
    public QuadraticSettings settings() {
        return params.settings(this);
    }

    /** The learner options the current params describe (validated). */
    public QuadraticLearner.Options options() {
        return settings().options();
    }

    @Override
    protected void validateParams() {
        options();
    }

    @Override
    public QuadraticPushforwardModel fit(Dataset<?> dataset) {
        SampleSet samples = checkedSamples(dataset);
        QuadraticLearner.Options options = options();
        QuadraticFitJob.Result res = ParamNames.spelled(() -> new QuadraticFitJob(dataset.sparkSession()).run(samples,
                options, InvalidRowPolicy.FAIL));
        QuadraticFit fit = res.fit();
        QuadraticPushforwardModel model = QuadraticPushforwardModel.ofFit(uid(), fit);
        copyValues(model, ParamMap.empty());
        return model.setParent(this);
    }

    /** Spark's params-only persistence (metadata/part-00000), so Pipelines holding this estimator can be saved. */
    public static MLReader<QuadraticPushforward> read() {
        return new DefaultParamsReader<>();
    }

    public static QuadraticPushforward load(String path) {
        return read().load(path);
    }

    @Override
    public QuadraticPushforward copy(ParamMap extra) {
        return (QuadraticPushforward) defaultCopy(extra);
    }
}
