package io.polymoments;

/**
 * The user's input (data, parameters, files) is unusable. The message is one paragraph: what is wrong, where
 * (file, row, column, parameter) and what to do. The command line maps it to exit code 2; anything else is an
 * internal failure (exit code 1).
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
