package io.polymoments.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HermiteTest {

    @Test
    void gaussHermiteReproducesGaussianMomentsExactly() {
        Hermite.Quadrature q = Hermite.gaussHermite(12);
        double doubleFactorial = 1.0; // (2k−1)!!
        for (int k = 0; k <= 11; k++) {
            final int p = 2 * k;
            double moment = q.expectation(t -> Math.pow(t, p));
            assertEquals(doubleFactorial, moment, 1e-12 * doubleFactorial, "E g^" + p);
            assertEquals(0.0, q.expectation(t -> Math.pow(t, p + 1)), 1e-10 * doubleFactorial, "odd moment");
            doubleFactorial *= 2 * k + 1;
        }
    }

    @Test
    void hermitePolynomialsAreOrthogonalWithNormFactorial() {
        Hermite.Quadrature q = Hermite.gaussHermite(20);
        for (int j = 0; j <= 6; j++) {
            for (int k = 0; k <= 6; k++) {
                final int jj = j;
                final int kk = k;
                double ip = q.expectation(t -> Hermite.value(jj, t) * Hermite.value(kk, t));
                assertEquals(j == k ? Hermite.factorial(j) : 0.0, ip, 1e-10, "E He_" + j + " He_" + k);
            }
        }
        // closed forms He_3 = t^3 − 3t, He_4 = t^4 − 6t^2 + 3
        assertEquals(Math.pow(1.7, 3) - 3 * 1.7, Hermite.value(3, 1.7), 1e-13);
        assertEquals(Math.pow(-0.3, 4) - 6 * 0.09 + 3, Hermite.value(4, -0.3), 1e-13);
    }

    @Test
    void rescaleMatchesDirectEvaluationAndItsDerivativeMatchesDifferences() {
        double[] c = {0.3, 0.5, 1.0, 0.7, -0.2};
        SplittableRandom rng = new SplittableRandom(4);
        for (double alpha : new double[] {0.6, 1.0, 1.7}) {
            double[] cr = Hermite.rescale(c, alpha);
            for (int i = 0; i < 5; i++) {
                double t = 2 * rng.nextGaussian();
                assertEquals(Hermite.evaluate(c, alpha * t), Hermite.evaluate(cr, t), 1e-12 * (1 + Math.abs(Hermite.evaluate(c, alpha * t))));
            }
            double[] dr = Hermite.rescaleDerivative(c, alpha);
            double h = 1e-6;
            double[] plus = Hermite.rescale(c, alpha + h);
            double[] minus = Hermite.rescale(c, alpha - h);
            for (int j = 0; j < c.length; j++) {
                assertEquals((plus[j] - minus[j]) / (2 * h), dr[j], 1e-7 * (1 + Math.abs(dr[j])));
            }
        }
    }

    @Test
    void coefficientsOfRecoverAPolynomial() {
        double[] c = {1.0, -0.5, 0.25, 2.0};
        double[] back = Hermite.coefficientsOf(t -> Hermite.evaluate(c, t), 5, 10);
        for (int j = 0; j < 6; j++) {
            assertEquals(j < c.length ? c[j] : 0.0, back[j], 1e-12);
        }
    }
}
