package io.polymoments.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.spark.PassMemory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scale benchmark's three curves on small sizes: the quadratic fit as accurate as refinement started at the truth,
 * the low-rank fit exact from population moments, and memory plans that fit or not as their sizes say; the JSON line
 * carries the keys README promises.
 */
class ScaleBenchmarkTest {
    private static final PassMemory.Limits ONE_GB = new PassMemory.Limits(true, 1L << 30, 2, 1L << 30, 1L << 30);

    @Test
    void smallCurvesAreAccurateAndThePlansSayWhatFits() {
        ScaleBenchmark.Config c = new ScaleBenchmark.Config(new int[] {3}, 20_000, new int[][] {{4, 3}}, 0,
                new int[][] {{2, 10}, {4, 400}}, 2, ONE_GB, 5);
        ScaleBenchmark.Result res = ScaleBenchmark.run(c, line -> { });

        ScaleBenchmark.QuadraticRow q = res.quadratic().get(0);
        assertEquals(6, q.k());
        assertEquals(12, q.d());
        assertTrue(q.ratio() <= 1.01, "fit error " + q.error() + " vs truth-started " + q.truthStartError());
        assertTrue(q.error() < 0.1, "error " + q.error());

        assertTrue(res.lowRank().get(0).errW() <= 1e-6, "errW " + res.lowRank().get(0).errW());

        // order 2 at d = 10: a few hundred doubles; order 4 at d = 400: C(403, 4) ≈ 1.1e9 doubles, 8.6 GB
        PassMemory.Plan small = res.memory().get(0);
        PassMemory.Plan large = res.memory().get(1);
        assertTrue(small.fits(), small.status());
        assertFalse(large.fits());
        assertTrue(large.sketchBytes() >= 8L * 1_087_691_075L, "sketch bytes " + large.sketchBytes());
        assertTrue(large.peakBytes() > (1L << 30));

        Map<String, Object> json = res.json();
        assertEquals(List.of("quadratic", "lowrank", "memory"), json.keySet().stream().limit(3).toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> row = ((List<Map<String, Object>>) json.get("quadratic")).get(0);
        assertTrue(row.keySet().containsAll(List.of("r", "k", "driverCpuSeconds", "error")));
        @SuppressWarnings("unchecked")
        Map<String, Object> mem = ((List<Map<String, Object>>) json.get("memory")).get(1);
        assertEquals(large.peakBytes(), mem.get("peakBytes"));
        assertTrue(String.valueOf(mem.get("status")).contains("would not fit"));
    }

    @Test
    void aMemorySizeOutsideTheOrdersNamesItsSetting() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new ScaleBenchmark.Config(
                new int[0], 20_000, new int[0][], 0, new int[][] {{5, 10}}, 2, ONE_GB, 0));
        assertTrue(e.getMessage().contains("memory"), e.getMessage());
    }
}
