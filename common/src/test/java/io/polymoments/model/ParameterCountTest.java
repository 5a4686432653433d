package io.polymoments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Free parameters of each model class: the numbers that define it less the r(r−1)/2 rotations of x. */
class ParameterCountTest {
    @Test
    void quadraticMapsCountTheirMatricesLinearPartsAndConstants() {
        // d = 7, r = 3: Q_i has 6 entries, b_i 3, c_i 1; rotations of x: 3
        QuadraticTransform homogeneous = QuadraticTransform.random(3, 7, QuadraticTransform.Structure.RANDOM, 1, false, 1);
        QuadraticTransform affine = QuadraticTransform.random(3, 7, QuadraticTransform.Structure.RANDOM, 1, true, 1);
        assertEquals(7 * 7 - 3, homogeneous.parameterCount());
        assertEquals(7 * 10 - 3, affine.parameterCount());
    }

    @Test
    void lowRankNetworksCountWeightsOffsetsAndFreeActivations() {
        // d = 8, m = 4, r = 3, degree 2: W 32, A 12, offset 8, free coefficients 4·2; rotations of x: 3
        LowRankTransform known = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, 3, 4, 8, 2);
        LowRankTransform free = LowRankTransform.random(ActivationMode.FREE, new double[] {0, 0, 1}, 3, 4, 8, 2);
        assertEquals(32 + 12 + 8 - 3, known.parameterCount());
        assertEquals(32 + 12 + 8 + 8 - 3, free.parameterCount());
    }
}
