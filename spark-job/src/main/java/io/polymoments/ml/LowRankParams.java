package io.polymoments.ml;

import io.polymoments.InvalidInputException;
import io.polymoments.learn.lowrank.LowRankOptions;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters shared by {@link LowRankPushforward} and {@link LowRankPushforwardModel} (as {@link QuadraticParams}:
 * each owner creates its own instances and exposes them through public accessors, where Spark's {@code Params.params}
 * finds them). The persisted form is the {@code paramMap} the command line writes ({@code fit --model lowrank}):
 * hidden ("auto" or m as text), rank ("auto" or r), degree, activation, restarts, strict, seed, plus inputCol.
 */
final class LowRankParams {
    static final String OWNER = "LowRankPushforward";

    final Param<String> inputCol;
    final IntParam rank;
    final IntParam hidden;
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

    /** Defaults as the command line's ({@code fit --model lowrank}); degree has none. */
    void setDefaults(Params owner) {
        owner.setDefault(inputCol, "y");
        owner.setDefault(rank, 0);
        owner.setDefault(hidden, 0);
        owner.setDefault(activation, "free");
        owner.setDefault(restarts, LowRankOptions.free(1, 1, 2).nRestarts());
        owner.setDefault(strict, false);
        owner.setDefault(seed, 0L);
    }

    /** m, or null for "from the spectrum". */
    Integer hiddenUnits(Params owner) {
        int m = (Integer) owner.getOrDefault(hidden);
        return m == 0 ? null : m;
    }

    /** r, or null for "the smallest r that fits". */
    Integer latentRank(Params owner) {
        int r = (Integer) owner.getOrDefault(rank);
        return r == 0 ? null : r;
    }

    /**
     * The learner's settings (units = 1 and, with an automatic r, rank = 1: both replaced by the chosen values) — the
     * same as {@code fit --model lowrank}'s.
     */
    LowRankOptions options(Params owner) {
        Integer given = latentRank(owner);
        int r = given == null ? 1 : given;
        Integer omega = owner.isDefined(degree) ? (Integer) owner.getOrDefault(degree) : null;
        ActivationSpec act;
        try {
            act = ActivationSpec.parse(owner.getOrDefault(activation), omega, "activation", "degree");
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException(OWNER + ": " + e.getMessage(), e);
        }
        LowRankOptions o = switch (act.mode()) {
            case FREE -> LowRankOptions.free(1, r, act.degree());
            case KNOWN -> LowRankOptions.known(1, r, act.sigma());
            case KNOWN_UNKNOWN_NORMS -> LowRankOptions.unknownNorms(1, r, act.sigma());
        };
        return o.withNRestarts((Integer) owner.getOrDefault(restarts)).withSeed((Long) owner.getOrDefault(seed))
                .withStrictIdentifiability((Boolean) owner.getOrDefault(strict));
    }

    /** The persisted paramMap (the command line's keys and value types) of the settings that produced {@code o}. */
    Map<String, Object> settings(Params owner, LowRankOptions o) {
        Map<String, Object> p = new LinkedHashMap<>();
        Integer m = hiddenUnits(owner);
        p.put("hidden", m == null ? "auto" : String.valueOf(m));
        Integer r = latentRank(owner);
        p.put("rank", r == null ? (Object) "auto" : r);
        p.put("degree", o.degree());
        p.put("activation", owner.getOrDefault(activation));
        p.put("restarts", o.nRestarts());
        p.put("strict", o.strictIdentifiability());
        p.put("seed", o.seed());
        p.put("inputCol", owner.getOrDefault(inputCol));
        return p;
    }

    /**
     * Sets the Spark params from a persisted paramMap (as the command line or {@link #settings} wrote it); keys that
     * are absent stay at their defaults.
     */
    void apply(Params owner, Map<String, Object> settings) {
        try {
            for (Map.Entry<String, Object> e : settings.entrySet()) {
                Object v = e.getValue();
                if (v == null) {
                    continue;
                }
                String s = String.valueOf(v).trim();
                switch (e.getKey()) {
                    case "inputCol" -> owner.set(inputCol, s);
                    case "rank" -> owner.set(rank, s.equalsIgnoreCase("auto") ? 0 : Integer.parseInt(s));
                    case "hidden" -> owner.set(hidden, s.equalsIgnoreCase("auto") ? 0 : Integer.parseInt(s));
                    case "degree" -> owner.set(degree, Integer.parseInt(s));
                    case "activation" -> owner.set(activation, s);
                    case "restarts" -> owner.set(restarts, Integer.parseInt(s));
                    case "strict" -> owner.set(strict, Boolean.parseBoolean(s));
                    case "seed" -> owner.set(seed, Long.parseLong(s));
                    default -> { }   // unknown keys: recorded, not params
                }
            }
        } catch (IllegalArgumentException e) {   // NumberFormatException or a validator's rejection
            throw new InvalidInputException("low-rank model: invalid paramMap " + settings + " (" + e.getMessage()
                    + ")", e);
        }
    }
}
