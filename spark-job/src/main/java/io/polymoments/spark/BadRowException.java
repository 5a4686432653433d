package io.polymoments.spark;

import io.polymoments.InvalidInputException;

/** Thrown on an executor at the first invalid row; the driver turns it into a message that names file and row. */
final class BadRowException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    final BadRowLocator.BadRow row;

    BadRowException(BadRowLocator.BadRow row) {
        super("invalid row " + (row.rowInPartition() + 1) + " of Spark partition " + row.partition() + ": " + row.reason());
        this.row = row;
    }
}
