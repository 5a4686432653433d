package io.polymoments.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChiSquareTailTest {
    /** Reference values from scipy.stats.chi2.sf. */
    @Test
    void matchesReferenceValues() {
        double[][] golden = {
                {1, 1, 0.31731050786291115}, {3.84, 1, 0.05004352124870519}, {10, 3, 0.01856613546304325},
                {35, 35, 0.46820272447140193}, {50, 35, 0.048097703274997586}, {800, 715, 0.014559804582040094},
                {600, 715, 0.9993211698393375}, {0.5, 10, 0.999993388289439}, {120, 126, 0.6338077852454991},
                {200, 126, 2.9962291896998955e-05}};
        for (double[] g : golden) {
            assertEquals(g[2], ChiSquareTail.sf(g[0], (int) g[1]), 1e-12 + 1e-10 * g[2], "x=" + g[0] + " df=" + g[1]);
        }
    }
}
