package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the command line: a {@code --where} that is not a pure row filter is refused before any Spark job runs; an
 * invalid one shows Spark's reason; a bad row is named by its file and its row in that file.
 */
class RowFilterAndRowErrorsTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private static CliInputErrorsTest.Run run(String... args) {
        return CliInputErrorsTest.run(args);
    }

    private String out() {
        return dir.resolve("out").toString();
    }

    private void assertBadInput(CliInputErrorsTest.Run r, String... mustContain) {
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, r.code(), r.err());
        for (String s : mustContain) {
            assertTrue(r.err().contains(s), "message should mention '" + s + "': " + r.err());
        }
        assertFalse(Files.exists(dir.resolve("out")), "no output may be left behind");
    }

    private String goodParquet(int n) {
        StructType schema = new StructType().add("y", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
                .add("dt", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(Arrays.asList((double) i, Math.sin(i), Math.cos(i * 0.7)), "2026-01-0" + (1 + i % 3)));
        }
        String p = dir.resolve("good").toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(p);
        return p;
    }

    /** Counts the Spark jobs {@code body} starts. */
    private int jobsDuring(Runnable body) throws java.util.concurrent.TimeoutException {
        AtomicInteger jobs = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                jobs.incrementAndGet();
            }
        };
        spark.sparkContext().listenerBus().waitUntilEmpty();
        spark.sparkContext().addSparkListener(listener);
        try {
            body.run();
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        return jobs.get();
    }

    @Test
    void reflectiveCallsInWhereAreRefusedBeforeAnySparkJob() throws Exception {
        String p = goodParquet(6);
        String where = "java_method('java.lang.System','setProperty','x','y') is null"
                + " or reflect('java.lang.Thread','sleep', cast(3000 as bigint)) is null";
        System.clearProperty("x");
        for (String command : new String[] {"moments", "fit", "evaluate"}) {
            CliInputErrorsTest.Run[] r = new CliInputErrorsTest.Run[1];
            List<String> args = new ArrayList<>(List.of(command, "--input", p, "--where", where));
            args.addAll(command.equals("evaluate") ? List.of("--report", dir.resolve("out").toString())
                    : command.equals("fit") ? List.of("--model", "quadratic", "--out", out()) : List.of("--out", out()));
            int jobs = jobsDuring(() -> r[0] = run(args.toArray(String[]::new)));
            assertBadInput(r[0], "'java_method'", "--where", "allowed");
            assertEquals(0, jobs, command + " started a Spark job before refusing the filter");
        }
        assertNull(System.getProperty("x"), "the refused java_method ran");
    }

    @Test
    void anInvalidWhereShowsSparksReason() {
        String p = goodParquet(40);
        assertBadInput(run("moments", "--input", p, "--where", "dt >= ", "--out", out()), "--where 'dt >= '",
                "Syntax error at or near end of input", "pos 6");
        assertBadInput(run("moments", "--input", p, "--where", "nope > 1", "--out", out()), "nope", "dt:string");
    }

    @Test
    void anAllowedWhereFilters() {
        String p = goodParquet(40);
        CliInputErrorsTest.Run r = run("moments", "--input", p, "--where", "dt = '2026-01-02' and not (y[0] between 10 and 20)",
                "--out", out());
        assertEquals(0, r.code(), r.err());
        // ids 1, 4, 7, ... 37 are on 2026-01-02; 10, 13, 16, 19 drop out
        assertEquals(13 - 4, new io.polymoments.store.SketchStore(spark).load(out()).raw().count());
    }

    // ---- bad rows are named by file and row in that file ----

    private static final StructType ARRAY = new StructType()
            .add("y", DataTypes.createArrayType(DataTypes.DoubleType, true), true);

    /** Rows i = 0..n-1 of d = 3; the row at 0-based {@code bad} is NaN, null or ragged as {@code kind} says. */
    static List<Row> rows(int first, int n, int bad, String kind) {
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

    static String reasonOf(String kind) {
        return switch (kind) {
            case "nan" -> "value 1 (counting from 0) is NaN";
            case "null" -> "the row is null";
            default -> "it has 2 values where the first row had 3";
        };
    }

    /** The data files (not Spark's _SUCCESS or checksums) of a directory, in name order. */
    static List<String> dataFiles(Path dir) throws java.io.IOException {
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

    @Test
    void aBadRowInALargeParquetFileReadInSplitsIsNamedByItsRowInTheFile() throws Exception {
        for (String kind : new String[] {"nan", "null", "ragged"}) {
            Path p = dir.resolve("large-" + kind);
            spark.createDataFrame(rows(0, 20_000, 15_000, kind), ARRAY).coalesce(1).write()
                    .option("parquet.block.size", "65536").parquet(p.toString());
            String file = dataFiles(p).get(0);
            CliInputErrorsTest.Run r = inSmallSplits(() -> {
                assertTrue(spark.read().parquet(p.toString()).rdd().getNumPartitions() > 3, "the file is read in splits");
                return run("moments", "--input", p.toString(), "--out", out());
            });
            assertBadInput(r, "row 15,001 of file", file, "(counting from 1)", reasonOf(kind), "--on-invalid skip");
            assertFalse(r.err().contains("partition"), r.err());
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
        CliInputErrorsTest.Run r = inOneSplit(() -> {
            assertEquals(1, spark.read().parquet(p.toString()).rdd().getNumPartitions(), "small files share a split");
            return run("moments", "--input", p.toString(), "--out", out());
        });
        assertBadInput(r, "row 4,001 of file", names.get(2), "(counting from 1)", reasonOf("nan"));
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
        CliInputErrorsTest.Run r = inOneSplit(() -> {
            assertEquals(1, spark.read().orc(p.toString()).rdd().getNumPartitions(), "small files share a split");
            return run("moments", "--input", p.toString(), "--format", "orc", "--out", out());
        });
        assertBadInput(r, "row 2,001 of file", names.get(1), "(counting from 1)", reasonOf("ragged"));
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
        CliInputErrorsTest.Run r = inOneSplit(() -> {
            assertEquals(1, spark.read().option("header", "true").csv(many.toString()).rdd().getNumPartitions());
            return run("moments", "--input", many.toString(), "--columns", "a,b,c", "--out", out());
        });
        assertBadInput(r, "data row 3,211 of file", "c.csv", "(counting from 1", "column 'b'", "not a number");
        // with a row filter, only the rows it keeps can be counted: a % 2 = 0 keeps 10000, 10002, ..., 13208 of c.csv
        // before its bad row 13210
        r = inOneSplit(() -> run("moments", "--input", many.toString(), "--columns", "a,b,c", "--where", "a % 2 = 0",
                "--out", out()));
        assertBadInput(r, "row 1,606 of the rows of file", "c.csv", "that --where keeps", "column 'b'");
        // one large file read in several splits: the rows of the earlier splits are counted too
        Path large = Files.createDirectories(dir.resolve("csv-large"));
        Files.writeString(large.resolve("large.csv"), csv(0, 20_000, 15_000));
        r = inSmallSplits(() -> {
            assertTrue(spark.read().option("header", "true").csv(large.toString()).rdd().getNumPartitions() > 3);
            return run("moments", "--input", large.toString(), "--columns", "a,b,c", "--out", out());
        });
        assertBadInput(r, "data row 15,001 of file", "large.csv", "column 'b'");
    }

    // ---- CSV without a header ----

    @Test
    void aCsvWithoutAHeaderIsBadInputSayingSo() throws Exception {
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "1.5,2,3\n4,5,6\n7,8,9.5\n1,1,1\n2,3,4\n");
        for (List<String> columns : List.of(List.<String>of(), List.of("--columns", "*"), List.of("--columns", "a,b,c"))) {
            List<String> args = new ArrayList<>(List.of("moments", "--input", csv.toString(), "--out", out()));
            args.addAll(columns);
            assertBadInput(run(args.toArray(String[]::new)), "the first line of " + csv, "is not a header",
                    "1.5, 2, 3", "add a header line");
        }
        // a directory of such files: Spark takes the header from one of them
        Path many = Files.createDirectories(dir.resolve("csvs"));
        Files.writeString(many.resolve("a.csv"), "1,2\n3,4\n5,6\n");
        Files.writeString(many.resolve("b.csv"), "7,8\n9,10\n");
        assertBadInput(run("moments", "--input", many.toString(), "--columns", "*", "--out", out()),
                "is not a header", "add a header line");
        // a header whose names hold dots is a header
        Path dotted = dir.resolve("dotted.csv");
        Files.writeString(dotted, "x.1,x.2\n1,2\n3,5\n4,4\n");
        CliInputErrorsTest.Run ok = run("moments", "--input", dotted.toString(), "--columns", "*", "--out", out());
        assertEquals(0, ok.code(), ok.err());
        assertEquals(3, new io.polymoments.store.SketchStore(spark).load(out()).raw().count());
    }
}
