package io.polymoments.learn;

import static io.polymoments.InvalidInputException.setting;

import io.polymoments.InvalidInputException;

/**
 * A whole number ≥ 1 that the fit may decide itself: "auto" or k. The one type of every such setting (the latent
 * dimension r, the hidden units m), with one parser for text, one form in Spark params (0 = auto) and one in a saved
 * paramMap ("auto" or the number).
 *
 * @param value k, or null for auto
 */
public record Count(Integer value) {
    public static final Count AUTO = new Count(null);

    public Count {
        if (value != null && value < 1) {
            throw new IllegalArgumentException("a count is auto or >= 1, got " + value);
        }
    }

    public static Count of(int k) {
        return new Count(k);
    }

    public boolean isAuto() {
        return value == null;
    }

    /** k, or {@code whenAuto}. */
    public int orElse(int whenAuto) {
        return value == null ? whenAuto : value;
    }

    /** "auto" or a whole number ≥ 1 (case-insensitive, blanks ignored); {@code name} is the setting's API name. */
    public static Count parse(String text, String name) {
        String s = text == null ? "auto" : text.trim();
        if (s.equalsIgnoreCase("auto")) {
            return AUTO;
        }
        try {
            int k = Integer.parseInt(s);
            if (k >= 1) {
                return of(k);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(setting(name) + " takes 'auto' or a whole number >= 1, got '" + text + "'");
    }

    /** From a Spark param, where 0 means auto. */
    public static Count fromParam(int v) {
        return v == 0 ? AUTO : of(v);
    }

    /** As a Spark param: 0 for auto. */
    public int toParam() {
        return value == null ? 0 : value;
    }

    /** As a saved paramMap holds it: "auto" or the number. */
    public Object toJson() {
        return value == null ? "auto" : value;
    }

    /** From a saved paramMap: "auto", a number (0 = auto, as Spark params and older saves have it) or its text. */
    public static Count fromJson(Object v, String name) {
        if (v instanceof Number n) {
            return fromParam(n.intValue());
        }
        String s = String.valueOf(v).trim();
        return s.equals("0") ? AUTO : parse(s, name);
    }

    @Override
    public String toString() {
        return value == null ? "auto" : value.toString();
    }
}
