package io.polymoments.ml;

import io.polymoments.InvalidInputException;
import io.polymoments.learn.quadratic.QuadraticSettings;
import io.polymoments.learn.quadratic.InputLaw;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.learn.Count;
import io.polymoments.learn.quadratic.InputLaw;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.learn.quadratic.QuadraticLearner;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The parameters shared by {@link QuadraticPushforward} and {@link QuadraticPushforwardModel} (Java has no Scala
 * traits with state, so each class creates its own instances through {@link #create} and exposes them through
 * public accessors, which is how Spark's {@code Params.params} finds them).
 */
final class QuadraticParams {
    final Param<String> inputCol;
    final IntParam rank;
    final Param<String> modelClass;
    final Param<String> inputLaw;
    final LongParam seed;
    final IntParam maxIter;
    final DoubleParam tol;
    final Param<String> noise;

    private QuadraticParams(Params parent) {
        inputCol = new Param<>(parent, "inputCol", "column of the samples y: array<double> or an ML Vector");
        rank = new IntParam(parent, "rank", "number of latent variables r; 0 = decide from the covariance spectrum",
                ParamValidators.gtEq(0));
        modelClass = new Param<>(parent, "modelClass", "affine: y = x'Qx + b'x + c; homogeneous: y = x'Qx + c; auto:"
                + " decided from the covariance spectrum", ParamValidators.inArray(new String[]{"auto", "homogeneous",
                "affine"}));
        inputLaw = new Param<>(parent, "inputLaw", "law of the latent x: gaussian or rotation-invariant",
                ParamValidators.inArray(new String[]{"gaussian", "rotation-invariant"}));
        seed = new LongParam(parent, "seed", "random seed (spectral starts, multi-start frames, kappa4 directions)");
        maxIter = new IntParam(parent, "maxIter", "solver iteration limit per refinement stage (>= 1)",
                ParamValidators.gtEq(1));
        tol = new DoubleParam(parent, "tol", "relative-decrease tolerance of the refinement (>= 0)", ParamValidators.gtEq(0));
        noise = new Param<>(parent, "noise", "additive Gaussian noise in the outputs: none, isotropic, diagonal, or"
                + " auto (decided from the covariance spectrum)", ParamValidators.inArray(new String[]{"auto", "none",
                "isotropic", "diagonal"}));
    }

    static QuadraticParams create(Params parent) {
        return new QuadraticParams(parent);
    }

    /** Defaults as {@link QuadraticSettings#defaults()}. */
    void setDefaults(Params owner) {
        QuadraticSettings d = QuadraticSettings.defaults();
        owner.setDefault(inputCol, "y");
        owner.setDefault(rank, d.rank().toParam());
        owner.setDefault(modelClass, "auto");
        owner.setDefault(inputLaw, d.inputLaw().label());
        owner.setDefault(seed, d.seed());
        owner.setDefault(maxIter, d.maxIter());
        owner.setDefault(tol, d.tol());
        owner.setDefault(noise, QuadraticSettings.noiseLabel(d.noise()));
    }

    /** The settings the current values describe. */
    QuadraticSettings settings(Params owner) {
        String c = owner.getOrDefault(modelClass);
        ModelClass cls = "auto".equals(c) ? null : ModelClass.parse(c);
        try {
            return new QuadraticSettings(Count.fromParam((Integer) owner.getOrDefault(rank)), cls,
                    InputLaw.parse(owner.getOrDefault(inputLaw)), (Long) owner.getOrDefault(seed),
                    (Integer) owner.getOrDefault(maxIter), (Double) owner.getOrDefault(tol),
                    QuadraticSettings.noiseKind(owner.getOrDefault(noise)));
        } catch (InvalidInputException e) { // Spark ML reports invalid params as IllegalArgumentException
            throw new IllegalArgumentException("QuadraticPushforward: " + e.getMessage(), e);
        }
    }

    /** Sets the params to {@code s}. */
    void apply(Params owner, QuadraticSettings s) {
        owner.set(rank, s.rank().toParam());
        owner.set(modelClass, QuadraticSettings.modelClassLabel(s.modelClass()));
        owner.set(inputLaw, s.inputLaw().label());
        owner.set(seed, s.seed());
        owner.set(maxIter, s.maxIter());
        owner.set(tol, s.tol());
        owner.set(noise, QuadraticSettings.noiseLabel(s.noise()));
    }
}
