package io.polymoments.learn.quadratic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.moments.AdditiveNoise;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The automatic noise model: what the covariance spectrum supports. */
class NoiseChoiceTest {
    private static AdditiveNoise.Kind choice(int d, int m, double[] psi) {
        double[] b = Matrices.gaussian(d, m, new Random(d * 31L + m));
        double[] c = Matrices.multiply(false, b, true, b, d, d, m);
        for (int i = 0; i < d; i++) {
            c[i + i * d] += psi[i];
        }
        double[] lam = SymmetricEigen.of(c, d).values();
        return QuadraticLearner.noise(c, lam, d, m, null, 1_000_000).noise().kind();
    }

    private static double[] constant(int d, double v) {
        double[] p = new double[d];
        java.util.Arrays.fill(p, v);
        return p;
    }

    @Test
    void theSpectrumDecidesTheNoiseModel() {
        assertEquals(AdditiveNoise.Kind.NONE, choice(12, 6, new double[12]));
        assertEquals(AdditiveNoise.Kind.ISOTROPIC, choice(12, 6, constant(12, 0.3)));
        double[] spread = new double[12];
        for (int i = 0; i < 12; i++) {
            spread[i] = 0.1 + 0.05 * i;
        }
        assertEquals(AdditiveNoise.Kind.DIAGONAL, choice(12, 6, spread));
        // d = 8, m = 6: 3 equations cannot fix 8 variances, so the isotropic model is the one left
        assertEquals(AdditiveNoise.Kind.ISOTROPIC, choice(8, 6, new double[] {0.1, 0.2, 0.3, 0.1, 0.2, 0.3, 0.1, 0.2}));
    }
}
