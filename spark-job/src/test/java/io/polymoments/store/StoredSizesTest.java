package io.polymoments.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import io.polymoments.decompose.TensorRing;
import io.polymoments.family.ModelFamily;
import io.polymoments.fit.Fit;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.ml.LowRankPushforwardModel;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.SharedSpark;
import io.polymoments.spark.SketchJob;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored models, rings and sketches whose sizes were edited to absurd values, and a truncated sketch: each is refused
 * as bad input naming the file and the field before anything of that size is allocated.
 */
class StoredSizesTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private static void assertBadInput(Executable read, String... mustContain) {
        String m = assertThrows(InvalidInputException.class, read).getMessage();
        for (String s : mustContain) {
            assertTrue(m.contains(s), "message should mention '" + s + "': " + m);
        }
    }

    /** Reads a model of either family and its parameters, as export does. */
    private void exportModel(Path model) {
        ModelFamily.read(spark, model.toString(), "--model").exportJson();
    }

    /** Reads a ring and its cores, as export does. */
    private void exportRing(Path ring) {
        RingIo.exportJson(new RingIo(spark).readRing(ring.toString()));
    }

    /** Reads a sketch and its moments, as export does. */
    private void exportSketch(Path sketch) {
        SketchExport.json(new SketchStore(spark).load(sketch.toString()));
    }

    /** Replaces {@code from} by {@code to} in a text file Hadoop wrote, and drops its checksum so it still reads. */
    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " has no " + from + ": " + text);
        Files.writeString(file, text.replace(from, to));
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
        return to;
    }

    @Test
    void aQuadraticModelWithAbsurdSizesInItsMetadataIsRefused() throws IOException {
        Path saved = dir.resolve("model");
        QuadraticPushforwardModel.of(QuadraticTransform.random(2, 3, QuadraticTransform.Structure.LOWRANK, 0.5, true, 1),
                ModelClass.AFFINE).write().save(saved.toString());
        exportModel(saved);
        for (String[] edit : new String[][] {{"\"r\":2", "\"r\":12000"}, {"\"r\":2", "\"r\":100000"},
                {"\"d\":3", "\"d\":2000000000"}}) {
            Path m = copy(saved, dir.resolve("model-" + edit[1].replaceAll("\\W", "")));
            edit(m.resolve("metadata").resolve("part-00000"), edit[0], edit[1]);
            String field = edit[1].substring(1, 2);
            assertBadInput(() -> exportModel(m), m.toString(), "metadata", "'" + field + "'",
                    edit[1].replaceAll("\\D", ""));
        }
    }

    @Test
    void aLowRankModelWithAbsurdSizesInItsMetadataIsRefused() throws IOException {
        Path saved = dir.resolve("model");
        LowRankPushforwardModel.of(LowRankTransform.random(ActivationMode.KNOWN, new double[] {0.5, 1}, 2, 3, 4, 1))
                .write().save(saved.toString());
        exportModel(saved);
        for (String[] edit : new String[][] {{"\"r\":2", "\"r\":12000"}, {"\"r\":2", "\"r\":2000000000"},
                {"\"m\":3", "\"m\":2000000000"}}) {
            Path m = copy(saved, dir.resolve("model-" + edit[1].replaceAll("\\W", "")));
            edit(m.resolve("metadata").resolve("part-00000"), edit[0], edit[1]);
            String field = edit[1].substring(1, 2);
            assertBadInput(() -> exportModel(m), m.toString(), "metadata", "'" + field + "'",
                    edit[1].replaceAll("\\D", ""));
        }
    }

    @Test
    void aRingWithAbsurdSizesInItsSummaryIsRefused() throws IOException {
        TensorRing ring = TensorRing.random(new int[] {6, 5, 4}, new int[] {2, 2, 2}, new Random(4));
        Path saved = dir.resolve("ring");
        new RingIo(spark).write(ring, Map.of("dims", ring.dims(), "ranks", ring.ranks()), saved.toString(), false);
        exportRing(saved);
        String summary = Files.readString(saved.resolve("summary.json"));
        String ranks = summary.substring(summary.indexOf("\"ranks\""), summary.indexOf("]", summary.indexOf("\"ranks\"")) + 1);
        String dims = summary.substring(summary.indexOf("\"dims\""), summary.indexOf("]", summary.indexOf("\"dims\"")) + 1);
        for (String[] edit : new String[][] {{ranks, "\"ranks\" : [ 5000, 5000, 5000 ]"},
                {ranks, "\"ranks\" : [ 70000, 2, 70000 ]"}, {dims, "\"dims\" : [ 6, 2000000000, 4 ]"},
                {dims, "\"dims\" : [ 6, -5, 4 ]"}}) {
            Path r = copy(saved, dir.resolve("ring-" + Math.abs(edit[1].hashCode())));
            edit(r.resolve("summary.json"), edit[0], edit[1]);
            assertBadInput(() -> exportRing(r), r.resolve("summary.json").toString(),
                    edit[1].startsWith("\"ranks") ? "ranks" : "dims");
        }
    }

    /** A real sketch of order 3 over d = 3 from 200 rows. */
    private Path sketch() {
        List<Row> rows = new ArrayList<>();
        Random rng = new Random(5);
        for (int i = 0; i < 200; i++) {
            rows.add(RowFactory.create(Arrays.asList(rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian())));
        }
        Path data = dir.resolve("data");
        spark.createDataFrame(rows, new StructType().add("y", DataTypes.createArrayType(DataTypes.DoubleType)))
                .coalesce(1).write().parquet(data.toString());
        Path s = dir.resolve("sketch");
        SampleSet samples = new SampleReader(spark).read(data.toString(), null, SampleSet.COLUMN, List.of(), null);
        new SketchStore(spark).save(new SketchJob(spark).run(samples, 3, false, "auto", InvalidRowPolicy.FAIL)
                .bundle(), s.toString(), false);
        return s;
    }

    @Test
    void aSketchRewrittenWithAbsurdSizesIsRefused() {
        Path s = sketch();
        Dataset<Row> stored = spark.read().parquet(s.toString());
        Object[][] edits = {{"dim", 100_000}, {"dim", 2_000_000_000}, {"order", 4}, {"order", 9}};
        for (Object[] e : edits) {
            String field = (String) e[0];
            Path bad = dir.resolve("sketch-" + field + e[1]);
            // one half keeps its sizes, the other claims others
            stored.withColumn(field, when(col("half").equalTo(1), lit(e[1])).otherwise(col(field)))
                    .coalesce(1).write().parquet(bad.toString());
            assertBadInput(() -> exportSketch(bad), bad.toString(), "'" + field + "'", e[1].toString());
        }
    }

    @Test
    void aTruncatedSketchIsNamedAndRefused() throws IOException {
        Path s = sketch();
        Path part;
        try (var files = Files.list(s)) {
            part = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        Files.deleteIfExists(part.resolveSibling("." + part.getFileName() + ".crc"));
        assertBadInput(() -> exportSketch(s), s.toString(), part.getFileName().toString(),
                "truncated or not a sketch", "polymoments moments");
        assertBadInput(() -> Fit.quadratic().fromSketch(spark, s.toString(), dir.resolve("out").toString()),
                part.getFileName().toString(), "truncated or not a sketch");
    }
}
