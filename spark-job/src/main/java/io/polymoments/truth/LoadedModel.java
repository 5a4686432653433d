package io.polymoments.truth;

import io.polymoments.output.OutputKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.InvalidInputException;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.store.QuadraticTruth;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A quadratic model read from disk for evaluation: either a truth JSON written by {@code generate} or a model
 * directory written by {@code fit}.
 *
 * @param transform the map (Q, b, c)
 * @param lawSpec   its input law ({@link RadialLaw#parse} form)
 * @param source    path, for messages and the report
 */
public record LoadedModel(QuadraticTransform transform, String lawSpec, String source) {

    public RadialLaw law() {
        return RadialLaw.parse(lawSpec);
    }

    /** Whitened dimension the model's moments live in: tri(r), plus r with a linear part. */
    public int whitenedDimension() {
        int r = transform.r();
        return r * (r + 1) / 2 + (transform.hasLinearPart() ? r : 0);
    }

    /** Reads {@code path}; {@code what} names the option in messages (e.g. "--model"). */
    public static LoadedModel load(SparkSession spark, String path, String what) {
        Path p = new Path(path);
        FileSystem fs;
        boolean isFile;
        try {
            fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new InvalidInputException(what + " " + path + " does not exist; give a model directory written by"
                        + " 'fit', or a data directory or truth JSON written by 'generate'");
            }
            isFile = fs.getFileStatus(p).isFile();
        } catch (IOException e) {
            throw new InvalidInputException(what + " " + path + " cannot be read: " + e.getMessage(), e);
        }
        if (isFile) {
            return fromJson(fs, p, path, what);
        }
        Path truth = new Path(p, OutputKind.TRUTH_FILE);
        try {
            if (fs.exists(truth) && !fs.exists(new Path(p, "metadata"))) {
                return fromJson(fs, truth, truth.toString(), what); // a data directory written by 'generate'
            }
        } catch (IOException e) {
            throw new InvalidInputException(what + " " + path + " cannot be read: " + e.getMessage(), e);
        }
        return ModelDirectories.load(spark, path, what);
    }

    private static LoadedModel fromJson(FileSystem fs, Path p, String path, String what) {
        JsonNode j;
        try (InputStream in = fs.open(p)) {
            j = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new InvalidInputException(what + " " + path + " is not valid JSON (" + e.getMessage()
                    + "); give a model directory written by 'fit' or a truth JSON written by 'generate'", e);
        }
        if (j == null || !j.isObject()) {
            throw new InvalidInputException(what + " " + path + " is not a JSON object");
        }
        if ("lowrank".equals(j.path("kind").asText(""))) {
            throw new InvalidInputException(what + " " + path + " describes a low-rank model, but a quadratic one"
                    + " is needed here; compare a model with the truth of its own family");
        }
        QuadraticTruth t = QuadraticTruth.fromJson(j, path);
        return new LoadedModel(t.model(), t.lawSpec(), path);
    }
}
