package io.polymoments.datasets;

import io.polymoments.Throwables;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

import io.polymoments.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StringType;

/**
 * Reads stored samples (Parquet, ORC, or CSV with a header) and checks the schema before any data pass: one column of
 * {@code array<numeric>} or ML {@code Vector} (default {@code y}), or a list of numeric columns. Values themselves
 * (nulls, NaN, ragged rows) are checked row by row in the passes.
 */
public final class SampleReader {
    private final SparkSession spark;

    public SampleReader(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * @param path    file or directory
     * @param format  null to infer from file names (default Parquet)
     * @param column  the vector column (used when {@code columns} is empty); null means {@code y}
     * @param columns numeric columns to use, or empty; {@code ["*"]} means every numeric column
     */
    public SampleSet read(String path, SampleFormat format, String column, List<String> columns) {
        return read(path, format, column, columns, null);
    }

    /**
     * As above, keeping only rows that satisfy a Spark SQL condition (e.g. on a date partition column:
     * {@code dt >= '2026-01-01'}); null or blank for all rows. The condition may only use what {@link RowFilter}
     * allows.
     */
    public SampleSet read(String path, SampleFormat format, String column, List<String> columns, String where) {
        // checked before anything is read: a refused filter costs no Spark job and runs nothing
        Column filter = where == null || where.isBlank() ? null : RowFilter.parse(spark, where);
        SampleFormat fmt = format != null ? format : inferFormat(path);
        Dataset<Row> raw;
        try {
            raw = switch (fmt) {
                case PARQUET -> spark.read().parquet(path);
                case ORC -> spark.read().orc(path);
                case CSV -> spark.read().option("header", "true").option("mode", "PERMISSIVE").csv(path);
            };
        } catch (Exception e) { // Spark throws checked SparkExceptions through Scala
            throw new InvalidInputException("cannot read " + fmt.sparkName() + " input at " + path + ": "
                    + Throwables.firstLine(e) + ". Check that the path holds " + fmt.sparkName()
                    + " files (or pass --format parquet|csv|orc).", e);
        }
        if (fmt == SampleFormat.CSV) {
            checkHeader(raw, path);
        }
        if (filter != null) {
            try {
                raw = raw.where(filter);
                raw.schema(); // analysis happens here: unknown columns, wrong types
            } catch (Exception e) {
                throw new InvalidInputException("--where '" + where + "' is not a valid condition on " + path + ": "
                        + Throwables.firstLine(e) + ". Columns available: " + raw.schema().simpleString(), e);
            }
            path = path + " where " + where;
        }
        if (columns != null && !columns.isEmpty()) {
            return fromColumns(raw, path, fmt, columns);
        }
        return fromVectorColumn(raw, path, column == null ? SampleSet.COLUMN : column);
    }

    private SampleSet fromVectorColumn(Dataset<Row> raw, String path, String name) {
        StructField field = field(raw, name, path);
        DataType type = field.dataType();
        String where = path + ", column '" + name + "'";
        Column y;
        boolean vector;
        if (type instanceof VectorUDT) {
            y = col(name);
            vector = true;
        } else if (type instanceof ArrayType at && at.elementType() instanceof NumericType) {
            y = col(name).cast(DataTypes.createArrayType(DataTypes.DoubleType, true));
            vector = false;
        } else {
            throw new InvalidInputException("column '" + name + "' of " + path + " has type " + type.simpleString()
                    + "; expected array<double> or an ML Vector. For one value per column pass --columns a,b,c"
                    + " (or --columns '*' for every numeric column).");
        }
        Dataset<Row> frame = raw.select(y.as(SampleSet.COLUMN));
        Column sizeExpr = vector ? size(functions.vector_to_array(col(SampleSet.COLUMN), "float64"))
                : size(col(SampleSet.COLUMN));
        List<Row> first = frame.where(col(SampleSet.COLUMN).isNotNull()).select(sizeExpr).limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new InvalidInputException("input " + where + " has no rows (or only null rows); nothing to learn from."
                    + " Check the path and any date-partition filter.");
        }
        int d = first.get(0).getInt(0);
        if (d < 1) {
            throw new InvalidInputException("the first row of " + where + " is an empty vector; every row needs d >= 1 values");
        }
        return new SampleSet(frame, d, vector, where);
    }

    private SampleSet fromColumns(Dataset<Row> raw, String path, SampleFormat fmt, List<String> requested) {
        List<String> names = new ArrayList<>();
        if (requested.size() == 1 && requested.get(0).equals("*")) {
            for (StructField f : raw.schema().fields()) {
                if (f.dataType() instanceof NumericType || (fmt == SampleFormat.CSV && f.dataType() instanceof StringType)) {
                    names.add(f.name());
                }
            }
            if (names.isEmpty()) {
                throw new InvalidInputException("--columns '*': " + path + " has no numeric columns (schema: "
                        + raw.schema().simpleString() + ")");
            }
        } else {
            for (String n : requested) {
                StructField f = field(raw, n, path);
                boolean ok = f.dataType() instanceof NumericType
                        || (fmt == SampleFormat.CSV && f.dataType() instanceof StringType);
                if (!ok) {
                    throw new InvalidInputException("column '" + n + "' of " + path + " has type "
                            + f.dataType().simpleString() + "; --columns takes numeric columns only");
                }
                names.add(n);
            }
        }
        // CSV values arrive as strings: a cast that fails yields null, which the pass reports as non-numeric.
        Column[] cols = names.stream().map(n -> col("`" + n.replace("`", "``") + "`").try_cast(DataTypes.DoubleType))
                .toArray(Column[]::new); // quoted: a header may name a column "x.1"
        Dataset<Row> frame = raw.select(array(cols).as(SampleSet.COLUMN));
        if (frame.limit(1).collectAsList().isEmpty()) {
            throw new InvalidInputException("input " + path + " has no rows; nothing to learn from");
        }
        return new SampleSet(frame, names.size(), false, path + ", columns " + names, List.copyOf(names));
    }

    /** Spark takes a CSV's first line as its header; when every field of it is a number, the file has none. */
    private static void checkHeader(Dataset<Row> raw, String path) {
        String[] names = raw.columns();
        for (String n : names) {
            try {
                Double.parseDouble(n.trim());
            } catch (NumberFormatException notANumber) {
                return;
            }
        }
        String[] files = raw.inputFiles();
        String where = files.length != 1 ? "the CSV files in " + path
                : new Path(java.net.URI.create(files[0])).getName().equals(new Path(path).getName()) ? path
                : new Path(java.net.URI.create(files[0])).toString();
        throw new InvalidInputException("the first line of " + where + " is not a header: its fields ("
                + String.join(", ", names) + ") are numbers, so Spark would read it as column names and lose that row."
                + " CSV input needs a header line naming the columns: add a header line (e.g. 'a,b,c') at the top of"
                + " each file and pass --columns a,b,c (or --columns '*' for every column).");
    }

    private static StructField field(Dataset<Row> raw, String name, String path) {
        for (StructField f : raw.schema().fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        String have = Arrays.stream(raw.schema().fields()).map(f -> f.name() + ":" + f.dataType().simpleString())
                .collect(Collectors.joining(", "));
        throw new InvalidInputException("input " + path + " has no column '" + name + "' (it has: " + have
                + "). Name the vector column with --column NAME, or numeric columns with --columns a,b,c.");
    }

    /** Format from the path's name, or from the first data file below it; Parquet when nothing says otherwise. */
    public SampleFormat inferFormat(String path) {
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new InvalidInputException("input path " + path + " does not exist; check the path (and the"
                        + " file system scheme, e.g. hdfs:// or s3a://)");
            }
            SampleFormat byName = SampleFormat.fromFileName(p.getName());
            if (byName != null) {
                return byName;
            }
            SampleFormat found = firstDataFileFormat(fs, p, 0);
            return found == null ? SampleFormat.PARQUET : found;
        } catch (IOException e) {
            throw new InvalidInputException("cannot list input path " + path + ": " + e.getMessage(), e);
        }
    }

    private static SampleFormat firstDataFileFormat(FileSystem fs, Path dir, int depth) throws IOException {
        if (depth > 4 || !fs.getFileStatus(dir).isDirectory()) {
            return null;
        }
        for (FileStatus st : fs.listStatus(dir)) {
            String n = st.getPath().getName();
            if (n.startsWith("_") || n.startsWith(".")) {
                continue;
            }
            SampleFormat f = st.isDirectory() ? firstDataFileFormat(fs, st.getPath(), depth + 1) : SampleFormat.fromFileName(n);
            if (f != null) {
                return f;
            }
        }
        return null;
    }
}
