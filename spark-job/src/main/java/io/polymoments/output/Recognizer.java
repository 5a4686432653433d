package io.polymoments.output;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Tells whether an existing file or directory is an output polymoments wrote (so that --overwrite may replace it). */
@FunctionalInterface
public interface Recognizer {
    boolean isOurs(SparkSession spark, FileSystem fs, Path path) throws IOException;
}
