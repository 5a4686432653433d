package io.polymoments.spark;

import io.polymoments.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Never a partial or corrupt output: everything is written into a hidden sibling directory, which is renamed into
 * place only when complete (a rename is atomic on HDFS and local file systems); on failure the temporary is deleted.
 */
public final class AtomicOutput {
    private AtomicOutput() {}

    /** Fails fast, before any work, when the output exists and overwriting was not asked for (Spark ML's rule). */
    public static void checkWritable(SparkSession spark, String out, boolean overwrite) {
        Path p = new Path(out);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(p) && !overwrite) {
                throw new InvalidInputException("output " + out + " already exists; pass --overwrite to replace it,"
                        + " or choose another path");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check output path " + out, e);
        }
    }

    /** Writes a small text file (JSON reports, truths) through the Hadoop file system, atomically. */
    public static void writeText(SparkSession spark, String out, boolean overwrite, String text) {
        write(spark, out, overwrite, tmp -> {
            Path p = new Path(tmp);
            try (var stream = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(p, false)) {
                stream.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out, e);
            }
        });
    }

    /** Runs {@code writer} on a temporary path next to {@code out}, then moves it into place. */
    public static void write(SparkSession spark, String out, boolean overwrite, Consumer<String> writer) {
        checkWritable(spark, out, overwrite);
        Path target = new Path(out);
        Path parent = target.getParent();
        Path tmp = new Path(parent, "." + target.getName() + ".tmp-" + UUID.randomUUID());
        FileSystem fs;
        try {
            fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + out, e);
        }
        boolean done = false;
        try {
            writer.accept(tmp.toString());
            if (fs.exists(target)) {
                fs.delete(target, true);
            }
            if (parent != null) {
                fs.mkdirs(parent);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename of " + tmp + " to " + target + " failed");
            }
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the finished output into " + out, e);
        } finally {
            if (!done) {
                try {
                    fs.delete(tmp, true);
                } catch (IOException ignored) {
                    // best effort: the failure that brought us here is the one to report
                }
            }
        }
    }
}
