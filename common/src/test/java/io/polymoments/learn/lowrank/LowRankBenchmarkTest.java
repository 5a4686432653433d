package io.polymoments.learn.lowrank;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's fits are real fits: exact from population moments, at the noise level from a sketch. */
class LowRankBenchmarkTest {

    @Test
    void populationAndSketchRowsReportTheirFits() {
        List<LowRankBenchmark.Row> rows = LowRankBenchmark.run(new LowRankBenchmark.Config(new int[][] {{3, 3}}, 0, 2, 0,
                1));
        assertEquals(2, rows.size());
        for (LowRankBenchmark.Row r : rows) {
            assertTrue(r.success() && r.errW() <= 1e-6, r.toJson());
            assertEquals(6, r.d());
            double steps = 0;
            for (double s : r.stepCpuSeconds()) {
                assertTrue(s >= 0, r.toJson());
                steps += s;
            }
            assertEquals(steps, r.driverCpuSeconds(), 1e-12);
        }
        LowRankBenchmark.Row sketch = LowRankBenchmark.fit(3, 3, 50_000, 0, 2);
        assertEquals(LowRankVerdict.FITS, sketch.verdict(), sketch.toJson());
        assertTrue(sketch.cost() <= 1.5 * sketch.noiseLevel() && sketch.errW() < 0.5, sketch.toJson());
    }
}
