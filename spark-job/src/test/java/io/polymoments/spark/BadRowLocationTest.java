package io.polymoments.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad row stops the pass with a message naming its file and its row in that file, however Spark split the files
 * (large files in several splits, small files packed into one, Parquet, ORC and CSV, behind a row filter); the skip
 * path's first reason and rows that come from no file are numbered truthfully too.
 */
class BadRowLocationTest {
    private final SparkSession spark = SharedSpark.session();
    private static final StructType ARRAY = new StructType()
            .add("y", DataTypes.createArrayType(DataTypes.DoubleType, true), true);
    @TempDir
    Path dir;

    private static List<Row> rows(int n) {
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(Arrays.asList((double) i, Math.sin(i), Math.cos(i * 0.7))));
        }
        return rows;
    }

    @Test
    void theFirstSkippedRowIsNamedByItsFileAndRow() throws Exception {
        List<Row> rows = rows(20_000);
        rows.set(5_000, RowFactory.create(Arrays.asList(1.0, Double.NaN, 2.0)));
        rows.set(15_000, RowFactory.create((Object) null));
        Path p = dir.resolve("large");
        spark.createDataFrame(rows, ARRAY).coalesce(1).write().option("parquet.block.size", "65536").parquet(p.toString());
        String file;
        try (var files = Files.list(p)) {
            file = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".parquet")).findFirst().orElseThrow();
        }
        String key = "spark.sql.files.maxPartitionBytes";
        scala.Option<String> before = spark.conf().getOption(key);
        spark.conf().set(key, "65536");
        try {
            SampleSet s = new SampleReader(spark).read(p.toString(), null, "y", List.of());
            assertTrue(s.frame().rdd().getNumPartitions() > 3, "the file is read in splits");
            MomentPasses.PassResult r = new MomentPasses(spark).sketch(s, 2, null, InvalidRowPolicy.SKIP, "t");
            assertEquals(2, r.skippedRows());
            assertEquals(19_998, r.sketch().count());
            // whichever split Spark reports first, the row and its reason belong together
            String reason = r.firstSkipReason();
            boolean nan = reason.startsWith("row 5,001 of file ") && reason.endsWith(" (counting from 1): value 1"
                    + " (counting from 0) is NaN");
            boolean nul = reason.startsWith("row 15,001 of file ") && reason.endsWith(" (counting from 1): the row is"
                    + " null");
            assertTrue((nan || nul) && reason.contains(p.toString() + "/" + file), reason);
        } finally {
            if (before.isDefined()) {
                spark.conf().set(key, before.get());
            } else {
                spark.conf().unset(key);
            }
        }
    }

    @Test
    void rowsThatComeFromNoFileAreNumberedInTheirSparkPartition() {
        List<Row> rows = rows(50);
        rows.set(30, RowFactory.create(Arrays.asList(1.0, 2.0, Double.POSITIVE_INFINITY)));
        SampleSet s = new SampleSet(spark.createDataFrame(rows, ARRAY).coalesce(1), 3, false, "a DataFrame");
        String m = assertThrows(InvalidInputException.class,
                () -> new MomentPasses(spark).sketch(s, 2, null, InvalidRowPolicy.FAIL, "t")).getMessage();
        assertTrue(m.contains("row 31 of Spark partition 0 (counting from 1"), m);
        assertTrue(m.contains("not read from files"), m);
        assertTrue(m.contains("value 2 (counting from 0) is Infinity"), m);
        assertFalse(m.contains("of file"), m);
    }

    /** Rows first.. of d = 3; the row at 0-based {@code bad} is NaN, null or ragged as {@code kind} says. */
    private static List<Row> rows(int first, int n, int bad, String kind) {
        List<Row> rows = new ArrayList<>(n);
        for (int i = first; i < first + n; i++) {
            rows.add(RowFactory.create(Arrays.asList((double) i, Math.sin(i), Math.cos(i * 0.7))));
        }
        if (bad >= 0) {
            rows.set(bad, switch (kind) {
                case "nan" -> RowFactory.create(Arrays.asList(1.0, Double.NaN, 2.0));
                case "null" -> RowFactory.create((Object) null);
                case "ragged" -> RowFactory.create(Arrays.asList(1.0, 2.0));
                default -> throw new IllegalArgumentException(kind);
            });
        }
        return rows;
    }

    private static String reasonOf(String kind) {
        return switch (kind) {
            case "nan" -> "value 1 (counting from 0) is NaN";
            case "null" -> "the row is null";
            default -> "it has 2 values where the first row had 3";
        };
    }

    /** The data files (not Spark's _SUCCESS or checksums) of a directory, in name order. */
    private static List<String> dataFiles(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith("_") && !n.startsWith("."))
                    .sorted().toList();
        }
    }

    /** Runs {@code body} with one Spark SQL setting changed, then restores it. */
    private <T> T withConf(String key, String value, java.util.function.Supplier<T> body) {
        scala.Option<String> before = spark.conf().getOption(key);
        spark.conf().set(key, value);
        try {
            return body.get();
        } finally {
            if (before.isDefined()) {
                spark.conf().set(key, before.get());
            } else {
                spark.conf().unset(key);
            }
        }
    }

    /** Spark reads files in splits of at most 64 KiB. */
    private <T> T inSmallSplits(java.util.function.Supplier<T> body) {
        return withConf("spark.sql.files.maxPartitionBytes", "65536", body);
    }

    /** Spark packs all small files into one split, largest first: the smallest file's rows come last. */
    private <T> T inOneSplit(java.util.function.Supplier<T> body) {
        return withConf("spark.sql.files.minPartitionNum", "1", body);
    }

    /**
     * The message of the refusal to sketch the samples at {@code path} (as 'moments' reads them: format from the file
     * names unless given, columns, filter).
     */
    private String refusal(Path path, String format, List<String> columns, String where) {
        return assertThrows(InvalidInputException.class, () -> {
            SampleSet s = new SampleReader(spark).read(path.toString(),
                    format == null ? null : io.polymoments.datasets.SampleFormat.parse(format), "y", columns, where);
            new SketchJob(spark).run(s, 2, false, "auto", InvalidRowPolicy.FAIL);
        }).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
        }
    }

    @Test
    void aBadRowInALargeParquetFileReadInSplitsIsNamedByItsRowInTheFile() throws Exception {
        for (String kind : new String[] {"nan", "null", "ragged"}) {
            Path p = dir.resolve("large-" + kind);
            spark.createDataFrame(rows(0, 20_000, 15_000, kind), ARRAY).coalesce(1).write()
                    .option("parquet.block.size", "65536").parquet(p.toString());
            String file = dataFiles(p).get(0);
            String m = inSmallSplits(() -> {
                assertTrue(spark.read().parquet(p.toString()).rdd().getNumPartitions() > 3, "the file is read in splits");
                return refusal(p, null, List.of(), null);
            });
            assertMentions(m, "row 15,001 of file", file, "(counting from 1)", reasonOf(kind), "--on-invalid skip");
            assertFalse(m.contains("partition"), m);
        }
    }

    @Test
    void aBadRowInADirectoryOfParquetFilesIsNamedByItsFileAndRow() throws Exception {
        Path p = dir.resolve("many");
        List<String> names = new ArrayList<>();
        for (int f = 0; f < 4; f++) { // file 2, the smallest, is read last: its row 4,001 is row 19,001 of the split
            spark.createDataFrame(rows(5_000 * f, f == 2 ? 4_500 : 5_000, f == 2 ? 4_000 : -1, "nan"), ARRAY)
                    .coalesce(1).write().mode("append").parquet(p.toString());
            List<String> now = new ArrayList<>(dataFiles(p));
            now.removeAll(names);
            names.add(now.get(0));
        }
        String m = inOneSplit(() -> {
            assertEquals(1, spark.read().parquet(p.toString()).rdd().getNumPartitions(), "small files share a split");
            return refusal(p, null, List.of(), null);
        });
        assertMentions(m, "row 4,001 of file", names.get(2), "(counting from 1)", reasonOf("nan"));
    }

    @Test
    void aBadRowInAnOrcDirectoryIsNamedByItsFileAndRow() throws Exception {
        Path p = dir.resolve("orc");
        List<String> names = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            spark.createDataFrame(rows(3_000 * f, f == 1 ? 2_500 : 3_000, f == 1 ? 2_000 : -1, "ragged"), ARRAY)
                    .coalesce(1).write().mode("append").orc(p.toString());
            List<String> now = new ArrayList<>(dataFiles(p));
            now.removeAll(names);
            names.add(now.get(0));
        }
        String m = inOneSplit(() -> {
            assertEquals(1, spark.read().orc(p.toString()).rdd().getNumPartitions(), "small files share a split");
            return refusal(p, "orc", List.of(), null);
        });
        assertMentions(m, "row 2,001 of file", names.get(1), "(counting from 1)", reasonOf("ragged"));
    }

    private static String csv(int first, int n, int badDataRow) {
        StringBuilder sb = new StringBuilder("a,b,c\n");
        for (int i = first; i < first + n; i++) {
            sb.append(i).append(',').append(i - first == badDataRow ? "x" : Double.toString(Math.sin(i))).append(',')
                    .append(Math.cos(0.7 * i)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void aBadCsvValueIsNamedByItsFileAndDataRowAcrossFilesAndSplits() throws Exception {
        Path many = Files.createDirectories(dir.resolve("csvs"));
        Files.writeString(many.resolve("a.csv"), csv(0, 5_000, -1));
        Files.writeString(many.resolve("b.csv"), csv(5_000, 5_000, -1));
        Files.writeString(many.resolve("c.csv"), csv(10_000, 4_000, 3_210)); // the smallest: read last
        List<String> abc = List.of("a", "b", "c");
        String m = inOneSplit(() -> {
            assertEquals(1, spark.read().option("header", "true").csv(many.toString()).rdd().getNumPartitions());
            return refusal(many, null, abc, null);
        });
        assertMentions(m, "data row 3,211 of file", "c.csv", "(counting from 1", "column 'b'", "not a number");
        // with a row filter, only the rows it keeps can be counted: a % 2 = 0 keeps 10000, 10002, ..., 13208 of c.csv
        // before its bad row 13210
        m = inOneSplit(() -> refusal(many, null, abc, "a % 2 = 0"));
        assertMentions(m, "row 1,606 of the rows of file", "c.csv", "that --where keeps", "column 'b'");
        // one large file read in several splits: the rows of the earlier splits are counted too
        Path large = Files.createDirectories(dir.resolve("csv-large"));
        Files.writeString(large.resolve("large.csv"), csv(0, 20_000, 15_000));
        m = inSmallSplits(() -> {
            assertTrue(spark.read().option("header", "true").csv(large.toString()).rdd().getNumPartitions() > 3);
            return refusal(large, null, abc, null);
        });
        assertMentions(m, "data row 15,001 of file", "large.csv", "column 'b'");
    }
}
