package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.spark.SharedSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    record Run(int code, String err) {}

    static Run run(String... args) {
        StringWriter sw = new StringWriter();
        int code = PolymomentsCli.execute(new PrintWriter(sw, true), args);
        return new Run(code, sw.toString());
    }

    private String out() {
        return dir.resolve("out").toString();
    }

    private void assertBadInput(Run r, String... mustContain) {
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
            Run[] r = new Run[1];
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
        Run r = run("moments", "--input", p, "--where", "dt = '2026-01-02' and not (y[0] between 10 and 20)",
                "--out", out());
        assertEquals(0, r.code(), r.err());
        // ids 1, 4, 7, ... 37 are on 2026-01-02; 10, 13, 16, 19 drop out
        assertEquals(13 - 4, new io.polymoments.spark.SketchStore(spark).load(out()).raw().count());
    }
}
