package io.polymoments.store;

import io.polymoments.InvalidInputException;
import io.polymoments.Throwables;
import io.polymoments.moments.Basis;
import io.polymoments.moments.ColumnScale;
import io.polymoments.moments.DirectionalSums;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.SplitHalfSketch;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A {@link SketchBundle} as Parquet: one row per (role, half), with the packed co-moment sums, the basis of whitened
 * sketches, and a format version checked on load. Written atomically (temporary directory, then rename).
 * <p>Rows: raw half 0, raw half 1, whitened halves 0 and 1 (whitened sketches), one directional row (half 0). Columns
 * ({@link #SCHEMA}, in this order; docs/formats.md §2):
 * <ul>
 *   <li>{@code formatVersion int} 2; {@code role string} raw|whitened|directional; {@code half int} 0 even rows, 1 odd;
 *       {@code order int} 2..4; {@code dim int} k; {@code count long}; {@code skippedRows long};</li>
 *   <li>{@code mean array<double>} length k; {@code m2, m3, m4 array<double>} central sums Σ(y−μ)^{⊗q} packed over
 *       index tuples i1 ≤ … ≤ iq in lexicographic order, null above {@code order} or for an empty half;</li>
 *   <li>{@code basisInputDim int}, {@code basisShift array<double>} (d), {@code basisMatrix array<double>} (W, d×k
 *       column-major; z = Wᵀ(y − shift)), null for raw rows;</li>
 *   <li>directional row only: {@code directions array<double>} (k×L column-major), {@code batchCounts array<long>}
 *       (B), {@code batchSums array<double>} (B×L batch-major);</li>
 *   <li>{@code sketchId string} (32 hex digits), {@code sources array<string>}, {@code scale array<double>} (d
 *       power-of-two units, null in the data's own units).</li>
 * </ul>
 * Version 1 lacks the last three columns: it loads, its id computed on load, in the data's own units.
 */
public final class SketchStore {
    /** 2 added sketchId and sources; version 1 sketches still load (their id is computed on load). */
    public static final int FORMAT_VERSION = 2;
    static final String RAW = "raw";
    static final String WHITENED = "whitened";
    static final String DIRECTIONAL = "directional";
    private static final DataType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, false);

    public static final StructType SCHEMA = new StructType()
            .add("formatVersion", DataTypes.IntegerType, false)
            .add("role", DataTypes.StringType, false)
            .add("half", DataTypes.IntegerType, false)
            .add("order", DataTypes.IntegerType, false)
            .add("dim", DataTypes.IntegerType, false)
            .add("count", DataTypes.LongType, false)
            .add("skippedRows", DataTypes.LongType, false)
            .add("mean", DOUBLES, true)
            .add("m2", DOUBLES, true)
            .add("m3", DOUBLES, true)
            .add("m4", DOUBLES, true)
            .add("basisInputDim", DataTypes.IntegerType, true)
            .add("basisShift", DOUBLES, true)
            .add("basisMatrix", DOUBLES, true)
            .add("directions", DOUBLES, true)
            .add("batchCounts", DataTypes.createArrayType(DataTypes.LongType, false), true)
            .add("batchSums", DOUBLES, true)
            .add("sketchId", DataTypes.StringType, true)
            .add("sources", DataTypes.createArrayType(DataTypes.StringType, false), true)
            .add("scale", DOUBLES, true);
    /**
     * The units of every row (factors s_j: the rows were sketched as y_j / s_j), null in the data's own units. An
     * optional column: sketches written without it are in the data's own units.
     */
    static final String SCALE = "scale";

    /** A sketch directory: Parquet with this schema's identifying columns. */
    public static final OutputKind OUTPUT = OutputKind.directory("a moment sketch written by polymoments",
            (spark, fs, p) -> isSketch(spark, p.toString()));

    private final SparkSession spark;

    public SketchStore(SparkSession spark) {
        this.spark = spark;
    }

    /** Saves alone, atomically (library use); commands write through their {@link OutputSet} with {@link #write}. */
    public void save(SketchBundle bundle, String path, boolean overwrite) {
        OutputSet.writeOne(spark, path, OUTPUT, overwrite, dir -> write(bundle, dir));
    }

    /** Writes the bundle as Parquet into {@code dir}, which must not exist (a temporary of an {@link OutputSet}). */
    public void write(SketchBundle bundle, String dir) {
        String id = bundle.id();
        String[] sources = bundle.sourceIds().toArray(String[]::new);
        double[] scale = bundle.scale() == null ? null : bundle.scale().factors();
        List<Row> rows = new ArrayList<>();
        addRows(rows, RAW, bundle.raw(), bundle.skippedRows(), id, sources, scale);
        if (bundle.isWhitened()) {
            addRows(rows, WHITENED, bundle.whitened(), bundle.skippedRows(), id, sources, scale);
        }
        if (bundle.directional() != null) {
            DirectionalSums ds = bundle.directional();
            rows.add(RowFactory.create(FORMAT_VERSION, DIRECTIONAL, 0, 4, ds.dim(), sum(ds.counts()),
                    bundle.skippedRows(), null, null, null, null, null, null, null, ds.directions(), ds.counts(),
                    ds.sums(), id, sources, scale));
        }
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(dir);
    }

    private static void addRows(List<Row> rows, String role, SplitHalfSketch s, long skipped, String id,
                                String[] sources, double[] scale) {
        for (int h = 0; h < 2; h++) {
            MomentSketch m = s.half(h);
            Basis b = m.basis();
            boolean empty = m.isEmpty();
            rows.add(RowFactory.create(FORMAT_VERSION, role, h, m.order(), m.dim(), m.count(), skipped,
                    empty ? null : m.mean(), empty ? null : m.packedSum(2),
                    empty || m.order() < 3 ? null : m.packedSum(3), empty || m.order() < 4 ? null : m.packedSum(4),
                    b == null ? null : b.inputDim(), b == null ? null : b.shift(), b == null ? null : b.matrix(),
                    null, null, null, id, sources, scale));
        }
    }

    /** True when {@code path} reads as Parquet with a sketch's identifying columns (the --overwrite test). */
    static boolean isSketch(SparkSession spark, String path) {
        try {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(path);
            boolean parquet = false;
            for (var st : dir.getFileSystem(spark.sparkContext().hadoopConfiguration()).listStatus(dir)) {
                String n = st.getPath().getName();
                if (n.startsWith(".") || n.startsWith("_")) {
                    continue;
                }
                if (st.isDirectory() || !n.endsWith(".parquet")) {
                    return false; // not only Parquet parts: someone else's directory
                }
                parquet = true;
            }
            if (!parquet) {
                return false;
            }
            StructType schema = spark.read().parquet(path).schema();
            for (String c : new String[] {"formatVersion", "role", "half", "order", "dim", "count", "m2"}) {
                if (!java.util.Arrays.asList(schema.fieldNames()).contains(c)) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) { // not Parquet at all
            return false;
        }
    }

    public SketchBundle load(String path) {
        Dataset<Row> df;
        try {
            df = spark.read().parquet(path);
        } catch (Exception e) { // Spark throws checked SparkExceptions through Scala
            if (damagedFile(e) != null) {
                throw damaged(path, e);
            }
            throw new InvalidInputException("cannot read a moment sketch at " + path + ": " + Throwables.firstLine(e)
                    + ". Pass a directory written by 'polymoments moments' or 'merge-moments'.", e);
        }
        checkSchema(df, path);
        List<Row> rows;
        try {
            rows = df.collectAsList();
        } catch (Exception e) {
            throw damaged(path, e);
        }
        SplitHalfSketch raw = null;
        SplitHalfSketch white = null;
        long skipped = 0;
        MomentSketch[][] halves = new MomentSketch[2][2];
        DirectionalSums directional = null;
        String storedId = null;
        List<String> sources = null;
        for (Row r : rows) {
            int version = r.getInt(r.fieldIndex("formatVersion"));
            FormatVersion.check(version, FORMAT_VERSION, "the moment sketch at " + path,
                    "Recompute it with this version's 'moments'.");
            if (version >= 2) {
                storedId = r.getString(r.fieldIndex("sketchId"));
                sources = r.getList(r.fieldIndex("sources"));
            }
            String role = r.getString(r.fieldIndex("role"));
            if (DIRECTIONAL.equals(role)) {
                directional = toDirectional(r, path);
                continue;
            }
            int ri = RAW.equals(role) ? 0 : WHITENED.equals(role) ? 1 : -1;
            int half = r.getInt(r.fieldIndex("half"));
            if (ri < 0 || half < 0 || half > 1 || halves[ri][half] != null) {
                throw new InvalidInputException("the moment sketch at " + path + " has an unexpected or duplicated row"
                        + " (role " + role + ", half " + half + "); it is not a sketch written by this tool");
            }
            halves[ri][half] = toSketch(r, path);
            skipped = r.getLong(r.fieldIndex("skippedRows"));
        }
        if (halves[0][0] == null || halves[0][1] == null) {
            throw new InvalidInputException("the moment sketch at " + path + " lacks its raw part; it is incomplete");
        }
        raw = pair(path, halves[0][0], halves[0][1]);
        if (halves[1][0] != null || halves[1][1] != null) {
            if (halves[1][0] == null || halves[1][1] == null) {
                throw new InvalidInputException("the moment sketch at " + path + " has only one whitened half; it is incomplete");
            }
            white = pair(path, halves[1][0], halves[1][1]);
        }
        SketchBundle bundle = new SketchBundle(raw, white, directional, skipped, scale(rows, raw.dim(), path), sources);
        if (storedId != null && !storedId.equals(bundle.id())) {
            throw new InvalidInputException("the moment sketch at " + path + " has been altered or damaged: its numbers"
                    + " no longer match the id " + storedId + " recorded when it was made. Recompute it with"
                    + " 'polymoments moments'.");
        }
        return bundle;
    }

    /** The file Spark names in a failure to read it (its FAILED_READ_FILE errors carry the path), or null. */
    private static String damagedFile(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SparkThrowable st && st.getMessageParameters() != null
                    && st.getMessageParameters().get("path") != null) {
                return st.getMessageParameters().get("path");
            }
        }
        return null;
    }

    /** A sketch whose Parquet files Spark cannot read: Spark's own message ends in "awaitResult: ", so name the file. */
    private static InvalidInputException damaged(String path, Exception e) {
        String file = damagedFile(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new InvalidInputException("the moment sketch at " + path + " is truncated or not a sketch: "
                + (file == null ? "Spark cannot read it" : "its file " + new org.apache.hadoop.fs.Path(file).getName()
                + " is not readable Parquet") + " (" + Throwables.firstLine(root) + "). Recompute it with"
                + " 'polymoments moments' (or 'merge-moments' for a merged sketch).", e);
    }

    /** The stored units, or null (no scale column, or nulls: the data's own units). */
    private static ColumnScale scale(List<Row> rows, int dim, String path) {
        for (Row r : rows) {
            double[] f = r.schema().getFieldIndex(SCALE).isDefined() ? doubles(r, SCALE) : null;
            if (f != null) {
                try {
                    if (f.length != dim) {
                        throw new IllegalArgumentException(f.length + " scale factors for " + dim + " columns");
                    }
                    return ColumnScale.ofFactors(f);
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("the moment sketch at " + path + " has corrupt units: "
                            + e.getMessage() + ". Recompute it with 'polymoments moments'.", e);
                }
            }
        }
        return null;
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long v : a) {
            s += v;
        }
        return s;
    }

    private static DirectionalSums toDirectional(Row r, String path) {
        try {
            List<Long> c = r.getList(r.fieldIndex("batchCounts"));
            long[] counts = new long[c.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = c.get(i);
            }
            return new DirectionalSums(r.getInt(r.fieldIndex("dim")), doubles(r, "directions"), counts,
                    doubles(r, "batchSums"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException("the moment sketch at " + path + " has corrupt directional statistics: "
                    + e.getMessage() + ". Recompute it with 'polymoments moments'.", e);
        }
    }

    private static MomentSketch toSketch(Row r, String path) {
        try {
            int order = r.getInt(r.fieldIndex("order"));
            int dim = r.getInt(r.fieldIndex("dim"));
            // sizes are checked against the stored arrays before anything of their size is allocated
            String row = "its " + r.getString(r.fieldIndex("role")) + " row of half " + r.getInt(r.fieldIndex("half"));
            double[] mean = doubles(r, "mean");
            if (order < 2 || order > 4 || (mean != null && doubles(r, "m" + order) == null)) {
                throw corrupt(path, row + " has 'order' " + order + " but " + (order < 2 || order > 4
                        ? "a sketch holds orders 2 to 4" : "no order-" + order + " sums"));
            }
            if (mean != null && mean.length != dim) {
                throw corrupt(path, row + " has 'dim' " + dim + " but a mean of " + mean.length + " values");
            }
            Basis basis = null;
            if (!r.isNullAt(r.fieldIndex("basisMatrix"))) {
                basis = new Basis(r.getInt(r.fieldIndex("basisInputDim")), dim, doubles(r, "basisShift"),
                        doubles(r, "basisMatrix"));
            }
            return MomentSketch.of(order, dim, basis, r.getLong(r.fieldIndex("count")), mean,
                    doubles(r, "m2"), doubles(r, "m3"), doubles(r, "m4"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException("the moment sketch at " + path + " is corrupt: " + e.getMessage()
                    + ". Recompute it with 'polymoments moments'.", e);
        }
    }

    private static SplitHalfSketch pair(String path, MomentSketch even, MomentSketch odd) {
        try {
            return new SplitHalfSketch(even, odd);
        } catch (IllegalArgumentException e) { // an empty half stores no arrays to check its sizes against
            throw corrupt(path, "its halves disagree in 'order', 'dim' or basis (" + e.getMessage() + ")");
        }
    }

    private static InvalidInputException corrupt(String path, String what) {
        return new InvalidInputException("the moment sketch at " + path + " is corrupt: " + what
                + ". Recompute it with 'polymoments moments'.");
    }

    private static double[] doubles(Row r, String field) {
        int i = r.fieldIndex(field);
        if (r.isNullAt(i)) {
            return null;
        }
        List<Double> list = r.getList(i);
        double[] out = new double[list.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = list.get(k);
        }
        return out;
    }

    /** Columns a version-1 sketch lacks (the scale is null for every sketch in the data's own units). */
    private static final java.util.Set<String> ADDED_IN_VERSION_2 = java.util.Set.of("sketchId", "sources", SCALE);

    private static void checkSchema(Dataset<Row> df, String path) {
        for (StructField want : SCHEMA.fields()) {
            boolean found = false;
            for (StructField have : df.schema().fields()) {
                if (have.name().equals(want.name())) {
                    if (!have.dataType().sameType(want.dataType())) {
                        throw new InvalidInputException("the moment sketch at " + path + " has column " + want.name()
                                + " of type " + have.dataType().simpleString() + ", expected "
                                + want.dataType().simpleString() + "; it was not written by this tool");
                    }
                    found = true;
                }
            }
            if (!found && !ADDED_IN_VERSION_2.contains(want.name())) {
                throw new InvalidInputException("the moment sketch at " + path + " has no column " + want.name()
                        + "; it is not a sketch written by this tool (or by an incompatible version)");
            }
        }
    }
}
