package io.polymoments.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Quadratic data at signal-to-noise 1, rank and noise on auto: the true rank, the noise model the data have, the noise
 * variances to a few percent, and parameters nearly as good as from the same inputs without noise (n = 2·10⁵; the
 * README's figures at 10⁶ come from {@code benchmark noise}).
 */
class NoiseBenchmarkTest {
    @Test
    void isotropicNoiseAtSignalToNoiseOne() {
        NoiseBenchmark.Row row = NoiseBenchmark.instance(new NoiseBenchmark.Config(4, 20, 200_000, 1, 1, 1, 3), 3);
        assertEquals("fits", row.verdict(), NoiseBenchmark.line(row));
        assertEquals(10, row.m());
        assertEquals("isotropic", row.noiseKind());
        assertTrue(row.noiseError() < 0.05, NoiseBenchmark.line(row));
        assertTrue(row.ratio() < 4, NoiseBenchmark.line(row));
    }

    @Test
    void diagonalNoiseSpreadTenToOne() {
        NoiseBenchmark.Row row = NoiseBenchmark.instance(new NoiseBenchmark.Config(4, 20, 200_000, 10, 1, 1, 4), 4);
        assertEquals("fits", row.verdict(), NoiseBenchmark.line(row));
        assertEquals(10, row.m());
        assertEquals("diagonal", row.noiseKind());
        assertTrue(row.noiseError() < 0.15, NoiseBenchmark.line(row));
        assertTrue(row.ratio() < 4, NoiseBenchmark.line(row));
    }
}
