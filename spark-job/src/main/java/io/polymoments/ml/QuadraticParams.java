package io.polymoments.ml;

import io.polymoments.learn.quadratic.InputLaw;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.learn.quadratic.QuadraticLearner;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/**
 * The parameters shared by {@link QuadraticPushforward} and {@link QuadraticPushforwardModel} (Java has no Scala
 * traits with state, so each class creates its own instances through {@link #create} and exposes them through
 * public accessors, which is how Spark's {@code Params.params} finds them).
 */
final class QuadraticParams {
    final Param<String> inputCol;
    final IntParam rank;
    final BooleanParam affine;
    final Param<String> inputLaw;
    final LongParam seed;
    final IntParam maxIter;
    final DoubleParam tol;

    private QuadraticParams(Params parent) {
        inputCol = new Param<>(parent, "inputCol", "column of the samples y: array<double> or an ML Vector");
        rank = new IntParam(parent, "rank", "number of latent variables r; 0 = decide from the covariance spectrum",
                ParamValidators.gtEq(0));
        affine = new BooleanParam(parent, "affine", "true: y = x'Qx + b'x + c; false: y = x'Qx + c; unset: decide"
                + " from the covariance spectrum");
        inputLaw = new Param<>(parent, "inputLaw", "law of the latent x: gaussian or rotation-invariant",
                ParamValidators.inArray(new String[]{"gaussian", "rotation-invariant"}));
        seed = new LongParam(parent, "seed", "random seed (spectral starts, multi-start frames, kappa4 directions)");
        maxIter = new IntParam(parent, "maxIter", "L-BFGS iteration limit per refinement stage (>= 1)",
                ParamValidators.gtEq(1));
        tol = new DoubleParam(parent, "tol", "L-BFGS relative-decrease tolerance (>= 0)", ParamValidators.gtEq(0));
    }

    static QuadraticParams create(Params parent) {
        return new QuadraticParams(parent);
    }

    /** Defaults as in {@link QuadraticLearner.Options#defaults()}; {@code affine} has none (auto). */
    void setDefaults(Params owner) {
        owner.setDefault(inputCol, "y");
        owner.setDefault(rank, 0);
        owner.setDefault(inputLaw, "gaussian");
        owner.setDefault(seed, 0L);
        owner.setDefault(maxIter, QuadraticLearner.Options.defaults().nIterMax());
        owner.setDefault(tol, QuadraticLearner.Options.defaults().tol());
    }

    /** The learner's options from the current values (affine unset = auto). */
    QuadraticLearner.Options options(Params owner) {
        int r = (Integer) owner.getOrDefault(rank);
        ModelClass cls = owner.isDefined(affine)
                ? ((Boolean) owner.getOrDefault(affine) ? ModelClass.AFFINE : ModelClass.HOMOGENEOUS) : null;
        try {
            return new QuadraticLearner.Options(r == 0 ? null : r, cls,
                    InputLaw.parse(owner.getOrDefault(inputLaw)), (Long) owner.getOrDefault(seed),
                    (Integer) owner.getOrDefault(maxIter), (Double) owner.getOrDefault(tol));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("QuadraticPushforward: " + e.getMessage(), e);
        }
    }

    /** Checks the input column exists and holds vectors (array of numbers or an ML Vector), as MLlib's PCA does. */
    static void checkInputColumn(StructType schema, String name) {
        checkInputColumn(schema, name, "QuadraticPushforward");
    }

    /** As {@link #checkInputColumn(StructType, String)}, naming {@code owner} in the messages. */
    static void checkInputColumn(StructType schema, String name, String owner) {
        StructField field = Arrays.stream(schema.fields()).filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(owner + ": input column '" + name
                        + "' does not exist; the schema has " + Arrays.toString(schema.fieldNames())
                        + ". Set inputCol to the column of the samples."));
        DataType t = field.dataType();
        boolean ok = t instanceof VectorUDT || (t instanceof ArrayType at && at.elementType() instanceof NumericType);
        if (!ok) {
            throw new IllegalArgumentException(owner + ": input column '" + name + "' has type "
                    + t.simpleString() + "; expected array<double> or an ML Vector");
        }
    }
}
