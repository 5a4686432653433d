package io.polymoments.learn.quadratic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.metrics.ParameterError;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.QuadraticTransform.Structure;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.PopulationMoments;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.tensor.Svec;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact population moments → spectral estimate equals the truth up to rotation (docs/quadratic.md §14.2). */
class SpectralRecoveryTest {

    static Stream<Arguments> grid() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int r = 2; r <= 6; r++) {
            int k = Svec.tri(r);
            for (int d : new int[] {k, 2 * k}) {
                for (double rho : new double[] {0.1, 1.0}) {
                    b.add(Arguments.of(r, d, rho));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "homogeneous r={0} d={1} rho={2}")
    @MethodSource("grid")
    void homogeneousRecoveryFromExactMoments(int r, int d, double rho) {
        for (Structure s : new Structure[] {Structure.LOWRANK, Structure.EQUAL}) {
            QuadraticTransform truth = QuadraticTransform.random(r, d, s, rho, false, 100L * r + d);
            WhitenedMoments mom = PopulationMoments.quadratic(truth, RadialLaw.gaussian(), Svec.tri(r));
            SpectralFit fit = SpectralLearner.homogeneous(mom, r, JordanFrame.Options.defaults());
            double err = ParameterError.of(fit.model(), truth).relative();
            double cond = mom.eigenvalues()[0] / mom.eigenvalues()[mom.m() - 1];
            assertTrue(err <= tolerance(cond), "error " + err + " (cond " + cond + ")");
            assertEquals(2 * Math.sqrt(2), fit.diagnostics().gammaHat(), 1e-8);
        }
    }

    @ParameterizedTest(name = "affine r={0} d={1} rho={2}")
    @MethodSource("grid")
    void affineRecoveryFromExactMoments(int r, int dHom, double rho) {
        int k = Svec.tri(r);
        int d = dHom == k ? k + r : 2 * (k + r);
        for (Structure s : new Structure[] {Structure.LOWRANK, Structure.EQUAL}) {
            QuadraticTransform truth = QuadraticTransform.random(r, d, s, rho, true, 200L * r + d);
            WhitenedMoments mom = PopulationMoments.quadratic(truth, RadialLaw.gaussian(), k + r);
            SpectralFit fit = SpectralLearner.affine(mom, r, JordanFrame.Options.defaults());
            double err = ParameterError.of(fit.model(), truth).relative();
            double cond = mom.eigenvalues()[0] / mom.eigenvalues()[mom.m() - 1];
            assertTrue(err <= tolerance(cond), "error " + err + " (cond " + cond + ")");
        }
    }

    /**
     * 1e-9 as long as cond(C) ≤ 1e7; beyond that the exact moments themselves carry rounding errors amplified by
     * cond(C) (docs/quadratic.md §14.2: the population error tracks 1e-16·cond(C)), so the bound becomes 1e-16·cond(C).
     */
    static double tolerance(double cond) {
        return Math.max(1e-9, 1e-16 * cond);
    }
}
