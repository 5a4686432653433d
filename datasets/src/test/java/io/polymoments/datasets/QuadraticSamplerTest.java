package io.polymoments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.QuadraticTransform.Structure;
import io.polymoments.model.RadialLaw;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Rows of {@link QuadraticSampler} against the closed-form mean and covariance of docs/quadratic.md §2.1–§2.3: every
 * entry's deviation, divided by its own CLT standard error (estimated from the rows), stays below 5.
 */
class QuadraticSamplerTest {
    private static final int N = 120_000;

    /** Max |estimate − formula| / standard error over the d mean entries and the d(d+1)/2 covariance entries. */
    private static double maxZ(QuadraticSampler s, double[] mean, double[] cov, long seed) {
        List<double[]> rows = SampleSetGenerator.collectLocally(s, new SampleStream(seed, N));
        int d = s.dim();
        double[] ybar = new double[d];
        for (double[] y : rows) {
            for (int i = 0; i < d; i++) {
                ybar[i] += y[i] / N;
            }
        }
        double worst = 0;
        for (int i = 0; i < d; i++) {
            // around the true mean, so the covariance check below is not affected by the mean's own error
            double se = Math.sqrt(cov[i + i * d] / N);
            worst = Math.max(worst, Math.abs(ybar[i] - mean[i]) / se);
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                double sum2 = 0;
                for (double[] y : rows) {
                    double p = (y[i] - mean[i]) * (y[j] - mean[j]);
                    sum += p;
                    sum2 += p * p;
                }
                double c = sum / N;
                double sd = Math.sqrt((sum2 / N - c * c) / N);
                worst = Math.max(worst, Math.abs(c - cov[i + j * d]) / sd);
            }
        }
        return worst;
    }

    @Test
    void homogeneousGaussianMatchesClosedForms() {
        QuadraticTransform t = QuadraticTransform.random(3, 6, Structure.LOWRANK, 0.5, false, 7);
        double z = maxZ(QuadraticSampler.of(t), t.mean(), t.covariance(), 1);
        assertTrue(z < 5, "max z-score " + z);
    }

    @Test
    void affineGaussianMatchesClosedForms() {
        QuadraticTransform t = QuadraticTransform.random(2, 5, Structure.EQUAL, 1.0, true, 8);
        double z = maxZ(QuadraticSampler.of(t), t.mean(), t.covariance(), 2);
        assertTrue(z < 5, "max z-score " + z);
    }

    @Test
    void rotationInvariantInputsMatchSection23AndNotTheGaussianFormula() {
        QuadraticTransform t = QuadraticTransform.random(3, 6, Structure.RANDOM, 1.0, false, 9);
        for (String spec : new String[] {"chi:4", "mix:0.3,1.7:0.5,0.5"}) {
            RadialLaw law = RadialLaw.parse(spec);
            QuadraticSampler s = QuadraticSampler.of(t, spec);
            double z = maxZ(s, t.mean(), t.covariance(law), 3);
            assertTrue(z < 5, spec + ": max z-score " + z);
            // the check has power: the Gaussian covariance formula is rejected for these laws
            double zGauss = maxZ(s, t.mean(), t.covariance(), 3);
            assertTrue(zGauss > 10, spec + ": Gaussian formula should be rejected, z = " + zGauss);
        }
    }

    @Test
    void rowsDependOnlyOnTheGeneratorGiven() {
        QuadraticTransform t = QuadraticTransform.random(3, 6, Structure.LOWRANK, 0.5, false, 7);
        QuadraticSampler s = QuadraticSampler.of(t, "chi:3");
        double[] a = new double[50 * 6];
        double[] b = new double[50 * 6];
        s.sample(new SplittableRandom(42), 50, a);
        s.sample(new SplittableRandom(42), 50, b);
        assertArrayEquals(a, b, 0.0);
        // and they are p(x) of the inputs that generator yields
        double[] x = t.sampleInputs(50, new SplittableRandom(42), RadialLaw.chi(3));
        assertArrayEquals(t.apply(x, 50), a, 1e-12);
    }
}
