package io.polymoments.spark;

import io.polymoments.InvalidInputException;

/** Thrown on an executor at the first invalid row; the driver turns it into a message that names file and row. */
final class BadRowException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    final int partition;
    final long rowInPartition;
    final String reason;

    BadRowException(int partition, long rowInPartition, String reason) {
        super("invalid row " + (rowInPartition + 1) + " of input partition " + partition + ": " + reason);
        this.partition = partition;
        this.rowInPartition = rowInPartition;
        this.reason = reason;
    }
}
