package io.polymoments.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.InvalidInputException;
import io.polymoments.output.TextFiles;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code metadata/} of a model directory, Spark ML's layout: one text part file ({@code part-00000}) holding one
 * JSON line. Spark's own keys (class, timestamp, sparkVersion, uid, paramMap, defaultParamMap) plus ours, of which
 * {@code formatVersion} is checked here for both model families; each store documents the rest.
 */
public final class ModelMetadata {
    private ModelMetadata() {}

    /**
     * The metadata line of {@code dir}, refused unless it is JSON naming {@code expectedClass} with a format version
     * from 1 to {@code newest} (every model we wrote carries one: without it the directory is not ours).
     */
    static JsonNode read(SparkSession spark, String dir, String expectedClass, int newest) {
        Path metaDir = new Path(dir, "metadata");
        Path part;
        String line;
        try {
            FileSystem fs = metaDir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            part = Arrays.stream(fs.listStatus(metaDir)).filter(FileStatus::isFile).map(FileStatus::getPath)
                    .filter(p -> p.getName().startsWith("part-")).min(Comparator.comparing(Path::getName))
                    .orElseThrow(() -> new InvalidInputException("model " + dir + ": metadata/ has no part file; the"
                            + " model directory is damaged. Refit the model."));
            line = TextFiles.readHead(fs, part, 1 << 20).split("\n", 2)[0];
        } catch (IOException e) {
            throw new InvalidInputException("model " + dir + ": cannot read metadata/ (" + e.getMessage() + ")", e);
        }
        JsonNode meta;
        try {
            meta = QuadraticModelStore.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("model " + dir + ": " + part + " is not JSON (" + e.getOriginalMessage()
                    + ")", e);
        }
        if (meta == null || !meta.has(FormatVersion.KEY)) {
            throw new InvalidInputException("model " + dir + ": metadata " + part + " has no formatVersion; it was not"
                    + " written by polymoments");
        }
        FormatVersion.ofJson(meta, 0, newest, "model metadata " + part, "Refit the model with this build (or load it"
                + " with the polymoments release that wrote it).");
        String cls = meta.path("class").asText("");
        if (!cls.equals(expectedClass)) {
            throw new InvalidInputException("model " + dir + " is a '" + cls + "', not a " + expectedClass);
        }
        return meta;
    }

    /**
     * The class a model directory's metadata names, or null when {@code dir} is not a Spark ML directory (read from
     * the file system, no Spark job: callers ask it of every path they dispatch on).
     */
    public static String storedClass(SparkSession spark, String dir) {
        try {
            Path p = new Path(dir);
            return storedClass(p.getFileSystem(spark.sparkContext().hadoopConfiguration()), p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** As {@link #storedClass(SparkSession, String)} (Spark 4 names the part file part-00000-*.txt). */
    static String storedClass(FileSystem fs, Path dir) throws IOException {
        Path meta = new Path(dir, "metadata");
        if (!fs.exists(meta)) {
            return null;
        }
        for (FileStatus st : fs.listStatus(meta)) {
            if (st.isFile() && st.getPath().getName().startsWith("part-")) {
                String line = TextFiles.readHead(fs, st.getPath(), 1 << 20).split("\n", 2)[0];
                return QuadraticModelStore.MAPPER.readTree(line).path("class").asText(null);
            }
        }
        return null;
    }
}
