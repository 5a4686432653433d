package io.polymoments.store;

import io.polymoments.datasets.HardInstanceCatalog;
import io.polymoments.linalg.Matrices;
import io.polymoments.model.HardInstance;
import io.polymoments.model.PiecewiseLinearLink;
import io.polymoments.output.Json;
import io.polymoments.output.OutputKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The truth of {@code generate --kind hard} (docs/hard-instances.md §3), a {@link TruthFile} (version 1) whose keys
 * after the common ones are those {@link #toJson} writes, in its order (docs/formats.md §6); read back is its hidden
 * direction v, from the truth JSON or the data directory holding it as {@code _truth.json}. Any other truth (a
 * quadratic's, a model directory) has no hidden direction.
 */
public final class HardTruth {
    private HardTruth() {}

    /**
     * The truth of {@code generate --kind hard}: the catalogue entry hidden along the unit direction {@code v} drawn
     * from {@code seed}, with its link, ReLU form and unmatched moments, and the Gaussian mean and covariance it matches.
     *
     * @param requested the instance name given on the command line (recorded when it differs from the entry's)
     */
    public static Map<String, Object> toJson(HardInstanceCatalog.Entry entry, String requested, int d, long seed,
                                             double[] v) {
        HardInstance instance = entry.instance();
        PiecewiseLinearLink f = instance.f();
        PiecewiseLinearLink.ReluForm relu = f.reluForm();
        Map<String, Object> truth = TruthFile.start("hard");
        truth.put("instance", instance.name());
        if (!instance.name().equals(requested)) {
            truth.put("requested", requested);
        }
        truth.put("k", instance.k());
        truth.put("d", d);
        truth.put("seed", seed);
        truth.put("direction_seed", seed);
        truth.put("generator", "y = x + (f(<v,x>) - <v,x>) v, x ~ N(0, I_d); equivalently"
                + " y = (I - v v^T)(relu(x) - relu(-x)) + v (b0 + sum_j w_j relu(<v,x> + c_j))");
        truth.put("v", v);
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("knots", f.knots());
        link.put("values", f.values());
        link.put("outside", "constant: f(t) = f(t_0) left of the first knot, f(t_m) right of the last");
        truth.put("link", link);
        Map<String, Object> reluJson = new LinkedHashMap<>();
        reluJson.put("b0", relu.b0());
        reluJson.put("weights", relu.weights());
        reluJson.put("biases", relu.biases());
        truth.put("relu", reluJson);
        Map<String, Object> unmatched = new LinkedHashMap<>();
        entry.unmatchedMoments().forEach((p, m) -> unmatched.put(String.valueOf(p), m));
        truth.put("unmatched_moments_of_f", unmatched);
        truth.put("mean", new double[d]);
        truth.put("covariance", Json.rows(Matrices.identity(d), d, d));
        return truth;
    }

    /**
     * v when {@code path} is a hard-instance truth, null when it is another kind of truth or a model directory.
     *
     * @param d    the data's dimension, which v must have
     * @param what the option's name for messages
     */
    public static double[] direction(SparkSession spark, String path, int d, String what) {
        Path p = new Path(path);
        JsonNode j;
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new InvalidInputException(what + " " + path + " does not exist; give a truth JSON or data"
                        + " directory written by 'generate', or a model directory written by 'fit'");
            }
            Path file = p;
            if (!fs.getFileStatus(p).isFile()) {
                file = new Path(p, OutputKind.TRUTH_FILE);
                if (!fs.exists(file)) {
                    return null; // a model directory
                }
            }
            try (InputStream in = fs.open(file)) {
                j = new ObjectMapper().readTree(in);
            }
        } catch (IOException e) {
            throw new InvalidInputException(what + " " + path + " cannot be read as JSON: " + e.getMessage(), e);
        }
        if (j == null || !j.isObject() || !"hard".equals(j.path("kind").asText())) {
            return null;
        }
        TruthFile.checkVersion(j, what + " " + path);
        JsonNode v = j.get("v");
        if (v == null || !v.isArray() || v.size() != d) {
            throw new InvalidInputException(what + " " + path + " is a hard-instance truth whose direction v has "
                    + (v == null || !v.isArray() ? "no entries" : v.size() + " entries") + ", but the input has d = "
                    + d + " coordinates; give the truth of these data");
        }
        double[] out = new double[d];
        double norm = 0;
        for (int i = 0; i < d; i++) {
            if (!v.get(i).isNumber() || !Double.isFinite(v.get(i).asDouble())) {
                throw new InvalidInputException(what + " " + path + ": v[" + i + "] is not a finite number");
            }
            out[i] = v.get(i).asDouble();
            norm += out[i] * out[i];
        }
        if (!(norm > 0)) {
            throw new InvalidInputException(what + " " + path + ": the direction v is zero");
        }
        return out;
    }
}
