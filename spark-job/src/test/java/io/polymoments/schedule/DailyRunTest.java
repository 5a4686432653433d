package io.polymoments.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import io.polymoments.fit.Fit;
import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.linalg.Matrices;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.SharedSpark;
import io.polymoments.spark.SketchJob;
import io.polymoments.store.SketchStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled runs: three days one by one (one of them twice) equal one run over all three days. */
class DailyRunTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

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

    /** The sketch of every day under root in the state's reference basis, in one pass. */
    private SketchBundle allDaysInTheReferenceBasis() {
        SampleSet all = new SampleReader(spark).read(p("root"), null, SampleSet.COLUMN, List.of(), null);
        SketchStore store = new SketchStore(spark);
        return new SketchJob(spark).runWithReference(all, store.load(p("state/reference")), InvalidRowPolicy.FAIL)
                .bundle();
    }

    @Test
    void incrementalDaysEqualOneRunOverAllDays() throws Exception {
        String[] days = {"2026-03-01", "2026-03-02", "2026-03-03"};
        for (int i = 0; i < days.length; i++) {
            Generate.kind(GeneratorKind.GAUSSIAN).n(2000 + 500 * i).d(4).seed(10 + i)
                    .into(spark, p("root/dt=" + days[i]));
        }
        Daily daily = Daily.of(p("root"), p("state")).window(30).noFit();
        daily.run(spark, days[0]);
        daily.run(spark, days[1]);
        daily.run(spark, days[1]); // a rerun of a day is idempotent
        daily.run(spark, days[2]);

        SketchBundle merged = new SketchStore(spark).load(p("state/merged"));
        SketchBundle all = allDaysInTheReferenceBasis();
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
        Generate.kind(GeneratorKind.QUADRATIC).r(2).n(9000).seed(4).into(spark, p("all-rows"));
        // one model, three days of its rows
        spark.read().parquet(p("all-rows"))
                .withColumn("dt", org.apache.spark.sql.functions.expr(
                        "concat('2026-05-0', cast(pmod(monotonically_increasing_id(), 3) + 1 as string))"))
                .write().partitionBy("dt").parquet(p("root"));
        Daily daily = Daily.of(p("root"), p("state"));
        for (String day : new String[] {"2026-05-01", "2026-05-02", "2026-05-03", "2026-05-03"}) {
            daily.run(spark, day);
        }
        new SketchStore(spark).save(allDaysInTheReferenceBasis(), p("all"), false);
        Fit.quadratic().fromSketch(spark, p("all"), p("model-all"));
        var fitted = QuadraticPushforwardModel.load(p("state/model")).transformation();
        var all = QuadraticPushforwardModel.load(p("model-all")).transformation();
        assertEquals(all.r(), fitted.r());
        double diff = Matrices.distance(fitted.q(), all.q()) + Matrices.distance(fitted.c(), all.c());
        assertTrue(diff <= 1e-9 * Matrices.frobeniusNorm(all.q()), "relative difference " + diff);
    }

    @Test
    void driftingDataTriggerARebase() {
        Generate.kind(GeneratorKind.GAUSSIAN).n(3000).d(3).seed(1).into(spark, p("root/dt=2026-04-01"));
        // a different random covariance: the first day's whitening no longer whitens
        Generate.kind(GeneratorKind.GAUSSIAN).n(3000).d(3).seed(99).into(spark, p("root/dt=2026-04-02"));
        Daily daily = Daily.of(p("root"), p("state")).noFit().driftThreshold(0.3);
        daily.run(spark, "2026-04-01");
        daily.run(spark, "2026-04-02");
        SketchBundle merged = new SketchStore(spark).load(p("state/merged"));
        // after re-basing, the window's merged whitened covariance is the identity again
        MomentSketch z = merged.whitened().total();
        assertTrue(Matrices.distance(z.covariance(), Matrices.identity(z.dim())) < 1e-9);
        assertEquals(6000, merged.raw().count());
    }

    @Test
    void badDateAndWindowAreRefused() {
        assertThrows(InvalidInputException.class, () -> DailyRun.parseDate("2026-13-01", "--date"));
        assertThrows(InvalidInputException.class, () -> DailyRun.parseWindow("month"));
    }
}
