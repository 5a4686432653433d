package io.polymoments;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's input (data, parameters, files) is unusable. The message is one paragraph: what is wrong, where
 * (file, row, column, parameter) and what to do. The command line maps it to exit code 2; anything else is an
 * internal failure (exit code 1).
 *
 * <p>A message names a setting by its API name through {@link #setting}: {@link #getMessage} spells it as the name
 * itself (how the library and the Spark ML params call it), and an interface with other spellings renders the message
 * with {@link #render} (the command line shows its flags). So the layers that raise the error need not know who
 * called them.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final char OPEN = '\u0002';
    private static final char CLOSE = '\u0003';
    private static final Pattern SETTING = Pattern.compile(OPEN + "([^" + CLOSE + "]*)" + CLOSE);

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A setting's API name inside a message (e.g. {@code setting("rank")}), rendered by the caller's vocabulary. */
    public static String setting(String apiName) {
        return OPEN + apiName + CLOSE;
    }

    /** The message with each setting spelled by its API name. */
    @Override
    public String getMessage() {
        return render(UnaryOperator.identity());
    }

    /** The message with each setting spelled by {@code spelling} (API name → how the caller's users write it). */
    public String render(UnaryOperator<String> spelling) {
        String raw = template();
        if (raw == null) {
            return null;
        }
        Matcher m = SETTING.matcher(raw);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(spelling.apply(m.group(1))));
        }
        return m.appendTail(sb).toString();
    }

    /** The message as raised, settings still marked: for wrapping it in a longer message of another exception. */
    public String template() {
        return super.getMessage();
    }
}
