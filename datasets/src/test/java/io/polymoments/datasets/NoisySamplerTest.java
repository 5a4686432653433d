package io.polymoments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NoisySamplerTest {
    private final GaussianSampler inner = GaussianSampler.standard(3);

    @Test
    void zeroNoiseIsTheInnerSamplerItself() {
        assertSame(inner, NoisySampler.wrap(inner, 0));
    }

    @Test
    void innerRowsAreUnchangedAndTheAddedNoiseHasVarianceTauSquared() {
        double tau = 0.7;
        SampleStream stream = new SampleStream(11, 60_000);
        List<double[]> clean = SampleSetGenerator.collectLocally(inner, stream);
        List<double[]> noisy = SampleSetGenerator.collectLocally(NoisySampler.wrap(inner, tau), stream);
        int n = clean.size();
        double[] sum = new double[3];
        double[] sq = new double[3];
        double cross = 0; // the noise must not be correlated with the clean row it is added to
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < 3; c++) {
                double e = noisy.get(r)[c] - clean.get(r)[c];
                sum[c] += e;
                sq[c] += e * e;
                cross += e * clean.get(r)[c];
            }
        }
        for (int c = 0; c < 3; c++) {
            // mean 0 (s.e. tau/sqrt n), variance tau^2 (s.e. tau^2 sqrt(2/n)); 5 s.e.
            assertEquals(0, sum[c] / n, 5 * tau / Math.sqrt(n), "noise mean, coordinate " + c);
            assertEquals(tau * tau, sq[c] / n, 5 * tau * tau * Math.sqrt(2.0 / n), "noise variance, coordinate " + c);
        }
        assertEquals(0, cross / (3.0 * n), 5 * tau / Math.sqrt(3.0 * n), "noise uncorrelated with the clean rows");
    }

    @Test
    void eachOutputGetsItsOwnNoiseVarianceAndEqualValuesGiveTheIsotropicRows() {
        double[] tau = {0.2, 0, 1.5};
        SampleStream stream = new SampleStream(13, 60_000);
        List<double[]> clean = SampleSetGenerator.collectLocally(inner, stream);
        List<double[]> noisy = SampleSetGenerator.collectLocally(NoisySampler.wrap(inner, tau), stream);
        int n = clean.size();
        double[] sq = new double[3];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < 3; c++) {
                double e = noisy.get(r)[c] - clean.get(r)[c];
                sq[c] += e * e;
            }
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(tau[c] * tau[c], sq[c] / n, 5 * tau[c] * tau[c] * Math.sqrt(2.0 / n), "coordinate " + c);
        }
        assertSame(inner, NoisySampler.wrap(inner, new double[3]));
        assertArrayEquals(stream.block(NoisySampler.wrap(inner, 0.7), 1),
                stream.block(NoisySampler.wrap(inner, new double[] {0.7, 0.7, 0.7}), 1));
        assertThrows(IllegalArgumentException.class, () -> new NoisySampler(inner, new double[] {1, 1}));
    }

    @Test
    void blocksDoNotDependOnWhichOtherBlocksWereDrawn() {
        RowSampler s = NoisySampler.wrap(inner, 0.3);
        SampleStream stream = new SampleStream(5, 3 * 4096 + 17);
        double[] alone = stream.block(s, 2);
        stream.block(s, 0);
        stream.block(s, 1);
        assertArrayEquals(alone, stream.block(s, 2));
        assertEquals(3, s.dim());
    }

    @Test
    void rejectsNegativeOrNonFiniteTau() {
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NoisySampler(inner, bad));
            assertTrue(e.getMessage().contains("--noise"), e.getMessage());
        }
    }
}
