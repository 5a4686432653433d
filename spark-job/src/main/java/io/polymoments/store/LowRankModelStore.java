package io.polymoments.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.InvalidInputException;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The low-rank model on disk, format version 1, in the layout of {@link QuadraticModelStore} (docs/formats.md §4):
 * <ul>
 *   <li>{@code MODEL/metadata/part-00000}: one JSON line, keys in this order — class, timestamp, sparkVersion, uid,
 *       formatVersion, paramMap, modelKind "lowrank", activationMode, d, m, r, degree, nUsed, diagnostics;</li>
 *   <li>{@code MODEL/data/}: Parquet, one row per output i: {@code output int, constant double} (c_i),
 *       {@code weights array<double>} (row i of W, length m);</li>
 *   <li>{@code MODEL/units/}: Parquet, one row per hidden unit l: {@code unit int, direction array<double>}
 *       (u_l, length r, unit norm), {@code norm double} (α_l, a_l = α_l u_l), {@code activation array<double>}
 *       (Hermite coefficients c_l0..c_lω of σ_l applied to ⟨a_l, x⟩).</li>
 * </ul>
 * Loading checks the format version, the class, both schemas and every row.
 */
public final class LowRankModelStore {
    public static final int FORMAT_VERSION = 2;
    public static final StructType DATA_SCHEMA = new StructType()
            .add("output", DataTypes.IntegerType, false)
            .add("constant", DataTypes.DoubleType, false)
            .add("weights", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    public static final StructType UNITS_SCHEMA = new StructType()
            .add("unit", DataTypes.IntegerType, false)
            .add("direction", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("norm", DataTypes.DoubleType, false)
            .add("activation", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

    private LowRankModelStore() {}

    public record Stored(JsonNode metadata, LowRankTransform transform) {}

    /** Writes metadata, data and units under {@code dir}, which must not exist yet (the caller makes it atomic). */
    public static void write(SparkSession spark, String dir, Map<String, Object> metadata, LowRankTransform t) {
        String json;
        try {
            json = QuadraticModelStore.MAPPER.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the model metadata", e);
        }
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(json), 1)
                .saveAsTextFile(new Path(dir, "metadata").toString());
        int d = t.outputDim();
        int m = t.hidden();
        int r = t.latentDim();
        double[] w = t.outputWeights();
        double[] c = t.offset();
        List<Row> rows = new ArrayList<>(d);
        for (int i = 0; i < d; i++) {
            double[] wi = new double[m];
            for (int l = 0; l < m; l++) {
                wi[l] = w[i + d * l];
            }
            rows.add(RowFactory.create(i, c[i], wi));
        }
        spark.createDataFrame(rows, DATA_SCHEMA).coalesce(1).write().parquet(new Path(dir, "data").toString());
        double[] a = t.hiddenWeights();
        double[] alpha = t.norms();
        List<Row> units = new ArrayList<>(m);
        for (int l = 0; l < m; l++) {
            double[] u = new double[r];
            for (int k = 0; k < r; k++) {
                u[k] = a[l + m * k] / alpha[l];
            }
            units.add(RowFactory.create(l, u, alpha[l], t.activation(l)));
        }
        spark.createDataFrame(units, UNITS_SCHEMA).coalesce(1).write().parquet(new Path(dir, "units").toString());
    }

    public static Stored read(SparkSession spark, String dir, String expectedClass) {
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                throw new InvalidInputException("model " + dir + " does not exist; write one with 'fit --model lowrank"
                        + " --out MODEL'");
            }
            for (String part : new String[] {"metadata", "data", "units"}) {
                if (!fs.exists(new Path(root, part))) {
                    throw new InvalidInputException("model " + dir + " is not a low-rank model directory: it has no "
                            + part + "/ (it needs metadata/, data/ and units/, written by 'fit --model lowrank')");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + dir, e);
        }
        JsonNode meta = ModelMetadata.read(spark, dir, expectedClass, FORMAT_VERSION);
        int d = positive(meta, "d", dir);
        int m = positive(meta, "m", dir);
        int r = positive(meta, "r", dir);
        ActivationMode mode;
        try {
            mode = ActivationMode.valueOf(meta.path("activationMode").asText("").toUpperCase(Locale.ROOT)
                    .replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("model " + dir + ": metadata field 'activationMode' must be known,"
                    + " known-unknown-norms or free; got '" + meta.path("activationMode").asText("") + "'", e);
        }
        List<Row> data = table(spark, new Path(root, "data"), DATA_SCHEMA, dir);
        List<Row> units = table(spark, new Path(root, "units"), UNITS_SCHEMA, dir);
        // the metadata's sizes are checked against the stored rows before anything of their size is allocated
        if (data.size() != d || units.size() != m) {
            throw new InvalidInputException("model " + dir + ": metadata fields 'd' and 'm' are " + d + " and " + m
                    + " but data/ has " + data.size() + " rows (one per output) and units/ " + units.size() + " (one per"
                    + " unit); the directory is damaged. Refit the model.");
        }
        for (Row row : units) {
            int length = row.getList(1).size();
            if (length != r) {
                throw new InvalidInputException("model " + dir + ": metadata field 'r' is " + r + " but unit "
                        + row.getInt(0) + " stores a direction of length " + length + "; the directory is damaged."
                        + " Refit the model.");
            }
        }
        double[] w = new double[d * m];
        double[] c = new double[d];
        boolean[] seen = new boolean[d];
        for (Row row : data) {
            int i = index(row, d, seen, "output", dir);
            c[i] = row.getDouble(1);
            List<Double> wi = row.getList(2);
            if (wi.size() != m) {
                throw new InvalidInputException("model " + dir + ": output " + i + " has " + wi.size()
                        + " weights; expected m = " + m);
            }
            for (int l = 0; l < m; l++) {
                w[i + d * l] = wi.get(l);
            }
        }
        double[] a = new double[m * r];
        double[][] act = new double[m][];
        boolean[] seenUnit = new boolean[m];
        for (Row row : units) {
            int l = index(row, m, seenUnit, "unit", dir);
            List<Double> u = row.getList(1);
            double alpha = row.getDouble(2);
            List<Double> coef = row.getList(3);
            if (coef.size() < 2) {
                throw new InvalidInputException("model " + dir + ": unit " + l + " has " + coef.size()
                        + " activation coefficients (expected >= 2)");
            }
            for (int k = 0; k < r; k++) {
                a[l + m * k] = alpha * u.get(k);
            }
            act[l] = new double[coef.size()];
            for (int j = 0; j < act[l].length; j++) {
                act[l][j] = coef.get(j);
            }
        }
        try {
            return new Stored(meta, LowRankTransform.of(mode, w, a, c, act, d, m, r));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("model " + dir + ": invalid parameters: " + e.getMessage(), e);
        }
    }

    private static List<Row> table(SparkSession spark, Path path, StructType schema, String dir) {
        Dataset<Row> df;
        try {
            df = spark.read().parquet(path.toString());
        } catch (Exception e) {
            throw new InvalidInputException("model " + dir + ": cannot read " + path.getName() + "/ as Parquet ("
                    + e.getMessage() + ")", e);
        }
        for (StructField want : schema.fields()) {
            StructField have = null;
            for (StructField f : df.schema().fields()) {
                if (f.name().equals(want.name())) {
                    have = f;
                }
            }
            if (have == null || !have.dataType().simpleString().equals(want.dataType().simpleString())) {
                throw new InvalidInputException("model " + dir + ": " + path.getName() + "/ has schema "
                        + df.schema().simpleString() + "; expected " + schema.simpleString());
            }
        }
        String[] cols = schema.fieldNames();
        List<Row> rows = df.select(cols[0], java.util.Arrays.copyOfRange(cols, 1, cols.length)).collectAsList();
        for (Row row : rows) {
            for (int k = 0; k < cols.length; k++) {
                if (row.isNullAt(k)) {
                    throw new InvalidInputException("model " + dir + ": " + path.getName() + "/ has a null " + cols[k]);
                }
            }
        }
        return rows;
    }

    private static int index(Row row, int n, boolean[] seen, String what, String dir) {
        int i = row.getInt(0);
        if (i < 0 || i >= n || seen[i]) {
            throw new InvalidInputException("model " + dir + ": " + what + " index " + i + " is out of range [0, " + n
                    + ") or repeated");
        }
        seen[i] = true;
        return i;
    }

    private static int positive(JsonNode meta, String name, String dir) {
        JsonNode n = meta.get(name);
        if (n == null || !n.canConvertToInt() || n.asInt() < 1) {
            throw new InvalidInputException("model " + dir + ": metadata field '" + name + "' is missing or not a"
                    + " positive integer");
        }
        return n.asInt();
    }
}
