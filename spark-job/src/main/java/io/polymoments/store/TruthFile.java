package io.polymoments.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The truth file {@code generate} writes beside a sample set as {@code _truth.json} (and at {@code --truth}),
 * {@code sample} beside its samples and {@code demo} as {@code truth.json}: one pretty-printed JSON object whose
 * first keys are common to every kind, the rest the kind's own (docs/formats.md §6).
 * <table>
 *   <caption>Keys of every truth file, in this order</caption>
 *   <tr><th>key</th><th>type</th><th>meaning</th></tr>
 *   <tr><td>producer</td><td>string</td><td>"polymoments", the mark of files we wrote</td></tr>
 *   <tr><td>formatVersion</td><td>int</td><td>{@link #FORMAT_VERSION}; absent in files written before it existed,
 *       which are read as version 1</td></tr>
 *   <tr><td>kind</td><td>string</td><td>quadratic, affine, radial ({@link QuadraticTruth}), lowrank
 *       ({@link LowRankTruth}), hard ({@link HardTruth}), gaussian, ring (written by the generators; no reader)</td></tr>
 * </table>
 * Version 1 is the only version: the key was added without changing any other key, so files without it are version 1.
 */
public final class TruthFile {
    public static final int FORMAT_VERSION = 1;

    private TruthFile() {}

    /** A truth's JSON object with the common keys after the producer mark (which the document writer puts first). */
    public static Map<String, Object> start(String kind) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(FormatVersion.KEY, FORMAT_VERSION);
        m.put("kind", kind);
        return m;
    }

    /** Refuses a truth file of a version this build does not read; {@code subject} names the file. */
    static void checkVersion(JsonNode j, String subject) {
        FormatVersion.ofJson(j, 1, FORMAT_VERSION, subject, "Write it again with this build's 'generate' (or read"
                + " it with the polymoments release that wrote it).");
    }
}
