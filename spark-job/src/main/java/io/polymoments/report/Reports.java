package io.polymoments.report;

import io.polymoments.spark.AtomicOutput;
import java.net.URI;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** Writes a command's report: JSON always; on a local path also the HTML page and its PNG figures beside it. */
public final class Reports {
    private Reports() {}

    /**
     * @param path      FILE.json (local or any Hadoop file system); the HTML goes to FILE.html, figures to FILE_figures/
     * @param json      the serialised JSON report
     * @param html      the page, or null for JSON only
     * @param overwrite whether an existing report may be replaced (checked before, by the caller)
     */
    public static void write(SparkSession spark, String path, boolean overwrite, String json, HtmlReport html) {
        String scheme = URI.create(path.replace(" ", "%20")).getScheme();
        boolean local = scheme == null || scheme.equals("file");
        if (html == null || !local) {
            AtomicOutput.writeText(spark, path, overwrite, json + "\n");
            return;
        }
        html.write(Path.of(scheme == null ? path : URI.create(path).getPath()), json);
    }
}
