package io.polymoments.decompose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

class RingSpectralTest {

    static Stream<Arguments> order3Cases() {
        return Stream.of(
                Arguments.of(10, new int[] {2, 2, 2}),
                Arguments.of(20, new int[] {3, 3, 3}),
                Arguments.of(30, new int[] {2, 3, 4}),
                Arguments.of(30, new int[] {4, 3, 2}));
    }

    @ParameterizedTest
    @MethodSource("order3Cases")
    void spectralRecoversExactOrder3Ring(int d, int[] ranks) {
        Random rng = new Random(11 + d);
        TensorRing truth = TensorRing.random(new int[] {d, d, d}, ranks, rng);
        DenseTensor t = truth.full();
        SpectralRing3.Outcome o = SpectralRing3.decompose(t, ranks, new Random(5), 1);
        double recon = o.ring().relativeError(t);
        double core = GaugeAlignment.coreError(o.ring(), truth);
        assertTrue(recon <= 1e-10, "reconstruction error " + recon);
        assertTrue(core <= 1e-9, "gauge-aligned core error " + core);
        assertTrue(o.clusterSepRatio() < 1e-8 && o.imagResidual() < 1e-10 && o.wSvGap() < 1e-10,
                "healthy diagnostics on exact data: " + o);
        assertTrue(o.noiseVariance() < 1e-14, "only Gram rounding (~eps) outside the signal subspaces: " + o.noiseVariance());
    }

    @Test
    void wrongRanksShowInTheDiagnostics() {
        TensorRing truth = TensorRing.random(new int[] {20, 20, 20}, new int[] {3, 3, 3}, new Random(1));
        DenseTensor t = truth.full();
        for (int[] wrong : new int[][] {{2, 3, 3}, {3, 3, 2}, {2, 2, 2}}) {
            SpectralRing3.Outcome o = SpectralRing3.decompose(t, wrong, new Random(2), 1);
            assertTrue(o.fit() > 1e-3, "ranks " + java.util.Arrays.toString(wrong) + " cannot fit: " + o.fit());
            assertTrue(Math.max(o.clusterSepRatio(), o.wSvGap()) > 1e-3,
                    "ranks " + java.util.Arrays.toString(wrong) + ": sep " + o.clusterSepRatio() + ", gap " + o.wSvGap());
        }
    }

    @Test
    void noiseVarianceEstimateTracksTheNoiseLevel() {
        TensorRing truth = TensorRing.random(new int[] {30, 30, 30}, new int[] {3, 3, 3}, new Random(3));
        DenseTensor noisy = RingBenchmark.addNoise(truth.full(), 1e-2, new Random(4));
        double sigma = Math.sqrt(SpectralRing3.decompose(noisy, new int[] {3, 3, 3}, new Random(5), 1).noiseVariance());
        assertTrue(sigma > 0.8e-2 && sigma < 1.2e-2, "estimated relative noise " + sigma + " vs 1e-2");
    }
}
