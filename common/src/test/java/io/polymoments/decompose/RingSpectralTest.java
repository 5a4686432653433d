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
    }
}
