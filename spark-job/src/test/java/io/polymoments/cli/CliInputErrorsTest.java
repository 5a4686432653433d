package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.spark.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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

/** Every documented bad input: exit code 2, a message saying what/where/what to do, and no output left behind. */
public class CliInputErrorsTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    /** A command's exit code, error messages and standard output. */
    public record Run(int code, String err, String out) {}

    /** Runs a command in this JVM; what it prints is captured (tests print nothing), not sent to the console. */
    public static Run run(String... args) {
        StringWriter sw = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = PolymomentsCli.execute(new PrintWriter(sw, true), args);
        } finally {
            System.setOut(console);
        }
        return new Run(code, sw.toString(), out.toString(StandardCharsets.UTF_8));
    }

    private String parquetOf(String name, StructType schema, List<Row> rows) {
        String p = dir.resolve(name).toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(p);
        return p;
    }

    private static StructType arraySchema() {
        return new StructType().add("y", DataTypes.createArrayType(DataTypes.DoubleType, true), true);
    }

    private List<Row> goodRows(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(Arrays.asList((double) i, Math.sin(i), Math.cos(i * 0.7))));
        }
        return rows;
    }

    private void assertBadInput(Run r, String... mustContain) {
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, r.code(), r.err());
        for (String s : mustContain) {
            assertTrue(r.err().contains(s), "message should mention '" + s + "': " + r.err());
        }
        assertFalse(Files.exists(dir.resolve("out")), "no output may be left behind");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary left behind");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String out() {
        return dir.resolve("out").toString();
    }

    @Test
    void missingPath() {
        assertBadInput(run("moments", "--input", dir.resolve("nope").toString(), "--out", out()), "does not exist");
    }

    @Test
    void nanInfinityAndNullValuesNameTheRow() {
        List<Row> rows = goodRows(50);
        rows.set(17, RowFactory.create(Arrays.asList(1.0, Double.NaN, 2.0)));
        String p = parquetOf("nan", arraySchema(), rows);
        assertBadInput(run("moments", "--input", p, "--out", out()), "row 18", "value 1", "NaN", "--on-invalid skip",
                "part-");

        rows = goodRows(50);
        rows.set(3, RowFactory.create(Arrays.asList(1.0, 2.0, Double.POSITIVE_INFINITY)));
        assertBadInput(run("moments", "--input", parquetOf("inf", arraySchema(), rows), "--out", out()), "row 4",
                "Infinity");

        rows = goodRows(50);
        rows.set(5, RowFactory.create(Arrays.asList(1.0, null, 2.0)));
        rows.set(6, RowFactory.create((Object) null));
        assertBadInput(run("moments", "--input", parquetOf("null", arraySchema(), rows), "--out", out()), "row 6", "null");
    }

    @Test
    void skipCountsInvalidRowsAndWritesTheSketch() {
        List<Row> rows = goodRows(60);
        rows.set(10, RowFactory.create(Arrays.asList(1.0, Double.NaN, 2.0)));
        rows.set(20, RowFactory.create((Object) null));
        Run r = run("moments", "--input", parquetOf("skip", arraySchema(), rows), "--on-invalid", "skip", "--out", out());
        assertEquals(0, r.code(), r.err());
        var bundle = new io.polymoments.store.SketchStore(spark).load(out());
        assertEquals(58, bundle.raw().count());
        assertEquals(2, bundle.skippedRows());
    }

    @Test
    void unreadableInputFile() throws Exception {
        Path fake = dir.resolve("broken.parquet");
        Files.writeString(fake, "this is not a parquet file\n");
        assertBadInput(run("moments", "--input", fake.toString(), "--out", out()), "broken.parquet");
    }

    @Test
    void raggedArrays() {
        List<Row> rows = goodRows(30);
        rows.set(12, RowFactory.create(Arrays.asList(1.0, 2.0)));
        assertBadInput(run("moments", "--input", parquetOf("ragged", arraySchema(), rows), "--out", out()), "row 13",
                "ragged");
    }

    @Test
    void wrongColumnTypeAndMissingColumn() {
        StructType s = new StructType().add("name", DataTypes.StringType).add("y", DataTypes.StringType);
        String p = parquetOf("strings", s, List.of(RowFactory.create("a", "b"), RowFactory.create("c", "d")));
        assertBadInput(run("moments", "--input", p, "--out", out()), "column 'y'", "string", "--columns");
        assertBadInput(run("moments", "--input", p, "--column", "z", "--out", out()), "no column 'z'", "name:string");
        assertBadInput(run("moments", "--input", p, "--columns", "name", "--out", out()), "numeric columns only");
    }

    @Test
    void emptyInputAndTooFewRows() {
        String empty = parquetOf("empty", arraySchema(), List.of());
        assertBadInput(run("moments", "--input", empty, "--out", out()), "no rows");
        String three = parquetOf("three", arraySchema(), goodRows(3));
        assertBadInput(run("moments", "--input", three, "--order", "4", "--out", out()), "only 3", "at least 5");
    }

    @Test
    void csvWithNonNumericValueNamesTheColumn() throws Exception {
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "a,b,c\n1,2,3\n4,5,6\n7,x,9\n1,1,1\n2,2,2\n");
        assertBadInput(run("moments", "--input", csv.toString(), "--columns", "a,b,c", "--out", out()), "row 3",
                "column 'b'", "not a number");
        Run ok = run("moments", "--input", csv.toString(), "--columns", "a,c", "--out", out());
        assertEquals(0, ok.code(), ok.err());
        var s = new io.polymoments.store.SketchStore(spark).load(out()).raw().total();
        assertEquals(5, s.count());
        assertEquals(3.0, s.mean()[0], 1e-12);
    }

    @Test
    void badUsageAndBadOptionValues() {
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, run("moments", "--out", out()).code()); // missing --input
        String p = parquetOf("good", arraySchema(), goodRows(40));
        assertBadInput(run("moments", "--input", p, "--order", "5", "--out", out()), "--order");
        assertBadInput(run("moments", "--input", p, "--order", "3", "--whiten", "--rank", "9", "--out", out()), "--rank 9");
        assertBadInput(run("moments", "--input", p, "--on-invalid", "maybe", "--out", out()), "fail or skip");
        assertBadInput(run("moments", "--input", p, "--format", "xls", "--out", out()), "parquet, csv or orc");
    }

    @Test
    void mergingSketchesOfDifferentBasesIsRefused() {
        String a = parquetOf("a", arraySchema(), goodRows(40));
        String sa = dir.resolve("sa").toString();
        String sb = dir.resolve("sb").toString();
        assertEquals(0, run("moments", "--input", a, "--order", "3", "--whiten", "--rank", "2", "--out", sa).code());
        List<Row> other = goodRows(40);
        other.set(0, RowFactory.create(Arrays.asList(100.0, 1.0, 1.0)));
        String b = parquetOf("b", arraySchema(), other);
        assertEquals(0, run("moments", "--input", b, "--order", "3", "--whiten", "--rank", "2", "--out", sb).code());
        assertBadInput(run("merge-moments", "--inputs", sa + "," + sb, "--out", out()), "different bases");
    }

    /** Settings named in messages raised below the command line are spelled as the command line's flags. */
    @Test
    void fitSettingsAreNamedByTheirFlags() {
        String p = parquetOf("good", arraySchema(), goodRows(40));
        assertBadInput(run("fit", "--input", p, "--model", "cubic", "--out", out()), "--model quadratic");
        assertBadInput(run("fit", "--input", p, "--model", "lowrank", "--rank", "0", "--out", out()),
                "--rank takes 'auto' or a whole number");
        assertBadInput(run("fit", "--input", p, "--model", "quadratic", "--holdout", "0.1", "--out", out()),
                "--holdout applies to --model lowrank only");
        assertBadInput(run("fit", "--input", p, "--model", "lowrank", "--rank", "2", "--activation", "relu", "--out",
                out()), "--activation 'relu' is not understood");
        assertBadInput(run("fit", "--input", p, "--model", "quadratic", "--noise", "gaussian", "--out", out()),
                "--noise takes auto, none, isotropic or diagonal, got 'gaussian'");
        assertBadInput(run("fit", "--input", p, "--model", "lowrank", "--noise", "isotropic", "--out", out()),
                "--noise", "apply to --model quadratic only");
    }

    /**
     * 50 rows of 300 Gaussian columns: the covariance of 50 rows has rank 49 whatever the data. The message must say
     * that n < d and what it means, and name the command line's flags, not the Spark ML params.
     */
    @Test
    void fewerRowsThanColumnsIsSaidPlainlyWithTheCommandLineFlags() {
        String wide = Generate.kind(GeneratorKind.GAUSSIAN).d(300).covariance("identity").n(50).seed(1)
                .into(spark, dir.resolve("wide").toString());
        Run r = run("fit", "--input", wide, "--model", "quadratic", "--out", out());
        assertBadInput(r, "n = 50 rows", "d = 300 columns", "n < d", "rank at most n - 1 = 49", "--rank R",
                "--model-class", "--columns");
        assertFalse(r.err().contains("rank=<r>") || r.err().contains("model=<class>"), r.err());
    }

    @Test
    void evaluateNeedsRowsAndDirections() {
        String p = parquetOf("good", arraySchema(), goodRows(40));
        assertBadInput(run("evaluate", "--input", p, "--sliced-samples", "5", "--report", out()), "--sliced-samples");
        assertBadInput(run("evaluate", "--input", p, "--directions", "0", "--report", out()), "--directions");
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

    /** Every command that reads samples refuses a --where that is not a pure row filter before any Spark job. */
    @Test
    void reflectiveCallsInWhereAreRefusedBeforeAnySparkJob() throws Exception {
        String p = parquetOf("good", arraySchema(), goodRows(6));
        String where = "java_method('java.lang.System','setProperty','x','y') is null"
                + " or reflect('java.lang.Thread','sleep', cast(3000 as bigint)) is null";
        System.clearProperty("x");
        for (String command : new String[] {"moments", "fit", "evaluate"}) {
            Run[] r = new Run[1];
            List<String> args = new ArrayList<>(List.of(command, "--input", p, "--where", where));
            args.addAll(command.equals("evaluate") ? List.of("--report", out())
                    : command.equals("fit") ? List.of("--model", "quadratic", "--out", out()) : List.of("--out", out()));
            int jobs = jobsDuring(() -> r[0] = run(args.toArray(String[]::new)));
            assertBadInput(r[0], "'java_method'", "--where", "allowed");
            assertEquals(0, jobs, command + " started a Spark job before refusing the filter");
        }
        assertNull(System.getProperty("x"), "the refused java_method ran");
    }
}
