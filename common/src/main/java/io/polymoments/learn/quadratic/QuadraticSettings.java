package io.polymoments.learn.quadratic;

import static io.polymoments.InvalidInputException.setting;

import io.polymoments.InvalidInputException;
import io.polymoments.learn.Count;
import io.polymoments.moments.AdditiveNoise;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The quadratic family's settings: one record whatever the interface (the command line's {@code fit}, the Spark
 * params of {@link QuadraticPushforward}, the paramMap saved with a model), checked once, here, with messages that
 * name the settings by their API names (the Spark params' names).
 *
 * @param rank       the latent dimension r, or auto (from the covariance spectrum)
 * @param modelClass homogeneous or affine, or null for auto (from the spectrum)
 * @param inputLaw   the law of the latent x
 * @param seed       seed of every random choice
 * @param maxIter    solver iterations per refinement stage, ≥ 1
 * @param tol        relative-decrease tolerance of the refinement, ≥ 0
 * @param noise      the additive output noise: none, isotropic, diagonal, or null for auto (docs/noise.md §4)
 */
public record QuadraticSettings(Count rank, ModelClass modelClass, InputLaw inputLaw, long seed, int maxIter,
                                double tol, AdditiveNoise.Kind noise) {

    public QuadraticSettings {
        if (rank == null || inputLaw == null) {
            throw new IllegalArgumentException("rank and inputLaw must be given (Count.AUTO for an automatic rank)");
        }
        if (modelClass == ModelClass.ROTATION_INVARIANT) {
            throw new IllegalArgumentException("the rotation-invariant model is an input law, not a model class");
        }
        if (maxIter < 1) {
            throw new InvalidInputException(setting("maxIter") + " must be >= 1, got " + maxIter);
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new InvalidInputException(setting("tol") + " must be a finite number >= 0, got " + tol);
        }
        if (inputLaw == InputLaw.ROTATION_INVARIANT && modelClass == ModelClass.AFFINE) {
            throw new InvalidInputException("a rotation-invariant " + setting("inputLaw") + " is only supported for"
                    + " the homogeneous model (docs/quadratic.md section 6); drop the affine model class");
        }
    }

    /**
     * Automatic rank, class and noise model, Gaussian input, seed 0, and the learner's iteration limit and tolerance.
     */
    public static QuadraticSettings defaults() {
        QuadraticLearner.Options d = QuadraticLearner.Options.defaults();
        return new QuadraticSettings(Count.AUTO, null, InputLaw.GAUSSIAN, 0L, d.maxIter(), d.tol(), null);
    }

    /** The learner's options. */
    public QuadraticLearner.Options options() {
        return new QuadraticLearner.Options(rank.value(), modelClass, inputLaw, seed, maxIter, tol, noise);
    }

    /** "auto" (null), "none", "isotropic" or "diagonal": the value of the {@code noise} param. */
    public static String noiseLabel(AdditiveNoise.Kind k) {
        return k == null ? "auto" : k.label();
    }

    /** Inverse of {@link #noiseLabel} (any case); a bad value is bad input naming the setting. */
    public static AdditiveNoise.Kind noiseKind(String s) {
        String v = s == null ? "" : s.trim();
        if (v.equalsIgnoreCase("auto")) {
            return null;
        }
        try {
            return AdditiveNoise.Kind.parse(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(setting("noise") + " takes auto, none, isotropic or diagonal, got '" + s
                    + "'", e);
        }
    }

    /** The saved form, keyed by the Spark params' names. */
    public Map<String, Object> paramMap() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rank", rank.toJson());
        p.put("modelClass", modelClassLabel(modelClass));
        p.put("inputLaw", inputLaw.label());
        p.put("seed", seed);
        p.put("maxIter", maxIter);
        p.put("tol", tol);
        p.put("noise", noiseLabel(noise));
        return p;
    }

    /** "auto" (null: decided from the spectrum), "homogeneous" or "affine": the value of the {@code modelClass} param. */
    public static String modelClassLabel(ModelClass c) {
        return c == null ? "auto" : c.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Inverse of {@link #paramMap}; absent keys: defaults. Also reads the older saves: rank 0 meant auto, the model
     * class was a boolean {@code affine} (absent = auto), and a save without {@code noise} was fitted without a noise
     * model.
     */
    public static QuadraticSettings fromParamMap(Map<String, ?> p) {
        QuadraticSettings d = defaults();
        try {
            Object cls = p.get("modelClass");
            Object affine = p.get("affine");
            ModelClass modelClass = cls != null ? ("auto".equals(String.valueOf(cls)) ? null
                    : ModelClass.parse(String.valueOf(cls)))
                    : affine == null ? null
                    : Boolean.parseBoolean(String.valueOf(affine)) ? ModelClass.AFFINE : ModelClass.HOMOGENEOUS;
            return new QuadraticSettings(
                    p.get("rank") == null ? d.rank : Count.fromJson(p.get("rank"), "rank"),
                    modelClass,
                    p.get("inputLaw") == null ? d.inputLaw : InputLaw.parse(String.valueOf(p.get("inputLaw"))),
                    p.get("seed") == null ? d.seed : Long.parseLong(String.valueOf(p.get("seed"))),
                    p.get("maxIter") == null ? d.maxIter : Integer.parseInt(String.valueOf(p.get("maxIter"))),
                    p.get("tol") == null ? d.tol : Double.parseDouble(String.valueOf(p.get("tol"))),
                    p.get("noise") == null ? AdditiveNoise.Kind.NONE : noiseKind(String.valueOf(p.get("noise"))));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("quadratic model: invalid paramMap " + p + " (" + e.getMessage() + ")", e);
        }
    }
}
