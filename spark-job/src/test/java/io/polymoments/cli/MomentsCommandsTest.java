package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.linalg.Matrices;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.spark.SharedSpark;
import io.polymoments.store.SketchStore;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate → moments → merge-moments → export, through the command line on real Parquet files. */
class MomentsCommandsTest {
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

    @Test
    void mergeOfDailySketchesEqualsTheSketchOfTheUnion() {
        // two "days" of data in a dt= partitioned layout; the union is read through the parent directory
        ok("generate", "--kind", "gaussian", "--n", "3000", "--d", "3", "--seed", "1", "--out", p("data/dt=2026-01-01"),
                "--truth", p("t1.json"));
        ok("generate", "--kind", "gaussian", "--n", "2000", "--d", "3", "--seed", "2", "--out", p("data/dt=2026-01-02"),
                "--truth", p("t2.json"));
        ok("moments", "--input", p("data/dt=2026-01-01"), "--order", "4", "--out", p("s1"));
        ok("moments", "--input", p("data/dt=2026-01-02"), "--order", "4", "--out", p("s2"));
        ok("merge-moments", "--inputs", p("s1") + "," + p("s2"), "--out", p("merged"));
        ok("moments", "--input", p("data"), "--order", "4", "--out", p("union"));
        SketchStore store = new SketchStore(spark);
        MomentSketch merged = store.load(p("merged")).raw().total();
        MomentSketch union = store.load(p("union")).raw().total();
        assertEquals(5000, merged.count());
        assertEquals(union.count(), merged.count());
        for (int q = 2; q <= 4; q++) {
            assertTrue(Matrices.distance(merged.packedSum(q), union.packedSum(q))
                    <= 1e-12 * Matrices.frobeniusNorm(union.packedSum(q)), "order " + q);
        }
    }

    /** Daily sketches in a fixed reference basis merge into exactly the sketch of all days in that basis. */
    @Test
    void referenceBasisSketchesMergeLikeTheUnion() {
        ok("generate", "--kind", "gaussian", "--n", "3000", "--d", "4", "--seed", "1", "--out", p("data/dt=2026-01-01"));
        ok("generate", "--kind", "gaussian", "--n", "2500", "--d", "4", "--seed", "2", "--out", p("data/dt=2026-01-02"));
        ok("moments", "--input", p("data/dt=2026-01-01"), "--order", "4", "--whiten", "--directions", "6", "--out", p("ref"));
        ok("moments", "--input", p("data/dt=2026-01-02"), "--reference", p("ref"), "--out", p("day2"));
        ok("merge-moments", "--inputs", p("ref") + "," + p("day2"), "--out", p("merged"));
        ok("moments", "--input", p("data"), "--reference", p("ref"), "--out", p("union"));
        SketchStore store = new SketchStore(spark);
        SketchBundle merged = store.load(p("merged"));
        SketchBundle union = store.load(p("union"));
        assertEquals(5500, merged.whitened().count());
        for (int q = 2; q <= 4; q++) {
            double[] a = merged.whitened().total().packedSum(q);
            double[] b = union.whitened().total().packedSum(q);
            assertTrue(Matrices.distance(a, b) <= 1e-12 * Matrices.frobeniusNorm(b), "order " + q);
        }
        assertTrue(Matrices.distance(merged.raw().total().packedSum(2), union.raw().total().packedSum(2))
                <= 1e-12 * Matrices.frobeniusNorm(union.raw().total().packedSum(2)));
        double[] sa = merged.directional().sums();
        double[] sb = union.directional().sums();
        double ta = 0;
        double tb = 0;
        for (int i = 0; i < sa.length; i++) {
            ta += sa[i];
            tb += sb[i];
        }
        assertEquals(tb, ta, 1e-9 * tb);
    }

    @Test
    void exportWritesPopulationNormalisedMomentsAndTheBasis() throws Exception {
        ok("generate", "--kind", "gaussian", "--n", "4000", "--d", "4", "--seed", "3", "--out", p("data"));
        ok("moments", "--input", p("data"), "--order", "4", "--whiten", "--rank", "3", "--out", p("s"));
        ok("export", "--sketch", p("s"), "--format", "json", "--out", p("s.json"));
        JsonNode j = new ObjectMapper().readTree(dir.resolve("s.json").toFile());
        SketchBundle b = new SketchStore(spark).load(p("s"));
        MomentSketch z = b.whitened().total();
        assertEquals(4000, j.get("count").asLong());
        assertEquals(3, j.get("covariance").size());
        double[] cov = z.covariance();
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(cov[i + 3 * k], j.get("covariance").get(i).get(k).asDouble(), 0.0);
                assertEquals(i == k ? 1.0 : 0.0, j.get("covariance").get(i).get(k).asDouble(), 1e-9);
            }
        }
        assertEquals(3, j.get("centralMoment3").get(2).get(1).size());
        assertEquals(z.thirdCumulant()[(2 * 3 + 1) * 3], j.get("centralMoment3").get(2).get(1).get(0).asDouble(), 0.0);
        assertEquals(3, j.get("centralMoment4").get(0).get(0).get(0).size());
        assertEquals(4, j.get("basis").size());
        assertEquals(3, j.get("basis").get(0).size());
        assertEquals(4, j.get("pass1").get("covariance").size());
        // the truth file is beside the data
        assertTrue(dir.resolve("data").resolve(io.polymoments.output.OutputKind.TRUTH_FILE).toFile().isFile());
    }
}
