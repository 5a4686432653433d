package io.polymoments.output;

import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What an output is: one or more sibling files or directories written together (a report is FILE.json, FILE.html and
 * FILE_figures/), each with a test that recognises an existing one as ours. Stores define the kinds of their own
 * layouts (model, sketch, ring); the generic ones are here.
 *
 * @param description what the output is, for messages ("a model directory")
 * @param parts       the siblings, the first named by the path the user gives
 */
public record OutputKind(String description, List<Part> parts) {
    /** Bytes a recogniser reads of a JSON or HTML file: enough for the producer mark, which comes first. */
    private static final int HEAD = 4096;

    /**
     * One sibling of an output.
     *
     * @param name       its file name from the name of the output's first part
     * @param directory  whether it is a directory (else a file)
     * @param recognizer whether an existing one is ours
     */
    public record Part(UnaryOperator<String> name, boolean directory, Recognizer recognizer) {}

    public static OutputKind directory(String description, Recognizer recognizer) {
        return new OutputKind(description, List.of(new Part(UnaryOperator.identity(), true, recognizer)));
    }

    public static OutputKind file(String description, Recognizer recognizer) {
        return new OutputKind(description, List.of(new Part(UnaryOperator.identity(), false, recognizer)));
    }

    /** The true model inside a generated data directory; the leading underscore makes Spark's readers skip it. */
    public static final String TRUTH_FILE = "_truth.json";

    /** A JSON file carrying our producer mark (exports, truths). */
    public static final OutputKind JSON = file("a JSON file written by polymoments",
            (spark, fs, p) -> Producer.isStampedJson(TextFiles.readHead(fs, p, HEAD)));

    /** A report: FILE.json, FILE.html beside it and the figures in FILE_figures/. */
    public static final OutputKind REPORT = new OutputKind("a report written by polymoments", List.of(
            new Part(UnaryOperator.identity(), false,
                    (spark, fs, p) -> Producer.isStampedJson(TextFiles.readHead(fs, p, HEAD))),
            new Part(n -> reportBase(n) + ".html", false,
                    (spark, fs, p) -> Producer.isStampedHtml(TextFiles.readHead(fs, p, HEAD))),
            new Part(n -> reportBase(n) + "_figures", true, OutputKind::onlyFigures)));

    /** A sample set written by {@code generate} or {@code sample}: its true model sits inside as _truth.json. */
    public static final OutputKind SAMPLES = directory("a sample set written by polymoments (it holds _truth.json)",
            (spark, fs, p) -> fs.exists(new Path(p, TRUTH_FILE)));

    /** FILE for FILE.json (a report's other parts are named after it). */
    public static String reportBase(String jsonName) {
        return jsonName.endsWith(".json") ? jsonName.substring(0, jsonName.length() - 5) : jsonName;
    }

    /** A report's figure directory holds PNG files (and their checksums) only. */
    private static boolean onlyFigures(org.apache.spark.sql.SparkSession spark, FileSystem fs, Path p)
            throws IOException {
        for (FileStatus st : fs.listStatus(p)) {
            String n = st.getPath().getName();
            if (st.isDirectory() || !(n.endsWith(".png") || (n.startsWith(".") && n.endsWith(".png.crc")))) {
                return false;
            }
        }
        return true;
    }
}
