package io.polymoments.learn.lowrank;

import static io.polymoments.InvalidInputException.setting;

import io.polymoments.InvalidInputException;
import io.polymoments.learn.Count;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The low-rank family's settings: one record whatever the interface (the command line's {@code fit --model lowrank},
 * the Spark params of the low-rank estimator, the paramMap saved with a model), checked once, here, with
 * messages that name the settings by their API names (the Spark params' names).
 *
 * @param hidden     the number of hidden units m, or auto (from the covariance spectrum)
 * @param rank       the latent dimension r, or auto (the smallest r that fits)
 * @param holdout    share of rows held out for the sliced-W1 check: null for auto, 0 for none, else in (0, 0.5]
 * @param activation {@code known:h1,..|known-norms:h1,..|free}
 * @param degree     the activation degree ω; null is resolved here (implied by a known activation, 2 when free)
 * @param restarts   Levenberg–Marquardt restarts, ≥ 1
 * @param strict     refuse m beyond the identifiability bound instead of warning
 * @param seed       seed of every random choice
 */
public record LowRankSettings(Count hidden, Count rank, Double holdout, String activation, Integer degree,
                              int restarts, boolean strict, long seed) {

    public LowRankSettings {
        if (hidden == null || rank == null) {
            throw new IllegalArgumentException("hidden and rank must be given (Count.AUTO when chosen by the fit)");
        }
        activation = activation == null ? "free" : activation.trim();
        if (holdout != null && !(holdout == 0 || (holdout > 0 && holdout <= 0.5))) {
            throw new InvalidInputException(setting("holdout") + " takes 'auto', 0 (no held-out rows) or a fraction in"
                    + " (0, 0.5], got " + holdout);
        }
        if (restarts < 1) {
            throw new InvalidInputException(setting("restarts") + " must be >= 1, got " + restarts);
        }
        degree = ActivationSpec.parse(activation, degree).degree();
    }

    /** m and r chosen by the fit, held-out rows chosen automatically, a free quadratic activation, 6 restarts. */
    public static LowRankSettings defaults() {
        return new LowRankSettings(Count.AUTO, Count.AUTO, null, "free", null,
                LowRankOptions.free(1, 1, 2).restarts(), false, 0L);
    }

    /** The held-out share as text: "auto", 0 or a fraction in (0, 0.5]. */
    public static Double parseHoldout(String text) {
        String s = text == null ? "auto" : text.trim();
        if (s.equalsIgnoreCase("auto")) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(setting("holdout") + " takes 'auto', 0 (no held-out rows) or a fraction in"
                    + " (0, 0.5], got '" + text + "'");
        }
    }

    public ActivationSpec activationSpec() {
        return ActivationSpec.parse(activation, degree);
    }

    /**
     * The learner's settings for m hidden units at rank r (the fit calls this once m and r are chosen; before that
     * m = r = 1 stand in for them).
     */
    public LowRankOptions options(int m, int r) {
        ActivationSpec act = activationSpec();
        LowRankOptions o = switch (act.mode()) {
            case FREE -> LowRankOptions.free(m, r, act.degree());
            case KNOWN -> LowRankOptions.known(m, r, act.sigma());
            case KNOWN_UNKNOWN_NORMS -> LowRankOptions.unknownNorms(m, r, act.sigma());
        };
        return o.withRestarts(restarts).withSeed(seed).withStrict(strict);
    }

    /** The learner's settings before m and r are chosen: m = 1 and, with an automatic r, r = 1 stand in. */
    public LowRankOptions template() {
        return options(1, rank.orElse(1));
    }

    /** The saved form, keyed by the Spark params' names (degree resolved). */
    public Map<String, Object> paramMap() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("hidden", hidden.toJson());
        p.put("rank", rank.toJson());
        p.put("holdout", holdout == null ? "auto" : holdout);
        p.put("degree", activationSpec().degree());
        p.put("activation", activation);
        p.put("restarts", restarts);
        p.put("strict", strict);
        p.put("seed", seed);
        return p;
    }

    /** Inverse of {@link #paramMap} (also reads older saves: hidden as text, no holdout); absent keys: defaults. */
    public static LowRankSettings fromParamMap(Map<String, ?> p) {
        LowRankSettings d = defaults();
        try {
            Object holdout = p.get("holdout");
            return new LowRankSettings(
                    p.get("hidden") == null ? d.hidden : Count.fromJson(p.get("hidden"), "hidden"),
                    p.get("rank") == null ? d.rank : Count.fromJson(p.get("rank"), "rank"),
                    holdout == null ? null : parseHoldout(String.valueOf(holdout)),
                    p.get("activation") == null ? d.activation : String.valueOf(p.get("activation")),
                    p.get("degree") == null ? null : Integer.parseInt(String.valueOf(p.get("degree"))),
                    p.get("restarts") == null ? d.restarts : Integer.parseInt(String.valueOf(p.get("restarts"))),
                    p.get("strict") != null && Boolean.parseBoolean(String.valueOf(p.get("strict"))),
                    p.get("seed") == null ? d.seed : Long.parseLong(String.valueOf(p.get("seed"))));
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new InvalidInputException("low-rank model: invalid paramMap " + p + " (" + e.getMessage() + ")", e);
        }
    }
}
