package io.polymoments.family;

import io.polymoments.InvalidInputException;
import java.util.function.Function;

/** Loading a model directory written by {@code fit}, with messages that name the option and the path. */
final class Stored {
    private Stored() {}

    static <M> M load(String path, String what, Function<String, M> loader) {
        try {
            return loader.apply(path);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(what + " " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InvalidInputException(what + " " + path + " is not a model directory written by 'fit' ("
                    + e.getMessage() + "); give a model directory or a truth JSON written by 'generate'", e);
        }
    }
}
