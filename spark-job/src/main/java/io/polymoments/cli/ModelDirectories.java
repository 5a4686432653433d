package io.polymoments.cli;

import io.polymoments.InvalidInputException;
import io.polymoments.learn.ModelClass;
import io.polymoments.ml.QuadraticPushforwardModel;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/** Model directories written by {@code fit} (Spark ML layout, {@link QuadraticPushforwardModel}). */
final class ModelDirectories {
    private ModelDirectories() {}

    static LoadedModel load(SparkSession spark, String path, String what) {
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
            law = matchingLaw(number(m.diagnostics().get("alpha2")), number(m.diagnostics().get("alpha3")), m.r());
        }
        return new LoadedModel(m.transformation(), law, path);
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /**
     * A radial law with the fitted α2 = E v², α3 = E v³ (E v = 1) of a rotation-invariant fit, so that the model's
     * exact moments up to order 3 are the fitted ones: the two-point Gaussian scale mixture (Gauss quadrature with two
     * nodes, which matches moments 0–3) when α2 &gt; 1; a chi law matching α2 when α2 &lt; 1 (α3 then approximate);
     * null when neither exists (the caller must then be told the law with --law).
     */
    static String matchingLaw(double a2, double a3, int r) {
        if (!Double.isFinite(a2)) {
            return null;
        }
        if (a2 > 1 + 1e-9 && Double.isFinite(a3)) {
            // nodes: roots of v² + a v + b orthogonal to 1 and v under the law with moments 1, 1, α2, α3
            double a = -(a3 - a2) / (a2 - 1);
            double b = -a2 - a;
            double disc = a * a - 4 * b;
            if (disc > 0) {
                double v1 = (-a - Math.sqrt(disc)) / 2;
                double v2 = (-a + Math.sqrt(disc)) / 2;
                double p1 = (v2 - 1) / (v2 - v1);
                if (v1 > 0 && p1 > 0 && p1 < 1) {
                    return String.format(Locale.ROOT, "mix:%s,%s:%s,%s", v1, v2, p1, 1 - p1);
                }
            }
        }
        // chi: α2 = (ν+2) r / (ν (r+2))  ⇔  ν = 2r / (α2 (r+2) − r)
        double den = a2 * (r + 2) - r;
        if (den > 0 && Math.abs(a2 - 1) > 1e-9) {
            return "chi:" + (2.0 * r / den);
        }
        return Math.abs(a2 - 1) <= 1e-9 ? "gaussian" : null;
    }
}
