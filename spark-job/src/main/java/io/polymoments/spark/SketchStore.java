package io.polymoments.spark;

import io.polymoments.InvalidInputException;
import io.polymoments.Throwables;
import io.polymoments.moments.Basis;
import io.polymoments.moments.ColumnScale;
import io.polymoments.moments.DirectionalSums;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.SplitHalfSketch;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A {@link SketchBundle} as Parquet: one row per (role, half), with the packed co-moment sums, the basis of whitened
 * sketches, and a format version checked on load. Written atomically (temporary directory, then rename).
 */
public final class SketchStore {
    public static final int FORMAT_VERSION = 1;
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
            .add("batchSums", DOUBLES, true);
    /**
     * The units of every row (factors s_j: the rows were sketched as y_j / s_j), null in the data's own units. An
     * optional column: sketches written without it are in the data's own units.
     */
    static final String SCALE = "scale";

    private final SparkSession spark;

    public SketchStore(SparkSession spark) {
        this.spark = spark;
    }

    public void save(SketchBundle bundle, String path, boolean overwrite) {
        List<Row> rows = new ArrayList<>();
        addRows(rows, RAW, bundle.raw(), bundle.skippedRows());
        if (bundle.isWhitened()) {
            addRows(rows, WHITENED, bundle.whitened(), bundle.skippedRows());
        }
        if (bundle.directional() != null) {
            DirectionalSums ds = bundle.directional();
            rows.add(RowFactory.create(FORMAT_VERSION, DIRECTIONAL, 0, 4, ds.dim(), sum(ds.counts()),
                    bundle.skippedRows(), null, null, null, null, null, null, null, ds.directions(), ds.counts(),
                    ds.sums()));
        }
        Column scale = bundle.scale() == null ? functions.lit(null).cast(DOUBLES)
                : functions.lit(bundle.scale().factors());
        Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).withColumn(SCALE, scale).coalesce(1);
        AtomicOutput.write(spark, path, overwrite, tmp -> df.write().mode(SaveMode.ErrorIfExists).parquet(tmp));
    }

    private static void addRows(List<Row> rows, String role, SplitHalfSketch s, long skipped) {
        for (int h = 0; h < 2; h++) {
            MomentSketch m = s.half(h);
            Basis b = m.basis();
            boolean empty = m.isEmpty();
            rows.add(RowFactory.create(FORMAT_VERSION, role, h, m.order(), m.dim(), m.count(), skipped,
                    empty ? null : m.mean(), empty ? null : m.packedSum(2),
                    empty || m.order() < 3 ? null : m.packedSum(3), empty || m.order() < 4 ? null : m.packedSum(4),
                    b == null ? null : b.inputDim(), b == null ? null : b.shift(), b == null ? null : b.matrix(),
                    null, null, null));
        }
    }

    public SketchBundle load(String path) {
        Dataset<Row> df;
        try {
            df = spark.read().parquet(path);
        } catch (Exception e) { // Spark throws checked SparkExceptions through Scala
            throw new InvalidInputException("cannot read a moment sketch at " + path + ": " + Throwables.firstLine(e)
                    + ". Pass a directory written by 'polymoments moments' or 'merge-moments'.", e);
        }
        checkSchema(df, path);
        List<Row> rows;
        try {
            rows = df.collectAsList();
        } catch (Exception e) {
            throw new InvalidInputException("the moment sketch at " + path + " is unreadable (" + Throwables.firstLine(e)
                    + "); it may be truncated. Recompute it with 'polymoments moments'.", e);
        }
        SplitHalfSketch raw = null;
        SplitHalfSketch white = null;
        long skipped = 0;
        MomentSketch[][] halves = new MomentSketch[2][2];
        DirectionalSums directional = null;
        for (Row r : rows) {
            int version = r.getInt(r.fieldIndex("formatVersion"));
            if (version != FORMAT_VERSION) {
                throw new InvalidInputException("the moment sketch at " + path + " has format version " + version
                        + "; this build reads version " + FORMAT_VERSION + ". Recompute it with this version's 'moments'.");
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
        raw = new SplitHalfSketch(halves[0][0], halves[0][1]);
        if (halves[1][0] != null || halves[1][1] != null) {
            if (halves[1][0] == null || halves[1][1] == null) {
                throw new InvalidInputException("the moment sketch at " + path + " has only one whitened half; it is incomplete");
            }
            white = new SplitHalfSketch(halves[1][0], halves[1][1]);
        }
        return new SketchBundle(raw, white, directional, skipped, scale(rows, raw.dim(), path));
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
            Basis basis = null;
            if (!r.isNullAt(r.fieldIndex("basisMatrix"))) {
                basis = new Basis(r.getInt(r.fieldIndex("basisInputDim")), dim, doubles(r, "basisShift"),
                        doubles(r, "basisMatrix"));
            }
            return MomentSketch.of(order, dim, basis, r.getLong(r.fieldIndex("count")), doubles(r, "mean"),
                    doubles(r, "m2"), doubles(r, "m3"), doubles(r, "m4"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException("the moment sketch at " + path + " is corrupt: " + e.getMessage()
                    + ". Recompute it with 'polymoments moments'.", e);
        }
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

    private static void checkSchema(Dataset<Row> df, String path) {
        if (df.schema().getFieldIndex(SCALE).isDefined()
                && !df.schema().apply(SCALE).dataType().sameType(DOUBLES)) {
            throw new InvalidInputException("the moment sketch at " + path + " has column " + SCALE + " of type "
                    + df.schema().apply(SCALE).dataType().simpleString() + ", expected array<double>; it was not"
                    + " written by this tool");
        }
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
            if (!found) {
                throw new InvalidInputException("the moment sketch at " + path + " has no column " + want.name()
                        + "; it is not a sketch written by this tool (or by an incompatible version)");
            }
        }
    }
}
