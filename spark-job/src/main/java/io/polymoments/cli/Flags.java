package io.polymoments.cli;

import java.util.Map;

/**
 * The one place where the API's setting names become the command line's flags, for messages raised below the
 * command line (which name settings by their API names, see {@link io.polymoments.InvalidInputException#setting}).
 * A name not listed is written as its kebab-case flag (maxIter → --max-iter).
 */
final class Flags {
    private static final Map<String, String> DIFFERENT = Map.of(
            "family", "--model",
            "columns", "--columns");

    private Flags() {}

    /** The flag of the setting called {@code apiName}. */
    static String of(String apiName) {
        String f = DIFFERENT.get(apiName);
        return f != null ? f : "--" + apiName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
