package io.polymoments.ml;

import io.polymoments.InvalidInputException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How the estimators' messages spell the settings named below them (see {@link InvalidInputException#setting}): as
 * the Spark ML params a user sets, the Spark counterpart of the command line's flags.
 */
final class ParamNames {
    private static final Map<String, String> SPELLING = Map.of(
            "rank", "rank=<r>",
            "hidden", "hidden=<m>",
            "modelClass", "modelClass=<homogeneous|affine>",
            "columns", "a shorter input vector");

    private ParamNames() {}

    static String of(String apiName) {
        return SPELLING.getOrDefault(apiName, apiName);
    }

    /** Runs {@code work}; bad input is reported with the settings spelled as params. */
    static <T> T spelled(Supplier<T> work) {
        try {
            return work.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.render(ParamNames::of), e);
        }
    }
}
