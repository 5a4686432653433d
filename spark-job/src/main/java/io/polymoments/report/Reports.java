package io.polymoments.report;

import io.polymoments.output.OutputSet;
import io.polymoments.output.TextFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;

/** Writes a command's report: FILE.json, and with a page FILE.html and FILE_figures/ beside it. */
public final class Reports {
    private Reports() {}

    /**
     * Into the command's output set, where {@code option} was declared with
     * {@link io.polymoments.output.OutputKind#REPORT}.
     *
     * @param json the serialised JSON report (stamped with our producer mark)
     * @param html the page, or null for JSON only
     */
    public static void write(Configuration conf, OutputSet out, String option, String json, HtmlReport html) {
        write(conf, out.part(option, 0), html == null ? null : out.part(option, 1),
                html == null ? null : out.part(option, 2), json, html);
    }

    /** To explicit paths that must not exist yet (a report inside a larger output). */
    public static void write(Configuration conf, String jsonPath, String htmlPath, String figuresDir, String json,
                             HtmlReport html) {
        try {
            TextFiles.writeText(conf, jsonPath, json + "\n");
            if (html != null) {
                html.write(conf, htmlPath, figuresDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + jsonPath, e);
        }
    }
}
