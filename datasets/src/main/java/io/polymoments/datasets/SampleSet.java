package io.polymoments.datasets;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Samples ready for the moment passes: {@code frame} has exactly one column {@link #COLUMN} holding each row's vector,
 * either as {@code array<double>} or as an ML {@code Vector}; {@code dim} is the common length of every row.
 *
 * @param source human-readable origin (path and column) used in messages
 */
public record SampleSet(Dataset<Row> frame, int dim, boolean vectorColumn, String source, java.util.List<String> columnNames) {
    public static final String COLUMN = "y";

    /** Samples from one vector column. */
    public SampleSet(Dataset<Row> frame, int dim, boolean vectorColumn, String source) {
        this(frame, dim, vectorColumn, source, null);
    }
}
