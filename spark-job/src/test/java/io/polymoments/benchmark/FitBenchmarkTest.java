package io.polymoments.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** benchmark fit at toy sizes: the spectral start reaches the truth-started optimum; bad sizes name the setting. */
class FitBenchmarkTest {

    @Test
    void spectralStartReachesTheTruthStartedOptimum() {
        List<FitBenchmark.SeedRow> seen = new ArrayList<>();
        FitBenchmark.Result res = FitBenchmark.run(new FitBenchmark.Config(3, 8, 5000, 1, 3, null, "lowrank", 1.0,
                30_000, 3, 2, 1.5, 0), seen::add);
        assertEquals(res.rows(), seen);
        assertEquals(6, res.driver().k());
        assertTrue(res.driver().parameterError() < 0.2, "driver problem error " + res.driver().parameterError());
        // both starts are refined on the same moments: the spectral one reaches the same optimum (ratio ≈ 1)
        double median = res.medianRatio();
        assertTrue(median > 0.5 && median <= 1.3, "median ratio " + median);
        assertEquals(3, res.spectralOk());
        assertTrue(res.randomOk() >= 0 && res.randomOk() <= res.randomTotal());
        assertEquals(6, res.randomTotal());
        assertEquals(12, res.json().get("d"));
    }

    @Test
    void badSizesNameTheSetting() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new FitBenchmark.Config(3, 8, 500, 1,
                3, null, "lowrank", 1.0, 30_000, 3, 2, 1.5, 0));
        assertTrue(e.getMessage().contains("driverN"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> new FitBenchmark.Config(3, 8, 5000, 1, 3, null, "lowrank",
                1.0, 30_000, 3, -1, 1.5, 0));
        assertTrue(e.getMessage().contains("randomStarts"), e.getMessage());
    }
}
