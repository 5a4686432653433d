package io.polymoments.datasets;

import io.polymoments.InvalidInputException;
import java.util.Locale;

/** Stored sample formats. CSV needs a header line. */
public enum SampleFormat {
    PARQUET, CSV, ORC;

    public static SampleFormat parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("unknown --format '" + name + "'; use parquet, csv or orc");
        }
    }

    public String sparkName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format a file name suggests, or null. */
    static SampleFormat fromFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv") || n.endsWith(".csv.gz")) {
            return CSV;
        }
        if (n.endsWith(".orc")) {
            return ORC;
        }
        if (n.endsWith(".parquet")) {
            return PARQUET;
        }
        return null;
    }
}
