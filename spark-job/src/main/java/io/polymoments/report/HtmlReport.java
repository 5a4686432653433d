package io.polymoments.report;

import io.polymoments.output.Producer;
import io.polymoments.output.TextFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A report as files: {@code NAME.json} (every figure and diagnostic, machine-readable), {@code NAME.html} (summary
 * table and the PNG figures) and {@code NAME_figures/*.png}, written as one output of the command's
 * {@link io.polymoments.output.OutputSet} (temporaries moved into place with everything else the command writes).
 */
public final class HtmlReport {
    private final String title;
    private final Map<String, String> summary = new LinkedHashMap<>();
    private final List<String[]> figures = new ArrayList<>(); // file name, caption
    private final Map<String, byte[]> images = new LinkedHashMap<>();
    private final List<Table> tables = new ArrayList<>();

    /** A titled table below the summary: a header row and rows of cells. */
    private record Table(String title, String note, List<String> header, List<List<String>> rows) {}

    public HtmlReport(String title) {
        this.title = title;
    }

    /** A line of the summary table. */
    public HtmlReport row(String name, String value) {
        summary.put(name, value);
        return this;
    }

    /** A table under its own heading, with a sentence below it (null: none), after the summary table. */
    public HtmlReport table(String title, List<String> header, List<List<String>> rows, String note) {
        tables.add(new Table(title, note, List.copyOf(header), rows.stream().map(List::copyOf).toList()));
        return this;
    }

    /** A PNG figure with a caption. */
    public HtmlReport figure(String fileName, String caption, byte[] png) {
        figures.add(new String[] {fileName, caption});
        images.put(fileName, png);
        return this;
    }

    /**
     * Writes the page to {@code htmlPath} and its figures into {@code figuresDir} (a sibling directory; the page links
     * to it by name), through the Hadoop file system of their URI. Both paths must not exist yet.
     */
    public void write(Configuration conf, String htmlPath, String figuresDir) throws IOException {
        for (Map.Entry<String, byte[]> e : images.entrySet()) {
            TextFiles.writeBytes(conf, new org.apache.hadoop.fs.Path(figuresDir, e.getKey()).toString(), e.getValue());
        }
        if (images.isEmpty()) {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(figuresDir);
            dir.getFileSystem(conf).mkdirs(dir);
        }
        TextFiles.writeText(conf, htmlPath, html(new org.apache.hadoop.fs.Path(figuresDir).getName()));
    }

    String html(String figDir) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">" + Producer.HTML_META + "<title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1400px}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px}"
                        + "figure{display:inline-block;margin:8px}figcaption{font-size:90%;color:#444}</style>"
                        + "</head><body>\n<h1>").append(esc(title)).append("</h1>\n<table>\n");
        for (Map.Entry<String, String> e : summary.entrySet()) {
            sb.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(e.getValue()))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n");
        for (Table t : tables) {
            sb.append("<h2>").append(esc(t.title())).append("</h2>\n<table>\n<tr>");
            for (String h : t.header()) {
                sb.append("<th>").append(esc(h)).append("</th>");
            }
            sb.append("</tr>\n");
            for (List<String> r : t.rows()) {
                sb.append("<tr>");
                for (String c : r) {
                    sb.append("<td>").append(esc(c)).append("</td>");
                }
                sb.append("</tr>\n");
            }
            sb.append("</table>\n");
            if (t.note() != null) {
                sb.append("<p>").append(esc(t.note())).append("</p>\n");
            }
        }
        for (String[] f : figures) {
            sb.append("<figure><img src=\"").append(figDir).append('/').append(f[0]).append("\" alt=\"")
                    .append(esc(f[1])).append("\"><figcaption>").append(esc(f[1])).append("</figcaption></figure>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
