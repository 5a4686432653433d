package io.polymoments.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report as files: {@code NAME.json} (every figure and diagnostic, machine-readable), {@code NAME.html} (summary
 * table and the PNG figures) and {@code NAME_figures/*.png}. Everything is written to a temporary directory first and
 * moved into place, so a failed run leaves no half-written report.
 */
public final class HtmlReport {
    private final String title;
    private final Map<String, String> summary = new LinkedHashMap<>();
    private final List<String[]> figures = new ArrayList<>(); // file name, caption
    private final Map<String, byte[]> images = new LinkedHashMap<>();

    public HtmlReport(String title) {
        this.title = title;
    }

    /** A line of the summary table. */
    public HtmlReport row(String name, String value) {
        summary.put(name, value);
        return this;
    }

    /** A PNG figure with a caption. */
    public HtmlReport figure(String fileName, String caption, byte[] png) {
        figures.add(new String[] {fileName, caption});
        images.put(fileName, png);
        return this;
    }

    /**
     * Writes {@code json} (already serialised) to {@code jsonPath}, the HTML beside it (same name, .html) and the
     * figures in {@code <name>_figures/}.
     */
    public void write(Path jsonPath, String json) {
        Path abs = jsonPath.toAbsolutePath();
        Path parent = abs.getParent();
        String base = abs.getFileName().toString().replaceFirst("\\.json$", "");
        try {
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, "." + base + ".tmp-");
            try {
                Path figDir = tmp.resolve(base + "_figures");
                Files.createDirectories(figDir);
                for (Map.Entry<String, byte[]> e : images.entrySet()) {
                    Files.write(figDir.resolve(e.getKey()), e.getValue());
                }
                Files.writeString(tmp.resolve(base + ".json"), json + "\n", StandardCharsets.UTF_8);
                Files.writeString(tmp.resolve(base + ".html"), html(base + "_figures"), StandardCharsets.UTF_8);
                Path finalFigs = parent.resolve(base + "_figures");
                deleteRecursively(finalFigs);
                Files.move(figDir, finalFigs, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp.resolve(base + ".html"), parent.resolve(base + ".html"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp.resolve(base + ".json"), abs, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteRecursively(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + jsonPath, e);
        }
    }

    String html(String figDir) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1400px}"
                        + "table{border-collapse:collapse}td{border:1px solid #ccc;padding:4px 10px}"
                        + "figure{display:inline-block;margin:8px}figcaption{font-size:90%;color:#444}</style>"
                        + "</head><body>\n<h1>").append(esc(title)).append("</h1>\n<table>\n");
        for (Map.Entry<String, String> e : summary.entrySet()) {
            sb.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(e.getValue()))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n");
        for (String[] f : figures) {
            sb.append("<figure><img src=\"").append(figDir).append('/').append(f[0]).append("\" alt=\"")
                    .append(esc(f[1])).append("\"><figcaption>").append(esc(f[1])).append("</figcaption></figure>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
