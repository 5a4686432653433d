package io.polymoments.linalg;

/** A LAPACK routine reported failure ({@code info != 0}); the message names the routine and what it means. */
public final class LinalgException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String routine;
    private final int info;

    public LinalgException(String routine, int info, String meaning) {
        super(routine + " failed (info=" + info + "): " + meaning);
        this.routine = routine;
        this.info = info;
    }

    public String routine() {
        return routine;
    }

    public int info() {
        return info;
    }
}
