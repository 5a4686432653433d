package io.polymoments.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.InvalidInputException;

/** The format version every stored file carries, checked on load the same way for each format. */
final class FormatVersion {
    /** The key under which JSON files (truth files, model metadata) and sketch rows carry their version. */
    static final String KEY = "formatVersion";

    private FormatVersion() {}

    /**
     * The version in {@code json}'s {@link #KEY}, or {@code absent} when it has none; refuses one this build does not
     * read (versions 1 to {@code newest}).
     *
     * @param subject names the file in the message, e.g. "truth file /data/_truth.json"
     * @param redo    what to do instead, one sentence
     */
    static int ofJson(JsonNode json, int absent, int newest, String subject, String redo) {
        JsonNode v = json.get(KEY);
        if (v == null) {
            return absent;
        }
        if (!v.isInt()) {
            throw refused(subject, v.toString(), newest, redo);
        }
        check(v.asInt(), newest, subject, redo);
        return v.asInt();
    }

    /** Refuses a version outside 1 to {@code newest}. */
    static void check(int version, int newest, String subject, String redo) {
        if (version < 1 || version > newest) {
            throw refused(subject, String.valueOf(version), newest, redo);
        }
    }

    private static InvalidInputException refused(String subject, String version, int newest, String redo) {
        return new InvalidInputException(subject + " has format version " + version + "; this build reads "
                + (newest == 1 ? "format version 1" : "format versions 1 to " + newest) + ". " + redo);
    }
}
