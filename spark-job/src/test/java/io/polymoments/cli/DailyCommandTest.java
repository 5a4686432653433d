package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.linalg.Matrices;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.spark.SharedSpark;
import io.polymoments.store.SketchStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled runs: three days one by one (one of them twice) equal one run over all three days. */
class DailyCommandTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private static void ok(String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(0, r.code(), r.err());
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private static void assertSame(MomentSketch a, MomentSketch b, double tol) {
        assertEquals(a.count(), b.count());
        for (int q = 2; q <= a.order(); q++) {
            assertTrue(Matrices.distance(a.packedSum(q), b.packedSum(q)) <= tol * Matrices.frobeniusNorm(b.packedSum(q)),
                    "order " + q);
        }
    }

    @Test
    void incrementalDaysEqualOneRunOverAllDays() throws Exception {
        String[] days = {"2026-03-01", "2026-03-02", "2026-03-03"};
        for (int i = 0; i < days.length; i++) {
            ok("generate", "--kind", "gaussian", "--n", String.valueOf(2000 + 500 * i), "--d", "4", "--seed",
                    String.valueOf(10 + i), "--out", p("root/dt=" + days[i]));
        }
        String[] common = {"--input", p("root"), "--state", p("state"), "--window", "30d", "--no-fit"};
        ok(concat(new String[] {"daily", "--date", days[0]}, common));
        ok(concat(new String[] {"daily", "--date", days[1]}, common));
        ok(concat(new String[] {"daily", "--date", days[1]}, common)); // a rerun of a day is idempotent
        ok(concat(new String[] {"daily", "--date", days[2]}, common));

        ok("moments", "--input", p("root"), "--reference", p("state/reference"), "--out", p("all"));
        SketchStore store = new SketchStore(spark);
        SketchBundle merged = store.load(p("state/merged"));
        SketchBundle all = store.load(p("all"));
        assertEquals(2000 + 2500 + 3000, merged.raw().count());
        assertSame(merged.whitened().total(), all.whitened().total(), 1e-12);
        assertSame(merged.raw().total(), all.raw().total(), 1e-12);
        try (var s = Files.list(dir.resolve("state/sketches"))) {
            assertEquals(3, s.count());
        }
        assertEquals(4, Files.readAllLines(dir.resolve("state/runs.json")).size());
    }

    /** With the refit: the daily model equals the model fitted from one sketch of all days (same reference basis). */
    @Test
    void dailyRefitEqualsTheFitOfAllDays() {
        ok("generate", "--kind", "quadratic", "--r", "2", "--n", "9000", "--seed", "4", "--out", p("all-rows"));
        // one model, three days of its rows
        spark.read().parquet(p("all-rows"))
                .withColumn("dt", org.apache.spark.sql.functions.expr(
                        "concat('2026-05-0', cast(pmod(monotonically_increasing_id(), 3) + 1 as string))"))
                .write().partitionBy("dt").parquet(p("root"));
        String[] common = {"--input", p("root"), "--state", p("state")};
        for (String day : new String[] {"2026-05-01", "2026-05-02", "2026-05-03", "2026-05-03"}) {
            ok(concat(new String[] {"daily", "--date", day}, common));
        }
        ok("moments", "--input", p("root"), "--reference", p("state/reference"), "--out", p("all"));
        ok("fit", "--sketch", p("all"), "--model", "quadratic", "--out", p("model-all"));
        var daily = io.polymoments.ml.QuadraticPushforwardModel.load(p("state/model")).transformation();
        var all = io.polymoments.ml.QuadraticPushforwardModel.load(p("model-all")).transformation();
        assertEquals(all.r(), daily.r());
        double diff = Matrices.distance(daily.q(), all.q()) + Matrices.distance(daily.c(), all.c());
        assertTrue(diff <= 1e-9 * Matrices.frobeniusNorm(all.q()), "relative difference " + diff);
    }

    @Test
    void driftingDataTriggerARebase() {
        ok("generate", "--kind", "gaussian", "--n", "3000", "--d", "3", "--seed", "1", "--out", p("root/dt=2026-04-01"));
        // a different random covariance: the first day's whitening no longer whitens
        ok("generate", "--kind", "gaussian", "--n", "3000", "--d", "3", "--seed", "99", "--out", p("root/dt=2026-04-02"));
        String[] common = {"--input", p("root"), "--state", p("state"), "--no-fit", "--drift-threshold", "0.3"};
        ok(concat(new String[] {"daily", "--date", "2026-04-01"}, common));
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(concat(new String[] {"daily", "--date", "2026-04-02"}, common));
        assertEquals(0, r.code(), r.err());
        SketchStore store = new SketchStore(spark);
        SketchBundle merged = store.load(p("state/merged"));
        // after re-basing, the window's merged whitened covariance is the identity again
        MomentSketch z = merged.whitened().total();
        assertTrue(Matrices.distance(z.covariance(), Matrices.identity(z.dim())) < 1e-9);
        assertEquals(6000, merged.raw().count());
    }

    @Test
    void badDateAndWindowAreRefused() {
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, CliInputErrorsTest.run("daily", "--input", p("root"), "--state",
                p("s"), "--date", "2026-13-01", "--no-fit").code());
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, CliInputErrorsTest.run("daily", "--input", p("root"), "--state",
                p("s"), "--date", "2026-01-01", "--window", "month", "--no-fit").code());
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
