package io.polymoments.decompose;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark harness on a tiny grid: exact cells succeed, cells outside the spectral regime are marked. */
class RingBenchmarkTest {
    @Test
    void tinyGridReportsExactRecoveryAndSkipsInapplicableCells() {
        List<RingBenchmark.Row> rows = RingBenchmark.run(
                new RingBenchmark.Config(new int[] {12}, new int[] {2, 4}, new double[] {0}, 2, 1, 20, 50));
        assertEquals(2, rows.size());
        RingBenchmark.Row ok = rows.get(0);
        assertTrue(ok.applicable());
        assertEquals(2, ok.spectralAlsSuccesses(), "exact data: spectral(+ALS) succeeds in every trial");
        assertTrue(ok.spectralFit() < 1e-10 && ok.spectralAlsReconVsClean() < 1e-10);
        assertFalse(rows.get(1).applicable(), "d = 12 < r^2 = 16");
        String json = RingBenchmark.json(rows, 1.0);
        assertTrue(json.startsWith("{\"benchmark\":\"tensor_ring\"") && json.endsWith("]}") && !json.contains("NaN"), json);
    }
}
