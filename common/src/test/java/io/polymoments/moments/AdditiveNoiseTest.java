package io.polymoments.moments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.linalg.Matrices;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The noise of C = BBᵀ + Ψ (B of rank m) recovered from C alone, exactly; and what cannot be recovered. */
class AdditiveNoiseTest {

    /** BBᵀ + diag(psi) for a random d×m B. */
    private static double[] covariance(int d, int m, double[] psi, long seed) {
        double[] b = Matrices.gaussian(d, m, new Random(seed));
        double[] c = Matrices.multiply(false, b, true, b, d, d, m);
        for (int i = 0; i < d; i++) {
            c[i + i * d] += psi[i];
        }
        return c;
    }

    @Test
    void isotropicNoiseIsTheMeanOfTheTrailingEigenvalues() {
        int d = 20;
        int m = 10;
        double[] psi = new double[d];
        java.util.Arrays.fill(psi, 0.7);
        AdditiveNoise.Estimate e = AdditiveNoise.estimate(covariance(d, m, psi, 1), d, m, AdditiveNoise.Kind.ISOTROPIC);
        assertArrayEquals(psi, e.noise().variances(), 1e-12);
        assertTrue(e.residual() < 1e-11, "C − σ²I has rank m: residual " + e.residual());
    }

    @Test
    void diagonalNoiseIsRecoveredExactlyFromThePopulationCovariance() {
        int d = 20;
        int m = 10;
        double[] psi = new double[d];
        for (int i = 0; i < d; i++) { // standard deviations spread 10:1
            double sd = Math.pow(10, -i / (double) (d - 1));
            psi[i] = sd * sd;
        }
        AdditiveNoise.Estimate e = AdditiveNoise.estimate(covariance(d, m, psi, 2), d, m, AdditiveNoise.Kind.DIAGONAL);
        assertTrue(e.identifiable());
        assertEquals(0, e.clipped());
        assertArrayEquals(psi, e.noise().variances(), 1e-9);
        assertTrue(e.residual() < 1e-9, "residual " + e.residual());
        assertTrue(e.steps() < AdditiveNoise.MAX_STEPS, "converged in " + e.steps() + " steps");
    }

    @Test
    void diagonalNoiseBeyondTheIdentifiabilityBoundIsFlagged() {
        // d = 6, m = 4: (d − m)(d − m + 1)/2 = 3 equations for 6 variances
        int d = 6;
        int m = 4;
        double[] psi = {0.5, 0.4, 0.3, 0.2, 0.6, 0.1};
        AdditiveNoise.Estimate e = AdditiveNoise.estimate(covariance(d, m, psi, 3), d, m, AdditiveNoise.Kind.DIAGONAL);
        assertFalse(e.identifiable());
    }

    @Test
    void noNoiseAndNoRoomForNoise() {
        double[] c = covariance(5, 2, new double[5], 4);
        AdditiveNoise.Estimate none = AdditiveNoise.estimate(c, 5, 2, AdditiveNoise.Kind.NONE);
        assertArrayEquals(new double[5], none.noise().variances(), 0);
        assertTrue(none.residual() < 1e-12);
        assertThrows(IllegalArgumentException.class, () -> AdditiveNoise.estimate(c, 5, 5, AdditiveNoise.Kind.ISOTROPIC));
        assertEquals(AdditiveNoise.Kind.DIAGONAL, AdditiveNoise.Kind.parse(" Diagonal "));
        assertThrows(IllegalArgumentException.class, () -> AdditiveNoise.Kind.parse("pink"));
    }
}
