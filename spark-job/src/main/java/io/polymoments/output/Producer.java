package io.polymoments.output;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The mark every JSON and HTML file we write carries, so that {@code --overwrite} can tell our reports and exports
 * from a user's files of the same name: a first key {@code "producer": "polymoments"} in JSON, a
 * {@code <meta name="generator" content="polymoments">} in HTML.
 */
public final class Producer {
    public static final String KEY = "producer";
    public static final String NAME = "polymoments";
    public static final String HTML_META = "<meta name=\"generator\" content=\"" + NAME + "\">";

    private Producer() {}

    /** {@code value} with the producer key first (a copy; the argument is not changed). */
    public static Map<String, Object> stamp(Map<String, ?> value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(KEY, NAME);
        value.forEach((k, v) -> {
            if (!KEY.equals(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    /** The start of a JSON text whose first key is ours (how {@link #stamp} and Jackson write it, any spacing). */
    private static final Pattern STAMPED = Pattern.compile("\\A\\s*\\{\\s*\"" + KEY + "\"\\s*:\\s*\"" + NAME + "\"");

    /**
     * True when {@code json} (or its first few kilobytes) is a JSON object whose first key is our producer mark; the
     * rest is not parsed, so a large export is recognised from its head.
     */
    static boolean isStampedJson(String json) {
        return STAMPED.matcher(json).lookingAt();
    }

    static boolean isStampedHtml(String html) {
        return html.contains(HTML_META);
    }
}
