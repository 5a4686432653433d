package io.polymoments.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.polymoments.InvalidInputException;
import io.polymoments.Throwables;
import io.polymoments.datasets.SampleFormat;
import io.polymoments.datasets.SampleReader;
import io.polymoments.decompose.DenseTensor;
import io.polymoments.decompose.TensorRing;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.output.TextFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Files of the {@code decompose} command. A tensor comes in coordinate form, one row per entry: index columns
 * (any names, in column order = mode order, 0-based integers) and a {@code value} column, as CSV with a header or
 * Parquet. It must be complete (every index tuple exactly once) because the decomposition is dense. A ring
 * (unversioned; docs/formats.md §5) is written atomically as:
 * <ul>
 *   <li>{@code DIR/cores/}: Parquet rows {@code core int, a int, i int, b int, value double} = G_core[a, i, b], core n
 *       of shape R_n × d_n × R_{n+1} (R_N = R_0), written core by core with b slowest and a fastest;</li>
 *   <li>{@code DIR/summary.json}: pretty JSON whose keys the caller chooses; {@code dims} and {@code ranks} are
 *       required and the only ones read back ({@code decompose} adds ranksEstimated, init, reconstructionError,
 *       diagnostics, fitSeconds, totalSeconds).</li>
 * </ul>
 */
public final class RingIo {
    public static final String VALUE = "value";
    public static final StructType CORE_SCHEMA = new StructType()
            .add("core", DataTypes.IntegerType, false)
            .add("a", DataTypes.IntegerType, false)
            .add("i", DataTypes.IntegerType, false)
            .add("b", DataTypes.IntegerType, false)
            .add("value", DataTypes.DoubleType, false);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SparkSession spark;

    public RingIo(SparkSession spark) {
        this.spark = spark;
    }

    /** Reads and validates a coordinate-form tensor; {@code format} null infers it from the file names. */
    public DenseTensor readTensor(String path, SampleFormat format) {
        SampleFormat fmt = format != null ? format : new SampleReader(spark).inferFormat(path);
        Dataset<Row> raw;
        try {
            raw = switch (fmt) {
                case PARQUET -> spark.read().parquet(path);
                case ORC -> spark.read().orc(path);
                case CSV -> spark.read().option("header", "true").option("mode", "PERMISSIVE").csv(path);
            };
        } catch (RuntimeException e) {
            throw new InvalidInputException("cannot read " + fmt.sparkName() + " tensor at " + path + ": "
                    + Throwables.firstLine(e) + ". Check the path and --format parquet|csv.", e);
        }
        String[] names = raw.columns();
        String valueName = null;
        List<String> indexNames = new ArrayList<>();
        for (String n : names) {
            if (n.equalsIgnoreCase(VALUE) && valueName == null) {
                valueName = n;
            } else {
                indexNames.add(n);
            }
        }
        if (valueName == null) {
            throw new InvalidInputException("tensor " + path + " has no '" + VALUE + "' column (it has: "
                    + String.join(", ", names) + "). Give one row per entry with columns i,j,k[,l...],value"
                    + (fmt == SampleFormat.CSV ? " and a header line" : ""));
        }
        int order = indexNames.size();
        if (order < 3) {
            throw new InvalidInputException("tensor " + path + " has " + order + " index column(s) (" + String.join(", ", indexNames)
                    + "); a tensor-ring decomposition needs order >= 3: columns i,j,k[,l...],value");
        }
        List<Column> sel = new ArrayList<>();
        Column bad = lit(false);
        for (int n = 0; n < order; n++) {
            Column x = col(quote(indexNames.get(n))).cast("double");
            sel.add(x.as("x" + n));
            bad = bad.or(x.isNull()).or(isnan(x)).or(x.lt(0)).or(x.notEqual(floor(x))).or(x.geq((double) Integer.MAX_VALUE));
        }
        Column v = col(quote(valueName)).cast("double");
        sel.add(v.as("v"));
        bad = bad.or(v.isNull()).or(isnan(v)).or(v.equalTo(Double.POSITIVE_INFINITY)).or(v.equalTo(Double.NEGATIVE_INFINITY));
        List<Row> firstBad = raw.filter(bad).limit(1).collectAsList();
        if (!firstBad.isEmpty()) {
            throw new InvalidInputException("tensor " + path + " has an invalid row " + firstBad.get(0)
                    + " (columns " + String.join(", ", names) + "): indices must be integers >= 0 and the value a finite"
                    + " number; fix or remove such rows");
        }
        Dataset<Row> df = raw.select(sel.toArray(new Column[0]));
        List<Column> aggs = new ArrayList<>();
        for (int n = 0; n < order; n++) {
            aggs.add(max(col("x" + n)));
        }
        aggs.add(org.apache.spark.sql.functions.count(lit(1)));
        Row stats = df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        long rows = stats.getLong(order);
        if (rows == 0) {
            throw new InvalidInputException("tensor " + path + " has no rows");
        }
        int[] dims = new int[order];
        long size = 1;
        for (int n = 0; n < order; n++) {
            dims[n] = (int) stats.getDouble(n) + 1;
            size *= dims[n];
            if (size > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException("tensor " + path + " spans more than 2^31 entries (largest indices give"
                        + " shape " + Arrays.toString(Arrays.copyOf(dims, n + 1)) + "...); the decomposition needs a dense"
                        + " tensor in memory");
            }
        }
        String shape = shapeText(indexNames, dims);
        double[] data = new double[(int) size];
        BitSet seen = new BitSet((int) size);
        Iterator<Row> it = df.toLocalIterator();
        int[] idx = new int[order];
        while (it.hasNext()) {
            Row r = it.next();
            int off = 0;
            for (int n = order - 1; n >= 0; n--) {
                idx[n] = (int) r.getDouble(n);
                off = off * dims[n] + idx[n];
            }
            if (seen.get(off)) {
                throw new InvalidInputException("tensor " + path + " has a duplicate entry at (" + join(idx)
                        + ") (columns " + String.join(", ", indexNames) + "); each index tuple must appear exactly once");
            }
            seen.set(off);
            data[off] = r.getDouble(order);
        }
        int filled = seen.cardinality();
        if (filled < size) {
            int missing = seen.nextClearBit(0);
            int[] m = new int[order];
            for (int n = 0, rest = missing; n < order; n++) {
                m[n] = rest % dims[n];
                rest /= dims[n];
            }
            throw new InvalidInputException("tensor " + path + " of shape " + shape + " is missing " + (size - filled)
                    + " of its " + size + " entries, e.g. (" + join(m) + "); give every entry (write zeros explicitly),"
                    + " indices are 0-based");
        }
        return new DenseTensor(dims, data);
    }

    /** A ring directory: summary.json with dims and ranks, and cores/. */
    public static final OutputKind OUTPUT = OutputKind.directory("a tensor ring written by polymoments",
            (spark, fs, p) -> fs.exists(new Path(p, "cores")) && fs.exists(new Path(p, "summary.json"))
                    && JSON.readTree(TextFiles.readHead(fs, new Path(p, "summary.json"), 1 << 20)).has("ranks"));

    /** Writes cores + summary.json into {@code outDir} atomically (alone; commands use {@link #writeInto}). */
    public void write(TensorRing ring, Map<String, Object> summary, String outDir, boolean overwrite) {
        OutputSet.writeOne(spark, outDir, OUTPUT, overwrite, dir -> writeInto(ring, summary, dir));
    }

    /** Writes cores + summary.json into {@code dir}, which must not exist (a command's temporary output). */
    public void writeInto(TensorRing ring, Map<String, Object> summary, String dir) {
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < ring.order(); n++) {
            int rn = ring.ranks()[n];
            int rn1 = ring.rank(n + 1);
            int d = ring.dim(n);
            for (int b = 0; b < rn1; b++) {
                for (int i = 0; i < d; i++) {
                    for (int a = 0; a < rn; a++) {
                        rows.add(RowFactory.create(n, a, i, b, ring.coreEntry(n, a, i, b)));
                    }
                }
            }
        }
        spark.createDataFrame(rows, CORE_SCHEMA).coalesce(1).write().mode(SaveMode.ErrorIfExists)
                .parquet(new Path(dir, "cores").toString());
        try {
            TextFiles.writeText(spark.sparkContext().hadoopConfiguration(), new Path(dir, "summary.json").toString(),
                    json(summary) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + "/summary.json", e);
        }
    }

    /** Reads a ring written by {@link #write}; shape and ranks come from summary.json, entries from cores/. */
    public TensorRing readRing(String dir) {
        Path summaryPath = new Path(dir, "summary.json");
        JsonNode summary;
        try {
            FileSystem fs = summaryPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(summaryPath)) {
                throw new InvalidInputException(dir + " is not a tensor ring written by 'decompose': " + summaryPath
                        + " does not exist");
            }
            try (InputStream in = fs.open(summaryPath)) {
                summary = JSON.readTree(in);
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + summaryPath + ": " + e.getMessage(), e);
        }
        int[] dims = intArray(summary.get("dims"), "dims", summaryPath);
        int[] ranks = intArray(summary.get("ranks"), "ranks", summaryPath);
        if (dims.length != ranks.length || dims.length < 2) {
            throw new InvalidInputException(summaryPath + ": dims " + Arrays.toString(dims) + " and ranks "
                    + Arrays.toString(ranks) + " must have the same length >= 2");
        }
        int order = dims.length;
        for (int n = 0; n < order; n++) {
            if (dims[n] < 1 || ranks[n] < 1) {
                throw new InvalidInputException(summaryPath + ": dims " + Arrays.toString(dims) + " and ranks "
                        + Arrays.toString(ranks) + " must be positive; the ring directory is damaged. Recompute it"
                        + " with 'decompose'.");
            }
        }
        String coresPath = new Path(dir, "cores").toString();
        List<Row> rows;
        try {
            rows = spark.read().parquet(coresPath).select("core", "a", "i", "b", "value").collectAsList();
        } catch (RuntimeException e) {
            throw new InvalidInputException("cannot read the cores of " + dir + " (" + coresPath + "): " + Throwables.firstLine(e), e);
        }
        // the shapes in summary.json are checked against the stored entries before the cores are allocated
        long[] stored = new long[order];
        for (Row r : rows) {
            int n = r.getInt(0);
            if (n >= 0 && n < order) {
                stored[n]++;
            }
        }
        for (int n = 0; n < order; n++) {
            long size = (long) ranks[n] * dims[n] * ranks[(n + 1) % order];
            if (size != stored[n]) {
                throw new InvalidInputException(summaryPath + ": dims " + Arrays.toString(dims) + " and ranks "
                        + Arrays.toString(ranks) + " make core " + n + " an array of " + size + " entries, but "
                        + coresPath + " holds " + stored[n] + "; the ring directory is damaged. Recompute it with"
                        + " 'decompose'.");
            }
        }
        double[][] cores = new double[order][];
        BitSet[] seen = new BitSet[order];
        for (int n = 0; n < order; n++) {
            cores[n] = new double[ranks[n] * dims[n] * ranks[(n + 1) % order]];
            seen[n] = new BitSet(cores[n].length);
        }
        for (Row r : rows) {
            int n = r.getInt(0);
            int a = r.getInt(1);
            int i = r.getInt(2);
            int b = r.getInt(3);
            if (n < 0 || n >= order || a < 0 || a >= ranks[n] || i < 0 || i >= dims[n] || b < 0 || b >= ranks[(n + 1) % order]) {
                throw new InvalidInputException(coresPath + ": entry (core=" + n + ", a=" + a + ", i=" + i + ", b=" + b
                        + ") is outside the shapes in summary.json (dims " + Arrays.toString(dims) + ", ranks "
                        + Arrays.toString(ranks) + ")");
            }
            int off = a + ranks[n] * (i + dims[n] * b);
            if (seen[n].get(off)) {
                throw new InvalidInputException(coresPath + ": duplicate entry (core=" + n + ", a=" + a + ", i=" + i
                        + ", b=" + b + ")");
            }
            seen[n].set(off);
            cores[n][off] = r.getDouble(4);
        }
        return new TensorRing(dims, ranks, List.of(cores));
    }

    /** {@code {"ranks": [...], "cores": [core0, ...]}} with core n as nested lists of shape R_n × d_n × R_{n+1}. */
    public static Map<String, Object> exportJson(TensorRing ring) {
        List<double[][][]> cores = new ArrayList<>();
        for (int n = 0; n < ring.order(); n++) {
            int rn = ring.ranks()[n];
            int d = ring.dim(n);
            int rn1 = ring.rank(n + 1);
            double[][][] c = new double[rn][d][rn1];
            for (int a = 0; a < rn; a++) {
                for (int i = 0; i < d; i++) {
                    for (int b = 0; b < rn1; b++) {
                        c[a][i][b] = ring.coreEntry(n, a, i, b);
                    }
                }
            }
            cores.add(c);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ranks", ring.ranks());
        m.put("cores", cores);
        return m;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON has no NaN: diagnostics that do not apply are written as null. */
    public static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static int[] intArray(JsonNode node, String field, Path where) {
        if (node == null || !node.isArray()) {
            throw new InvalidInputException(where + " has no '" + field + "' array");
        }
        int[] out = new int[node.size()];
        for (int k = 0; k < out.length; k++) {
            if (!node.get(k).canConvertToInt()) {
                throw new InvalidInputException(where + ": '" + field + "' must hold integers, got " + node);
            }
            out[k] = node.get(k).asInt();
        }
        return out;
    }

    private static String shapeText(List<String> names, int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < dims.length; n++) {
            sb.append(n == 0 ? "" : " x ").append(dims[n]);
        }
        return sb + " (" + String.join(", ", names) + ")";
    }

    private static String join(int[] idx) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < idx.length; k++) {
            sb.append(k == 0 ? "" : ",").append(idx[k]);
        }
        return sb.toString();
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
