package io.polymoments.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.InvalidInputException;
import io.polymoments.Throwables;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.output.OutputKind;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The quadratic model on disk, format version 4, in Spark ML's persistence layout (docs/formats.md §3); versions 1
 * to 3 are read too (2 added the {@code family} key and the settings' paramMap, 3 the {@code modelClass} param in
 * place of the boolean {@code affine}, 4 the additive noise and the {@code noise} param; a model of version 1 to 3 has
 * no noise):
 * <ul>
 *   <li>{@code MODEL/metadata/part-00000}: one JSON line, keys in this order — class, timestamp, sparkVersion, uid,
 *       formatVersion, family, paramMap, defaultParamMap, d, r, modelKind (homogeneous|affine|rotation-invariant),
 *       noise (none|isotropic|diagonal: the kind of the additive noise ε ~ N(0, Ψ)), nUsed, diagnostics (the compact
 *       fit diagnostics); written by the model class, read by {@link ModelMetadata};</li>
 *   <li>{@code MODEL/data/}: Parquet, one row per output coordinate i: {@code output int, constant double,
 *       linear array<double>} (b_i, length r; zeros for a homogeneous model), {@code quadratic array<double>}
 *       (Q_i, r·r row-major, symmetric), {@code noiseVariance double} (Ψ_ii ≥ 0; 0 without noise).</li>
 * </ul>
 * Everything is written into the directory it is given (the caller makes that atomic); loading checks the format
 * version, the class, the schema and every row, and says what is wrong.
 */
public final class QuadraticModelStore {
    public static final int FORMAT_VERSION = 4;
    /** Format version 3's data columns; version 4 adds {@code noiseVariance}. */
    private static final StructType DATA_SCHEMA_V3 = new StructType()
            .add("output", DataTypes.IntegerType, false)
            .add("constant", DataTypes.DoubleType, false)
            .add("linear", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("quadratic", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    public static final StructType DATA_SCHEMA = DATA_SCHEMA_V3.add("noiseVariance", DataTypes.DoubleType, false);
    /** The metadata's JSON mapper, which the model classes also use to read their diagnostics back. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * A model directory of either family (metadata/part-00000 names one of our classes), or a Spark ML pipeline whose
     * every stage is one of ours (Pipelines holding our models are saved by Spark in its layout).
     */
    public static final OutputKind OUTPUT = OutputKind.directory("a model directory written by polymoments",
            QuadraticModelStore::isOurModel);

    private static boolean isOurModel(SparkSession spark, FileSystem fs, Path dir) throws IOException {
        String cls = ModelMetadata.storedClass(fs, dir);
        if (cls == null) {
            return false;
        }
        if (cls.startsWith("io.polymoments.ml.")) {
            return true;
        }
        Path stages = new Path(dir, "stages");
        if (!cls.startsWith("org.apache.spark.ml.Pipeline") || !fs.exists(stages)) {
            return false;
        }
        FileStatus[] all = fs.listStatus(stages);
        for (FileStatus st : all) {
            if (!st.isDirectory() || !isOurModel(spark, fs, st.getPath())) {
                return false;
            }
        }
        return all.length > 0;
    }

    private QuadraticModelStore() {}

    /** Metadata as read back: the JSON object, the map and its noise. */
    public record Stored(JsonNode metadata, QuadraticTransform transform, AdditiveNoise noise) {}

    /** Writes metadata (one JSON line) and data (Parquet) under {@code dir}, which must not exist yet. */
    public static void write(SparkSession spark, String dir, Map<String, Object> metadata, QuadraticTransform p,
                             AdditiveNoise noise) {
        String json;
        try {
            json = MAPPER.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the model metadata", e);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.parallelize(List.of(json), 1).saveAsTextFile(new Path(dir, "metadata").toString());
        int r = p.r();
        int d = p.d();
        double[] b = p.b();
        double[] c = p.c();
        List<Row> rows = new ArrayList<>(d);
        for (int i = 0; i < d; i++) {
            double[] lin = new double[r];
            System.arraycopy(b, i * r, lin, 0, r);
            double[] q = p.q(i);   // column-major = row-major (symmetric); written row-major explicitly
            double[] quad = new double[r * r];
            for (int a = 0; a < r; a++) {
                for (int e = 0; e < r; e++) {
                    quad[a * r + e] = q[a + e * r];
                }
            }
            rows.add(RowFactory.create(i, c[i], lin, quad, noise.variances()[i]));
        }
        spark.createDataFrame(rows, DATA_SCHEMA).coalesce(1).write().parquet(new Path(dir, "data").toString());
    }

    /** Reads and validates a model directory; {@code expectedClass} is the class name the metadata must name. */
    public static Stored read(SparkSession spark, String dir, String expectedClass) {
        Path root = new Path(dir);
        Path metaDir = new Path(root, "metadata");
        Path dataDir = new Path(root, "data");
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                throw new InvalidInputException("model " + dir + " does not exist; write one with 'fit --out MODEL'");
            }
            if (!fs.exists(metaDir) || !fs.exists(dataDir)) {
                throw new InvalidInputException("model " + dir + " is not a model directory: it needs metadata/ and"
                        + " data/ (written by 'fit --out' or QuadraticPushforwardModel.save)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + dir, e);
        }
        JsonNode meta = ModelMetadata.read(spark, dir, expectedClass, FORMAT_VERSION);
        int d = intField(meta, "d", dir);
        int r = intField(meta, "r", dir);
        org.apache.spark.sql.Dataset<Row> data;
        try {
            data = spark.read().parquet(dataDir.toString());
        } catch (Exception e) {
            throw new InvalidInputException("model " + dir + ": cannot read data/ as Parquet (" + Throwables.firstLine(e) + ")", e);
        }
        boolean withNoise = meta.path(FormatVersion.KEY).asInt() >= 4;
        StructType schema = withNoise ? DATA_SCHEMA : DATA_SCHEMA_V3;
        checkSchema(data.schema(), schema, dir);
        List<Row> rows = data.selectExpr(schema.fieldNames()).collectAsList();
        // the metadata's sizes are checked against the stored rows before anything of their size is allocated
        if (rows.size() != d) {
            throw new InvalidInputException("model " + dir + ": metadata field 'd' is " + d + " but data/ has "
                    + rows.size() + " rows (one per output); the model directory is damaged. Refit the model.");
        }
        for (Row row : rows) {
            if (row.anyNull()) {
                throw new InvalidInputException("model " + dir + ": data/ has a row with a null field");
            }
            int lin = row.getList(2).size();
            int quad = row.getList(3).size();
            if (lin != r || quad != (long) r * r) {
                throw new InvalidInputException("model " + dir + ": metadata field 'r' is " + r + " but output "
                        + row.getInt(0) + " stores " + lin + " linear and " + quad + " quadratic coefficients (r and"
                        + " r*r); the model directory is damaged. Refit the model.");
            }
        }
        double[] q = new double[d * r * r];
        double[] b = new double[d * r];
        double[] c = new double[d];
        double[] psi = new double[d];
        boolean[] seen = new boolean[d];
        for (Row row : rows) {
            int i = row.getInt(0);
            if (i < 0 || i >= d || seen[i]) {
                throw new InvalidInputException("model " + dir + ": output index " + i + " is out of range [0, " + d
                        + ") or repeated");
            }
            seen[i] = true;
            c[i] = row.getDouble(1);
            if (withNoise) {
                psi[i] = row.getDouble(4);
                if (!(psi[i] >= 0) || Double.isInfinite(psi[i])) {
                    throw new InvalidInputException("model " + dir + ": output " + i + " has noise variance " + psi[i]
                            + " (a variance is a finite number >= 0); the model directory is damaged. Refit the"
                            + " model.");
                }
            }
            List<Double> lin = row.getList(2);
            List<Double> quad = row.getList(3);
            for (int a = 0; a < r; a++) {
                b[i * r + a] = lin.get(a);
                for (int e = 0; e < r; e++) {
                    q[i * r * r + a + e * r] = quad.get(a * r + e);   // stored row-major
                }
            }
        }
        try {
            return new Stored(meta, QuadraticTransform.of(r, d, q, b, c), noise(meta, psi, dir));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("model " + dir + ": invalid parameters: " + e.getMessage(), e);
        }
    }

    /** The noise of the metadata's kind with the stored variances (none before format 4). */
    private static AdditiveNoise noise(JsonNode meta, double[] psi, String dir) {
        if (!meta.has("noise")) {
            return new AdditiveNoise(AdditiveNoise.Kind.NONE, psi);
        }
        try {
            return new AdditiveNoise(AdditiveNoise.Kind.parse(meta.get("noise").asText()), psi);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("model " + dir + ": metadata field 'noise': " + e.getMessage(), e);
        }
    }

    private static void checkSchema(StructType schema, StructType expected, String dir) {
        for (StructField want : expected.fields()) {
            StructField have = null;
            for (StructField f : schema.fields()) {
                if (f.name().equals(want.name())) {
                    have = f;
                }
            }
            if (have == null || !sameType(have.dataType(), want.dataType())) {
                throw new InvalidInputException("model " + dir + ": data/ has schema " + schema.simpleString()
                        + "; expected " + expected.simpleString() + " (column '" + want.name() + "' "
                        + (have == null ? "is missing" : "has type " + have.dataType().simpleString()) + ")");
            }
        }
    }

    /** Types equal up to nullability (Parquet round trips may relax it). */
    private static boolean sameType(DataType a, DataType b) {
        return a.simpleString().equals(b.simpleString());
    }

    private static int intField(JsonNode meta, String name, String dir) {
        JsonNode n = meta.get(name);
        if (n == null || !n.canConvertToInt() || n.asInt() < 1) {
            throw new InvalidInputException("model " + dir + ": metadata field '" + name + "' is missing or not a"
                    + " positive integer");
        }
        return n.asInt();
    }
}
