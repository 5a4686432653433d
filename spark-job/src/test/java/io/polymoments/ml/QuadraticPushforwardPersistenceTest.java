package io.polymoments.ml;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.spark.SharedSpark;
import io.polymoments.store.QuadraticModelStore;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model directories ({@link QuadraticModelStore}): exact round trip, atomic writes, clear errors on bad ones. */
class QuadraticPushforwardPersistenceTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SharedSpark.session();
    }

    private static QuadraticPushforwardModel affineModel() {
        return QuadraticPushforwardModel.of(
                QuadraticTransform.random(3, 9, QuadraticTransform.Structure.LOWRANK, 1.0, true, 5), ModelClass.AFFINE);
    }

    @Test
    void roundTripIsExactAndKeepsParamsAndLayout(@TempDir Path dir) throws Exception {
        QuadraticPushforwardModel fitted = affineModel();
        double[] psi = new double[9];
        for (int i = 0; i < 9; i++) {
            psi[i] = 0.1 * (i + 1) / 3.0;   // not exactly representable in decimal: the round trip must still be exact
        }
        QuadraticPushforwardModel model = QuadraticPushforwardModel.of(fitted.transformation(), ModelClass.AFFINE,
                new AdditiveNoise(AdditiveNoise.Kind.DIAGONAL, psi)).setInputCol("samples");
        String path = dir.resolve("model").toString();
        model.save(path);
        QuadraticPushforwardModel back = QuadraticPushforwardModel.load(path);
        QuadraticTransform a = model.transformation();
        QuadraticTransform b = back.transformation();
        assertEquals(a.d(), b.d());
        assertEquals(a.r(), b.r());
        assertArrayEquals(a.q(), b.q(), 0.0);
        assertArrayEquals(a.b(), b.b(), 0.0);
        assertArrayEquals(a.c(), b.c(), 0.0);
        assertEquals(ModelClass.AFFINE, back.modelClass());
        assertEquals(AdditiveNoise.Kind.DIAGONAL, back.noise().kind());
        assertArrayEquals(psi, back.noise().variances(), 0.0);
        assertEquals("samples", back.getInputCol());
        assertEquals(model.uid(), back.uid());
        // layout: one JSON line in metadata/part-00000 and the documented Parquet schema
        List<String> lines = Files.readAllLines(dir.resolve("model/metadata/part-00000"), StandardCharsets.UTF_8);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("\"formatVersion\":4"), lines.get(0));
        assertTrue(lines.get(0).contains("\"modelKind\":\"affine\",\"noise\":\"diagonal\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"class\":\"io.polymoments.ml.QuadraticPushforwardModel\""), lines.get(0));
        Dataset<Row> data = spark.read().parquet(dir.resolve("model/data").toString());
        assertEquals("struct<output:int,constant:double,linear:array<double>,quadratic:array<double>,"
                + "noiseVariance:double>",
                data.schema().simpleString());
        Row row = data.where("output = 4").first();
        assertEquals(a.c()[4], row.getDouble(1), 0.0);
        assertEquals(psi[4], row.getDouble(4), 0.0);
        List<Double> quad = row.getList(3);
        double[] q4 = a.q(4);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(q4[i + 3 * j], quad.get(i * 3 + j), 0.0);   // (i, j) at i·r + j
            }
        }
        // no temporary directories left behind
        try (var s = Files.list(dir)) {
            assertEquals(List.of("model"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void savingOverAnExistingModelNeedsOverwrite(@TempDir Path dir) {
        String path = dir.resolve("m").toString();
        affineModel().save(path);
        assertThrows(InvalidInputException.class, () -> affineModel().save(path));
        QuadraticPushforwardModel other = QuadraticPushforwardModel.of(
                QuadraticTransform.random(2, 3, QuadraticTransform.Structure.RANDOM, 1.0, false, 9),
                ModelClass.HOMOGENEOUS);
        other.save(path, true);
        assertEquals(2, QuadraticPushforwardModel.load(path).r());
    }

    @Test
    void wrongFormatVersionFailsWithAClearMessage(@TempDir Path dir) throws Exception {
        String path = dir.resolve("m").toString();
        affineModel().save(path);
        Path meta = dir.resolve("m/metadata/part-00000");
        String line = Files.readString(meta).replace("\"formatVersion\":4", "\"formatVersion\":7");
        Files.writeString(meta, line);
        deleteCrc(dir.resolve("m/metadata"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> QuadraticPushforwardModel.load(path));
        assertTrue(e.getMessage().contains("format version 7") && e.getMessage().contains("reads format versions 1 to 4"),
                e.getMessage());
    }

    @Test
    void wrongDataSchemaFailsWithAClearMessage(@TempDir Path dir) throws Exception {
        String path = dir.resolve("m").toString();
        affineModel().save(path);
        // replace data/ by a table whose quadratic column is a string
        StructType bad = new StructType().add("output", DataTypes.IntegerType).add("constant", DataTypes.DoubleType)
                .add("linear", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("quadratic", DataTypes.StringType);
        Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create(0, 1.0, new double[]{1, 2, 3}, "x")), bad);
        rows.write().mode("overwrite").parquet(dir.resolve("m/data").toString());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> QuadraticPushforwardModel.load(path));
        assertTrue(e.getMessage().contains("'quadratic' has type string"), e.getMessage());
    }

    @Test
    void missingDirectoryAndNonModelDirectoryFailClearly(@TempDir Path dir) throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> QuadraticPushforwardModel.load(dir.resolve("nope").toString()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(InvalidInputException.class,
                () -> QuadraticPushforwardModel.load(dir.resolve("empty").toString()));
        assertTrue(e.getMessage().contains("not a model directory"), e.getMessage());
    }

    @Test
    void samplesAreReproducibleAndFollowTheModelMean() {
        QuadraticPushforwardModel model = affineModel();
        Dataset<Row> a = model.sample(spark, 20_000, 3);
        Dataset<Row> b = model.sample(spark, 20_000, 3);
        assertEquals(20_000, a.count());
        List<Row> ra = a.limit(5).collectAsList();
        List<Row> rb = b.limit(5).collectAsList();
        for (int i = 0; i < 5; i++) {
            assertEquals(ra.get(i).getList(0), rb.get(i).getList(0));
        }
        // the sample mean of output 0 is within 5 standard errors of E y_0 = tr Q_0 + c_0
        QuadraticTransform p = model.transformation();
        double mean0 = p.mean()[0];
        double sd0 = Math.sqrt(p.covariance()[0]);
        double avg = a.selectExpr("avg(y[0])").first().getDouble(0);
        assertEquals(mean0, avg, 5 * sd0 / Math.sqrt(20_000));
    }

    @Test
    void transformAppendsTheWhitenedNormAndAZeroOffSupportDistanceForModelSamples() {
        QuadraticPushforwardModel model = affineModel();   // d = 9 = tri(3) + 3: covariance of full rank 9
        QuadraticTransform p = QuadraticTransform.random(2, 6, QuadraticTransform.Structure.RANDOM, 1.0, false, 2);
        QuadraticPushforwardModel low = QuadraticPushforwardModel.of(p, ModelClass.HOMOGENEOUS); // rank 3 in d = 6
        Dataset<Row> ys = SampleSetGenerator.generate(spark, QuadraticSampler.of(p), new SampleStream(4, 20_000), 2);
        Row stats = low.transform(ys).selectExpr("avg(whitenedNorm2)", "max(offSupportNorm2)").first();
        assertEquals(3.0, stats.getDouble(0), 0.15);      // E‖z‖² = m = tri(2) = 3
        assertTrue(stats.getDouble(1) < 1e-18 * 1e6, "off-support " + stats.getDouble(1));
        assertFalse(model.transformSchema(ys.schema()).getFieldIndex("whitenedNorm2").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> low.transform(ys.withColumnRenamed("y", "z")));
    }

    private static void deleteCrc(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().endsWith(".crc")) {
                    Files.delete(p);
                }
            }
        }
    }
}
