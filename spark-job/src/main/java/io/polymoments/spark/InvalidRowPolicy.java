package io.polymoments.spark;

import io.polymoments.InvalidInputException;
import java.util.Locale;

/** What a pass does with a row holding null, NaN, infinite or missing values: stop with an error, or skip and count it. */
public enum InvalidRowPolicy {
    FAIL, SKIP;

    public static InvalidRowPolicy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("unknown --on-invalid '" + s + "'; use fail or skip");
        }
    }
}
