package io.polymoments.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.linalg.Matrices;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.store.SketchStore;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stored sketches of disjoint days merge into the sketch of their union, also in a fixed reference basis. */
class SketchJobTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private SampleSet samples(String data) {
        return new SampleReader(spark).read(p(data), null, SampleSet.COLUMN, List.of(), null);
    }

    /** The raw order-4 sketch of the samples at {@code data}, stored at {@code out} and read back. */
    private SketchBundle stored(String data, String out) {
        SketchStore store = new SketchStore(spark);
        store.save(new SketchJob(spark).run(samples(data), 4, false, "auto", InvalidRowPolicy.FAIL).bundle(), p(out),
                false);
        return store.load(p(out));
    }

    @Test
    void mergeOfDailySketchesEqualsTheSketchOfTheUnion() {
        // two "days" of data in a dt= partitioned layout; the union is read through the parent directory
        Generate.kind(GeneratorKind.GAUSSIAN).n(3000).d(3).seed(1).into(spark, p("data/dt=2026-01-01"));
        Generate.kind(GeneratorKind.GAUSSIAN).n(2000).d(3).seed(2).into(spark, p("data/dt=2026-01-02"));
        MomentSketch merged = SketchBundle.merge(stored("data/dt=2026-01-01", "s1"), stored("data/dt=2026-01-02", "s2"))
                .raw().total();
        MomentSketch union = stored("data", "union").raw().total();
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
        Generate.kind(GeneratorKind.GAUSSIAN).n(3000).d(4).seed(1).into(spark, p("data/dt=2026-01-01"));
        Generate.kind(GeneratorKind.GAUSSIAN).n(2500).d(4).seed(2).into(spark, p("data/dt=2026-01-02"));
        SketchJob job = new SketchJob(spark);
        SketchBundle ref = job.run(samples("data/dt=2026-01-01"), 4, true, "auto", 6, 0L, InvalidRowPolicy.FAIL)
                .bundle();
        SketchBundle day2 = job.runWithReference(samples("data/dt=2026-01-02"), ref, InvalidRowPolicy.FAIL).bundle();
        SketchBundle merged = SketchBundle.merge(ref, day2);
        SketchBundle union = job.runWithReference(samples("data"), ref, InvalidRowPolicy.FAIL).bundle();
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
}
