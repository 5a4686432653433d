package io.polymoments.ml;

import io.polymoments.learn.lowrank.LowRankSettings;
import io.polymoments.datasets.SampleSet;
import io.polymoments.learn.lowrank.LowRankOptions;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.LowRankFitJob;
import org.apache.spark.ml.param.BooleanParam;
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
 * Spark ML estimator of a low-rank two-layer polynomial network y = W σ(A x) + c, x ~ N(0, I_r) (docs/lowrank.md), by
 * the method of moments: {@link LowRankFitJob}'s two passes (mean and covariance → m and the whitening; whitened
 * moments up to order 4) and Steps A–D on the driver. Same result as {@code fit --model lowrank} with the same
 * settings.
 *
 * <pre>{@code
 * LowRankPushforwardModel model = new LowRankPushforward().setInputCol("y").setRank(3)
 *         .setActivation("known:0,1").fit(samples);
 * model.diagnostics().get("verdict");  model.save("/models/lr");  model.sample(spark, 1_000_000, 7);
 * }</pre>
 * Params: {@code inputCol} (array&lt;double&gt; or Vector; default y), {@code rank} (r; 0 = the smallest r whose
 * moments fit and whose law passes the held-out check, the default), {@code hidden}
 * (m; 0 = from the covariance spectrum, the default), {@code holdout} (share of rows held out for the sliced-W1
 * check; unset = automatic), {@code degree} (ω; unset = implied by a known activation, 2
 * when free), {@code activation} ({@code known:h1,..|known-norms:h1,..|free}, default free), {@code restarts}
 * (default 6), {@code strict} (fail when m exceeds the identifiability bound), {@code seed}. The schema and the
 * params are checked before any pass; invalid rows (null, NaN, wrong length) fail the fit. Fitting fails with
 * {@link io.polymoments.InvalidInputException} when the learner finds nothing to fit (near-Gaussian data).
 */
public final class LowRankPushforward extends PushforwardEstimator<LowRankPushforwardModel> {
    private static final long serialVersionUID = 1L;

    private final LowRankParams params;

    public LowRankPushforward() {
        this(Identifiable.randomUID("lowRankPushforward"));
    }

    public LowRankPushforward(String uid) {
        super(uid);
        this.params = LowRankParams.create(this);
        params.setDefaults(this);
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

    public IntParam degree() {
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

    public LowRankPushforward setInputCol(String v) {
        set(params.inputCol, v);
        return this;
    }

    /** r latent variables; 0 = chosen by {@link io.polymoments.learn.lowrank.RankSearch}. */
    public LowRankPushforward setRank(int r) {
        set(params.rank, r);
        return this;
    }

    /** m hidden units; 0 = from the covariance spectrum. */
    public LowRankPushforward setHidden(int m) {
        set(params.hidden, m);
        return this;
    }

    /** Share of rows held out for the sliced-W1 check, 0 for none; unset = automatic. */
    public LowRankPushforward setHoldout(double share) {
        set(params.holdout, share);
        return this;
    }

    public LowRankPushforward setDegree(int omega) {
        set(params.degree, omega);
        return this;
    }

    public LowRankPushforward setActivation(String spec) {
        set(params.activation, spec);
        return this;
    }

    public LowRankPushforward setRestarts(int n) {
        set(params.restarts, n);
        return this;
    }

    public LowRankPushforward setStrict(boolean s) {
        set(params.strict, s);
        return this;
    }

    public LowRankPushforward setSeed(long s) {
        set(params.seed, s);
        return this;
    }

    /** r, or null when it is searched. */
    public Integer getRank() {
        return settings().rank().value();
    }

    /** m, or null when it is chosen from the covariance spectrum. */
    public Integer getHidden() {
        return settings().hidden().value();
    }

    /** The settings the current params describe (validated). */
    public LowRankSettings settings() {
        return params.settings(this);
    }

    /** The learner settings the current params describe (validated; m = 1 and an automatic r = 1 stand in). */
    public LowRankOptions options() {
        return settings().template();
    }

    @Override
    protected void validateParams() {
        settings();
    }

    @Override
    public LowRankPushforwardModel fit(Dataset<?> dataset) {
        SampleSet samples = checkedSamples(dataset);
        LowRankSettings settings = settings();
        LowRankFitJob.Result res = ParamNames.spelled(() -> new LowRankFitJob(dataset.sparkSession()).run(samples,
                settings, InvalidRowPolicy.FAIL));
        LowRankPushforwardModel model = LowRankPushforwardModel.fromFit(uid(), res, settings);
        copyValues(model, ParamMap.empty());
        return model.setParent(this);
    }

    /** Spark's params-only persistence (metadata/part-00000), so Pipelines holding this estimator can be saved. */
    public static MLReader<LowRankPushforward> read() {
        return new DefaultParamsReader<>();
    }

    public static LowRankPushforward load(String path) {
        return read().load(path);
    }

    @Override
    public LowRankPushforward copy(ParamMap extra) {
        return (LowRankPushforward) defaultCopy(extra);
    }
}
