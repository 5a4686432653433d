package io.polymoments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StandardNormalTest {

    /** Φ̄(x) from 30-digit mpmath (ncdf(−x)). */
    @Test
    void upperTailMatchesHighPrecisionValuesInRelativeTerms() {
        double[][] golden = {
                {0, 0.5}, {0.3, 0.38208857781104737}, {1, 0.15865525393145705}, {1.99, 0.023295467750211822},
                {2, 0.022750131948179207}, {3, 0.0013498980316300945}, {5, 2.8665157187919391e-7},
                {10, 7.6198530241605261e-24}, {30, 4.9067139271481871e-198}, {-2, 0.97724986805182079}};
        for (double[] g : golden) {
            assertEquals(g[1], StandardNormal.sf(g[0]), 2e-15 * g[1], "sf(" + g[0] + ")");
            assertEquals(1 - g[1], StandardNormal.cdf(g[0]), 2e-16, "cdf(" + g[0] + ")");
        }
    }

    @Test
    void upperQuantileInvertsTheTail() {
        assertEquals(1.9599639845400545, StandardNormal.upperQuantile(0.025), 1e-13);
        assertEquals(0.5244005127080409, StandardNormal.upperQuantile(0.3), 1e-13);
        assertEquals(6.361340902404056, StandardNormal.upperQuantile(1e-10), 1e-12);
        assertEquals(21.273453560965322, StandardNormal.upperQuantile(1e-100), 1e-11);
        assertEquals(-1.9599639845400545, StandardNormal.upperQuantile(0.975), 1e-13);
        assertEquals(0, StandardNormal.upperQuantile(0.5), 0);
        assertThrows(IllegalArgumentException.class, () -> StandardNormal.upperQuantile(0));
    }
}
