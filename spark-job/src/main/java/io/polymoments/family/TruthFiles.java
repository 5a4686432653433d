package io.polymoments.family;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.InvalidInputException;
import io.polymoments.output.OutputKind;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Where a model or truth lives: a model directory of {@code fit}, a truth JSON of {@code generate}, or the data
 * directory holding one as {@code _truth.json}.
 */
final class TruthFiles {
    private TruthFiles() {}

    /** Exit 2 when nothing is at {@code path}. */
    static void requireExists(SparkSession spark, String path, String what) {
        try {
            Path p = new Path(path);
            if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
                throw new InvalidInputException(what + " " + path + " does not exist; give a model directory written"
                        + " by 'fit', or a data directory or truth JSON written by 'generate'");
            }
        } catch (IOException e) {
            throw new InvalidInputException(what + " " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The truth's {@code kind}, or null when {@code path} holds no readable truth JSON. */
    static String kind(SparkSession spark, String path, String what) {
        try {
            JsonNode j = read(spark, path, what);
            return j == null ? null : j.path("kind").asText(null);
        } catch (InvalidInputException e) {
            return null; // the family's loader reports it
        }
    }

    /**
     * The truth JSON at or inside {@code path}, or null when {@code path} is a directory without one (a model
     * directory); exit 2 for a file that is not a JSON object.
     */
    static JsonNode read(SparkSession spark, String path, String what) {
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            boolean isFile = fs.getFileStatus(p).isFile();
            Path file = isFile ? p : new Path(p, OutputKind.TRUTH_FILE);
            if (!isFile && (!fs.exists(file) || fs.exists(new Path(p, "metadata")))) {
                return null;
            }
            JsonNode j;
            try (InputStream in = fs.open(file)) {
                j = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new InvalidInputException(what + " " + file + " is not valid JSON (" + e.getMessage()
                        + "); give a model directory written by 'fit' or a truth JSON written by 'generate'", e);
            }
            if (j == null || !j.isObject()) {
                throw new InvalidInputException(what + " " + file + " is not a JSON object");
            }
            return j;
        } catch (IOException e) {
            throw new InvalidInputException(what + " " + path + " cannot be read: " + e.getMessage(), e);
        }
    }
}
