package io.polymoments.cli;

import io.polymoments.datasets.SampleFormat;
import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import io.polymoments.spark.InvalidRowPolicy;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** How every command that reads samples finds them. */
final class InputOptions {
    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "Stored samples: a Parquet/ORC/CSV file or directory (CSV needs a header).")
    String input;

    @Option(names = "--format", paramLabel = "parquet|csv|orc",
            description = "Input format; default: inferred from file names, else parquet.")
    String format;

    @Option(names = "--column", paramLabel = "NAME", defaultValue = "y",
            description = "Column holding each sample as array<double> or an ML Vector (default: ${DEFAULT-VALUE}).")
    String column;

    @Option(names = "--columns", split = ",", paramLabel = "a,b,c",
            description = "Use these numeric columns as the coordinates instead ('*' = every numeric column).")
    List<String> columns = new ArrayList<>();

    @Option(names = "--where", paramLabel = "CONDITION",
            description = "Keep only rows satisfying this Spark SQL condition, e.g. \"dt >= '2026-01-01'\" on a"
                    + " date-partitioned input: columns, literals, comparisons, AND/OR/NOT, arithmetic, CAST, CASE WHEN"
                    + " and pure date, string and math functions.")
    String where;

    @Option(names = "--on-invalid", paramLabel = "fail|skip", defaultValue = "fail",
            description = "Rows with null/NaN/infinite/missing values: fail with an error naming the row, or skip and"
                    + " count them (default: ${DEFAULT-VALUE}).")
    String onInvalid;

    SampleSet read(SparkSession spark) {
        SampleFormat fmt = format == null ? null : SampleFormat.parse(format);
        return new SampleReader(spark).read(input, fmt, column, columns, where);
    }

    InvalidRowPolicy policy() {
        return InvalidRowPolicy.parse(onInvalid);
    }
}
