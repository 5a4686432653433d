package io.polymoments;

/** Small helpers for turning library and Spark failures into one-paragraph user messages. */
public final class Throwables {
    private Throwables() {}

    /** The first cause of {@code type} in the chain of {@code e} (itself included), or null. */
    public static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The first line of the message (Spark's messages run to pages), or the exception's name when it has none. */
    public static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.toString();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
