package io.polymoments.learn.lowrank;

import io.polymoments.metrics.SymmetryAlignment;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import io.polymoments.moments.PopulationMoments;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.moments.Whitening;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exact recovery from population moments on the settings of docs/lowrank.md §12.1 (seeded instances). */
class LowRankLearnerTest {

    private static LowRankFit fitPopulation(LowRankTransform truth, LowRankOptions opt) {
        return LowRankLearner.fit(PopulationMoments.lowRank(truth), opt);
    }

    private static void assertExactRecovery(LowRankTransform truth, LowRankFit fit) {
        assertEquals(LowRankVerdict.FITS, fit.verdict(), fit.message());
        SymmetryAlignment.AlignmentError e = SymmetryAlignment.align(truth, fit.model());
        assertTrue(e.errW() <= 1e-6, "errW " + e.errW());
        assertTrue(e.errGram() <= 1e-6, "errGram " + e.errGram());
        assertEquals(fit.expectedNullDimension(), fit.nullDimension());
        // the fitted model reproduces the mean and covariance it was fitted to
        double[] cov = truth.covariance();
        double[] covFit = fit.model().covariance();
        double scale = io.polymoments.linalg.Matrices.frobeniusNorm(cov);
        assertTrue(io.polymoments.linalg.Matrices.distance(cov, covFit) <= 1e-9 * scale);
        double[] mu = truth.mean();
        double[] muFit = fit.model().mean();
        for (int i = 0; i < mu.length; i++) {
            assertEquals(mu[i], muFit[i], 1e-9 * (1 + Math.abs(mu[i])));
        }
    }

    @ParameterizedTest(name = "He2 r={0} m={1} d={2} seed={3}")
    @CsvSource({"3,3,10,0", "3,3,10,1", "4,5,12,0", "4,5,12,1", "4,6,20,0", "4,6,20,1", "5,8,20,0", "5,8,20,1",
            "6,8,40,0", "6,8,40,1"})
    void recoversWickSquareUnits(int r, int m, int d, long seed) {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, r, m, d, seed);
        assertExactRecovery(t, fitPopulation(t, LowRankOptions.known(m, r, 0, 0, 1).withSeed(seed)));
    }

    @ParameterizedTest(name = "He3 r={0} m={1} d={2} seed={3}")
    @CsvSource({"3,4,10,0", "3,4,10,1", "3,6,20,0", "3,6,20,1", "4,8,20,0", "4,8,20,1", "6,8,40,0", "6,8,40,1"})
    void recoversWickCubeUnits(int r, int m, int d, long seed) {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 0, 1}, r, m, d, seed);
        assertExactRecovery(t, fitPopulation(t, LowRankOptions.known(m, r, 0, 0, 0, 1).withSeed(seed)));
    }

    @ParameterizedTest(name = "0.5He1+He2 r={0} m={1} d={2} seed={3}")
    @CsvSource({"3,3,10,0", "3,3,10,1", "4,5,12,0", "4,5,12,1", "4,6,20,0", "4,6,20,1", "5,8,20,0", "5,8,20,1",
            "6,8,40,0", "6,8,40,1"})
    void recoversKnownMixedQuadraticUnitsWithTheMatchedContrast(int r, int m, int d, long seed) {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0.5, 1}, r, m, d, seed);
        assertExactRecovery(t, fitPopulation(t, LowRankOptions.known(m, r, 0, 0.5, 1).withSeed(seed)));
    }

    @Test
    void knownActivationWithConstantTermGivesTheRightOffset() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0.7, 0.5, 1}, 3, 3, 6, 4L);
        LowRankFit fit = fitPopulation(t, LowRankOptions.known(3, 3, 0.7, 0.5, 1));
        assertExactRecovery(t, fit);
        double[] c = t.offset();
        double[] cFit = fit.model().offset();
        // offset is only defined up to the sign symmetry of W columns, which the constant term breaks: compare means
        for (int i = 0; i < c.length; i++) {
            assertEquals(t.mean()[i], fit.model().mean()[i], 1e-9);
        }
        assertEquals(c.length, cFit.length);
    }

    @ParameterizedTest(name = "free omega=2 r={0} m={1} d={2}")
    @CsvSource({"3,3,10", "4,6,20"})
    void freeQuadraticUnitsAreRecoveredOrTheCostFlagsTheFailure(int r, int m, int d) {
        int ok = 0;
        for (long seed = 0; seed < 4; seed++) {
            LowRankTransform t = LowRankTransform.random(ActivationMode.FREE, new double[3], r, m, d, seed);
            LowRankFit fit = fitPopulation(t, LowRankOptions.free(m, r, 2).withSeed(seed));
            double errW = SymmetryAlignment.align(t, fit.model()).errW();
            if (fit.verdict() == LowRankVerdict.FITS) {
                assertTrue(errW <= 1e-6, "a fit reported as FITS must be exact from population moments; errW " + errW);
                ok++;
            } else {
                assertEquals(LowRankVerdict.DOES_NOT_FIT, fit.verdict(), fit.message());
                assertTrue(fit.cost() > 1e-12, "a failure must show in the cost");
            }
        }
        assertTrue(ok >= 3, "only " + ok + "/4 free omega=2 instances recovered");
    }

    @ParameterizedTest(name = "He2 r=3 m=5 seed={0}")
    @CsvSource({"0", "1"})
    void nonIdentifiableSettingIsReportedThroughTheJacobianNullSpace(long seed) {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, 3, 5, 10, seed);
        LowRankFit fit = fitPopulation(t, LowRankOptions.known(5, 3, 0, 0, 1).withSeed(seed));
        assertNotNull(fit.identifiabilityWarning());
        assertEquals(LowRankVerdict.NOT_IDENTIFIABLE, fit.verdict(), fit.message());
        assertTrue(fit.nullDimension() > fit.expectedNullDimension(), "null dimension " + fit.nullDimension());
        assertTrue(fit.message().contains("moments fit, parameters do not"), fit.message());
    }

    @Test
    void identifiabilityBoundIsCheckedUpFront() {
        assertNull(LowRankLearner.identifiabilityWarning(4, 3, 2));   // D − r + 1 with ω^{r−1} = m points
        assertNotNull(LowRankLearner.identifiabilityWarning(5, 3, 2));
        assertNull(LowRankLearner.identifiabilityWarning(6, 4, 2));
        assertNotNull(LowRankLearner.identifiabilityWarning(7, 4, 2));
        assertNull(LowRankLearner.identifiabilityWarning(7, 3, 3));
        assertNotNull(LowRankLearner.identifiabilityWarning(8, 3, 3));
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, 3, 5, 10, 0L);
        WhitenedMoments wm = PopulationMoments.lowRank(t);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LowRankLearner.fit(wm, LowRankOptions.known(5, 3, 0, 0, 1).withStrict(true)));
        assertTrue(e.getMessage().contains("identifiability bound"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LowRankLearner.fit(wm, LowRankOptions.known(5, 1, 0, 0, 1)));
        assertTrue(e.getMessage().contains("cannot be linearly independent"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LowRankLearner.fit(wm, LowRankOptions.known(4, 3, 0, 0, 1)));
        assertTrue(e.getMessage().contains("m=5"), e.getMessage());
    }

    @Test
    void gaussianMomentsAreNotFitted() {
        int d = 4;
        double[] mean = {1, 2, 3, 4};
        double[] cov = {2, 0.5, 0, 0, 0.5, 1, 0, 0, 0, 0, 1, 0.2, 0, 0, 0.2, 3};
        for (int m : new int[] {4, 2}) {
            Whitening wh = Whitening.of(mean, cov, d, m);
            double[] z4 = new double[m * m * m * m];
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    z4[a + m * a + m * m * b + m * m * m * b] += 1;
                    z4[a + m * b + m * m * a + m * m * m * b] += 1;
                    z4[a + m * b + m * m * b + m * m * m * a] += 1;
                }
            }
            LowRankFit fit = LowRankLearner.fit(new WhitenedMoments(wh, Double.POSITIVE_INFINITY, new double[m * m * m], z4, null, null),
                    LowRankOptions.free(m, 3, 2));
            assertEquals(m == d ? LowRankVerdict.NO_LOW_RANK_STRUCTURE : LowRankVerdict.MOMENTS_NEAR_GAUSSIAN, fit.verdict());
            assertNull(fit.model());
        }
        // samples of a Gaussian, with standard errors: no structure either
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        double[][] rows = new double[20_000][3];
        for (double[] y : rows) {
            double g0 = rng.nextGaussian();
            double g1 = rng.nextGaussian();
            double g2 = rng.nextGaussian();
            y[0] = g0 + 1;
            y[1] = 0.5 * g0 + g1;
            y[2] = 2 * g2 - g1;
        }
        LowRankFit fit = LowRankLearner.fit(WhitenedMomentAccumulator.fromSamples(rows, 3), LowRankOptions.free(3, 2, 2));
        assertEquals(LowRankVerdict.NO_LOW_RANK_STRUCTURE, fit.verdict(), fit.message());
    }

    @Test
    void finiteAmbiguityOfWickCubesIsSeenByStepA() {
        // He3, r = 3, m = 8: the span of the u_l^{⊗3} holds 9 rank-one tensors, the Jacobian test cannot see it
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 0, 1}, 3, 8, 20, 1L);
        LowRankFit fit = fitPopulation(t, LowRankOptions.known(8, 3, 0, 0, 0, 1).withSeed(1L).withRestarts(2));
        assertEquals(LowRankVerdict.NOT_IDENTIFIABLE, fit.verdict(), fit.message());
        assertEquals(fit.expectedNullDimension(), fit.nullDimension());
        assertTrue(fit.message().contains("finite ambiguity"), fit.message());
    }

    @Test
    void misspecifiedActivationDoesNotFit() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0.5, 1}, 3, 3, 8, 2L);
        LowRankFit fit = fitPopulation(t, LowRankOptions.known(3, 3, 0, 0, 1).withRestarts(3));
        assertEquals(LowRankVerdict.DOES_NOT_FIT, fit.verdict(), fit.message());
        assertTrue(fit.cost() > 1e-6);
        assertEquals(3, fit.restartCosts().length, "all restarts run when no exact fit is found");
    }

    @Test
    void errorsShrinkWithSampleSizeAndTheFitIsAtTheNoiseLevel() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, 3, 3, 6, 0L);
        double[] err = new double[2];
        int[] sizes = {20_000, 400_000};
        for (int k = 0; k < 2; k++) {
            WhitenedMoments wm = WhitenedMomentAccumulator.fromSamples(t.sampleBlock(1000L, 0, sizes[k]), 3);
            LowRankFit fit = LowRankLearner.fit(wm, LowRankOptions.known(3, 3, 0, 0, 1));
            assertEquals(LowRankVerdict.FITS, fit.verdict(), fit.message());
            assertTrue(fit.cost() <= 1.5 * fit.noiseLevel());
            assertEquals(6, fit.restartCosts().length, "with samples every restart runs");
            err[k] = SymmetryAlignment.align(t, fit.model()).errW();
        }
        assertTrue(err[1] < err[0] / 3, "errW " + err[0] + " -> " + err[1]);
        assertTrue(err[1] < 0.1, "errW at n=4e5: " + err[1]);
    }

    @Test
    void plainArrayEntryPointRecomputesTheSameWhitening() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, 3, 3, 10, 5L);
        WhitenedMoments wm = PopulationMoments.lowRank(t);
        LowRankFit fit = LowRankLearner.fit(t.mean(), t.covariance(), 10, Double.POSITIVE_INFINITY, wm.z3(), wm.z4(),
                null, null, LowRankOptions.known(3, 3, 0, 0, 1));
        assertExactRecovery(t, fit);
    }

    @ParameterizedTest(name = "mix3 with unknown norms, seed={0}")
    @CsvSource({"0", "3"})
    void recoversUnknownNormsOfAKnownMixedCubicActivation(long seed) {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN_UNKNOWN_NORMS, new double[] {0, 0.5, 1, 0.4},
                3, 3, 10, seed);
        LowRankFit fit = fitPopulation(t, LowRankOptions.unknownNorms(3, 3, 0, 0.5, 1, 0.4).withSeed(seed));
        assertExactRecovery(t, fit);
        SymmetryAlignment.AlignmentError e = SymmetryAlignment.align(t, fit.model());
        double[] trueNorms = t.norms();
        double[] fitNorms = fit.model().norms();
        for (int l = 0; l < 3; l++) {
            assertEquals(trueNorms[l], fitNorms[e.permutation()[l]], 1e-6, "norm of unit " + l);
        }
    }

    /**
     * Restarts and Step A's multi-starts on driver threads give the fit of the calling thread alone, bit for bit: with
     * samples (every restart runs), with population moments whose first restart is not exact (runs after the first
     * exact one are dropped), and with unknown norms (the free restarts, then their refinements).
     */
    @Test
    void driverThreadsDoNotChangeTheFit() {
        LowRankTransform t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, 3, 4, 8, 2L);
        WhitenedMoments samples = WhitenedMomentAccumulator.fromSamples(t.sampleBlock(5L, 0, 20_000), 4);
        assertEquals(6, assertSameFit(samples, LowRankOptions.known(4, 3, 0, 0, 1).withSeed(3L)).restartCosts().length);

        LowRankTransform slow = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, 4, 5, 8, 8L);
        double[] costs = assertSameFit(PopulationMoments.lowRank(slow), LowRankOptions.known(5, 4, 0, 0, 1).withSeed(8L))
                .restartCosts();
        assertTrue(costs.length >= 2 && costs[0] > 1 && costs[costs.length - 1] < 1e-18, java.util.Arrays.toString(costs));

        LowRankTransform norms = LowRankTransform.random(ActivationMode.KNOWN_UNKNOWN_NORMS,
                new double[] {0, 0.5, 1, 0.4}, 3, 3, 6, 1L);
        WhitenedMoments normSamples = WhitenedMomentAccumulator.fromSamples(norms.sampleBlock(6L, 0, 20_000), 3);
        assertEquals(3, assertSameFit(normSamples, LowRankOptions.unknownNorms(3, 3, 0, 0.5, 1, 0.4).withRestarts(3))
                .restartCosts().length);
    }

    private static LowRankFit assertSameFit(WhitenedMoments wm, LowRankOptions opt) {
        LowRankFit one = LowRankLearner.fit(wm, opt.withThreads(1));
        LowRankFit three = LowRankLearner.fit(wm, opt.withThreads(3));
        assertArrayEquals(one.restartCosts(), three.restartCosts());
        assertEquals(one.verdict(), three.verdict());
        assertEquals(one.poolSize(), three.poolSize());
        assertArrayEquals(one.contrastMaxima(), three.contrastMaxima());
        assertArrayEquals(one.model().outputWeights(), three.model().outputWeights());
        assertArrayEquals(one.model().hiddenWeights(), three.model().hiddenWeights());
        assertArrayEquals(one.model().offset(), three.model().offset());
        return one;
    }
}
