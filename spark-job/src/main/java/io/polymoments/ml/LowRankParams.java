package io.polymoments.ml;

import io.polymoments.learn.lowrank.LowRankSettings;
import io.polymoments.InvalidInputException;
import io.polymoments.learn.Count;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The parameters shared by {@link LowRankPushforward} and {@link LowRankPushforwardModel} (as {@link QuadraticParams}:
 * each owner creates its own instances and exposes them through public accessors, where Spark's {@code Params.params}
 * finds them). Their values are a {@link LowRankSettings} ({@link #settings}, {@link #apply}).
 */
final class LowRankParams {
    static final String OWNER = "LowRankPushforward";

    final Param<String> inputCol;
    final IntParam rank;
    final IntParam hidden;
    final DoubleParam holdout;
    final IntParam degree;
    final Param<String> activation;
    final IntParam restarts;
    final BooleanParam strict;
    final LongParam seed;

    private LowRankParams(Params parent) {
        inputCol = new Param<>(parent, "inputCol", "column of the samples y: array<double> or an ML Vector");
        rank = new IntParam(parent, "rank", "latent dimension r; 0 = the smallest r whose moments fit (searched)",
                ParamValidators.gtEq(0));
        hidden = new IntParam(parent, "hidden", "number of hidden units m; 0 = from the covariance spectrum",
                ParamValidators.gtEq(0));
        holdout = new DoubleParam(parent, "holdout", "share of rows held out of the moment passes for the sliced-W1"
                + " check: 0 = none (the check uses a subsample of the fitting rows), up to 0.5; unset = automatic"
                + " (about 20,000 rows, at most 10%)", ParamValidators.inRange(0, 0.5));
        degree = new IntParam(parent, "degree", "activation degree omega (2, 3 or 4); unset = implied by a known"
                + " activation, 2 when free", ParamValidators.inRange(2, 4));
        activation = new Param<>(parent, "activation", "activation spec: known:h1,..,hw (Hermite coefficients for"
                + " unit-norm hidden weights) | known-norms:h1,..,hw (hidden weights of unknown norms) | free");
        restarts = new IntParam(parent, "restarts", "Levenberg-Marquardt restarts (>= 1)", ParamValidators.gtEq(1));
        strict = new BooleanParam(parent, "strict", "fail instead of warning when m exceeds the identifiability"
                + " bound");
        seed = new LongParam(parent, "seed", "seed of every random choice (multi-starts, restarts)");
    }

    static LowRankParams create(Params parent) {
        return new LowRankParams(parent);
    }

    /** Defaults as {@link LowRankSettings#defaults()}; degree has none. */
    void setDefaults(Params owner) {
        LowRankSettings d = LowRankSettings.defaults();
        owner.setDefault(inputCol, "y");
        owner.setDefault(rank, d.rank().toParam());
        owner.setDefault(hidden, d.hidden().toParam());
        owner.setDefault(activation, d.activation());
        owner.setDefault(restarts, d.restarts());
        owner.setDefault(strict, d.strict());
        owner.setDefault(seed, d.seed());
    }

    /** The settings the current values describe (validated). */
    LowRankSettings settings(Params owner) {
        try {
            return new LowRankSettings(Count.fromParam((Integer) owner.getOrDefault(hidden)),
                    Count.fromParam((Integer) owner.getOrDefault(rank)),
                    owner.isDefined(holdout) ? (Double) owner.getOrDefault(holdout) : null,
                    owner.getOrDefault(activation),
                    owner.isDefined(degree) ? (Integer) owner.getOrDefault(degree) : null,
                    (Integer) owner.getOrDefault(restarts), (Boolean) owner.getOrDefault(strict),
                    (Long) owner.getOrDefault(seed));
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException(OWNER + ": " + e.getMessage(), e);
        }
    }

    /** Sets the params to {@code s}. */
    void apply(Params owner, LowRankSettings s) {
        owner.set(hidden, s.hidden().toParam());
        owner.set(rank, s.rank().toParam());
        if (s.holdout() != null) {
            owner.set(holdout, s.holdout());
        }
        owner.set(degree, s.degree());
        owner.set(activation, s.activation());
        owner.set(restarts, s.restarts());
        owner.set(strict, s.strict());
        owner.set(seed, s.seed());
    }
}
