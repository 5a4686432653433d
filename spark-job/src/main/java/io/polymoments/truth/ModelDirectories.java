package io.polymoments.truth;

import io.polymoments.InvalidInputException;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.model.RadialLaw;
import org.apache.spark.sql.SparkSession;

/** Model directories written by {@code fit} (Spark ML layout, {@link QuadraticPushforwardModel}). */
public final class ModelDirectories {
    private ModelDirectories() {}

    public static LoadedModel load(SparkSession spark, String path, String what) {
        QuadraticPushforwardModel m;
        try {
            m = QuadraticPushforwardModel.load(path);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(what + " " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InvalidInputException(what + " " + path + " is not a model directory written by 'fit' ("
                    + e.getMessage() + "); give a model directory or a truth JSON written by 'generate'", e);
        }
        String law = "gaussian";
        if (m.modelClass() == ModelClass.ROTATION_INVARIANT) {
            law = RadialLaw.matchingSpec(number(m.diagnostics().get("alpha2")), number(m.diagnostics().get("alpha3")), m.r());
        }
        return new LoadedModel(m.transformation(), law, path);
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
