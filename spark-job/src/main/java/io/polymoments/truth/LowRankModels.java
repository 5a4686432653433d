package io.polymoments.truth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.InvalidInputException;
import io.polymoments.ml.LowRankPushforwardModel;
import io.polymoments.model.LowRankTransform;
import io.polymoments.output.OutputKind;
import io.polymoments.store.LowRankTruth;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** A low-rank model read from disk for evaluation: a model directory or a truth JSON, whichever the path holds. */
public final class LowRankModels {
    private LowRankModels() {}

    /**
     * The low-rank transform at {@code path} - a model directory written by 'fit --model lowrank', a truth JSON of
     * 'generate --kind lowrank' or the data directory holding it - or null when the path is something else (a
     * quadratic model or truth, a hard-instance truth, a missing path: the caller's other loaders report those).
     */
    public static LowRankTransform loadOrNull(SparkSession spark, String path, String what) {
        if (LowRankPushforwardModel.isLowRankModel(spark, path)) {
            try {
                return LowRankPushforwardModel.load(path).transformation();
            } catch (InvalidInputException e) {
                throw new InvalidInputException(what + " " + path + ": " + e.getMessage(), e);
            }
        }
        Path p = new Path(path);
        JsonNode j;
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                return null;
            }
            Path file = fs.getFileStatus(p).isFile() ? p : new Path(p, OutputKind.TRUTH_FILE);
            if (!fs.exists(file) || !fs.getFileStatus(file).isFile()) {
                return null;
            }
            try (InputStream in = fs.open(file)) {
                j = new ObjectMapper().readTree(in);
            }
        } catch (IOException e) {
            return null; // not JSON: the quadratic loader names the problem
        }
        if (j == null || !j.isObject() || !"lowrank".equals(j.path("kind").asText(""))) {
            return null;
        }
        return LowRankTruth.fromJson(j, what + " " + path);
    }
}
