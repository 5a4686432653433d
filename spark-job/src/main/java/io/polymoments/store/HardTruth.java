package io.polymoments.store;

import io.polymoments.output.OutputKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The hidden direction v of a hard-instance truth written by {@code generate --kind hard} (docs/hard-instances.md §3), read
 * from the truth JSON or the data directory holding it as {@code _truth.json}. Any other truth (a quadratic's, a
 * model directory) has no hidden direction.
 */
public final class HardTruth {
    private HardTruth() {}

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
