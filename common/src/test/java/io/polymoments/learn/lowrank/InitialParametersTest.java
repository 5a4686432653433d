package io.polymoments.learn.lowrank;

import io.polymoments.linalg.LeastSquares;
import io.polymoments.linalg.Matrices;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.DiagramMoments;
import io.polymoments.model.Hermite;
import io.polymoments.model.LowRankTransform;
import io.polymoments.moments.PopulationMoments;
import io.polymoments.moments.WhitenedMoments;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitialParametersTest {

    @Test
    void exactDirectionsGiveTheExactMixingMatrixAndGram() {
        int r = 3;
        int m = 4;
        int d = 8;
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0.5, 1, 0.4}, r, m, d, 6L);
        WhitenedMoments wm = PopulationMoments.lowRank(t);
        double[] b = Matrices.multiply(Matrices.transpose(wm.whitening().basis().matrix(), d, m), t.outputWeights(), m, d,
                m);   // z = B h
        double[] binvT = Matrices.transpose(LeastSquares.solve(b, m, m, Matrices.identity(m), m), m, m);
        List<double[]> pool = new ArrayList<>();
        for (int l = 0; l < m; l++) {
            pool.add(Matrices.column(binvT, m, l));     // t_l ∝ B^{-T} e_l: ĥ_l = t_l·z ∝ h_l
        }
        InitialParameters init = new InitialParameters(pool, wm.z3(), wm.z4(), m, 3, new double[] {0.5, 1, 0.4});
        InitialParameters.Start st = init.start(new int[] {0, 1, 2, 3}, r, new SplittableRandom(0));
        assertTrue(Matrices.distance(b, st.mixing()) < 1e-10 * Matrices.frobeniusNorm(b), "M_0 must equal B");
        double[] u = st.directions();
        double[] gram = Matrices.multiply(false, u, true, u, m, m, r);
        double[] rho = t.gram();
        for (int i = 0; i < m * m; i++) {
            assertEquals(rho[i], gram[i], 1e-8, "Gram entry " + i);
        }
    }

    @Test
    void unitActivationFitReproducesTheUnivariateMoments() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int omega = 2; omega <= 3; omega++) {
            for (int rep = 0; rep < 3; rep++) {
                double[] s = new double[omega];
                for (int j = 0; j < omega; j++) {
                    s[j] = rng.nextGaussian();
                }
                double sd = Math.sqrt(Hermite.unitVariance(s));
                for (int j = 0; j < omega; j++) {
                    s[j] /= sd;
                }
                double h3 = DiagramMoments.unitMoments(new double[] {1}, s, 1, omega, 3)[0];
                double h4 = DiagramMoments.unitMoments(new double[] {1}, s, 1, omega, 4)[0];
                double[] fit = InitialParameters.fitUnitActivation(h3, h4, omega);
                assertEquals(1.0, Hermite.unitVariance(fit), 1e-12);
                assertEquals(h3, DiagramMoments.unitMoments(new double[] {1}, fit, 1, omega, 3)[0], 1e-8);
                assertEquals(h4, DiagramMoments.unitMoments(new double[] {1}, fit, 1, omega, 4)[0], 1e-8);
            }
        }
    }

    @Test
    void nearestLowRankCorrelationKeepsAnExactOne() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, 3, 6, 6, 1L);
        double[] rho = t.gram();
        double[] u = InitialParameters.nearestLowRankCorrelation(rho, 6, 3, 200, new SplittableRandom(0));
        double[] g = Matrices.multiply(false, u, true, u, 6, 6, 3);
        assertTrue(Matrices.distance(rho, g) < 1e-10);
    }

    /**
     * A direction set's initial point does not depend on which sets were started before (Step B starts sets on several
     * driver threads in any order): the cached pair correlations must not depend on the order of the pair's first use.
     */
    @Test
    void initialPointsDoNotDependOnTheOrderSetsAreStarted() {
        int m = 4;
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0.5, 1}, 3, m, 8, 3L);
        WhitenedMoments wm = WhitenedMomentAccumulator.fromSamples(t.sampleBlock(4L, 0, 5_000), m);
        SplittableRandom rng = new SplittableRandom(9);
        List<double[]> pool = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            double[] d = new double[m];
            for (int i = 0; i < m; i++) {
                d[i] = rng.nextGaussian();
            }
            pool.add(d);
        }
        double[] s = {0.5, 1};
        int[] set = {0, 1, 2, 3};
        InitialParameters fresh = new InitialParameters(pool, wm.z3(), wm.z4(), m, 2, s);
        InitialParameters used = new InitialParameters(pool, wm.z3(), wm.z4(), m, 2, s);
        used.start(new int[] {3, 2, 1, 0}, 3, new SplittableRandom(0)); // every pair first met the other way round
        InitialParameters.Start a = fresh.start(set, 3, new SplittableRandom(0));
        InitialParameters.Start b = used.start(set, 3, new SplittableRandom(0));
        assertArrayEquals(a.directions(), b.directions());
        assertArrayEquals(a.mixing(), b.mixing());
    }
}
