package io.polymoments.learn.lowrank;

import io.polymoments.metrics.SymmetryAlignment;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import io.polymoments.moments.PopulationMoments;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.moments.Whitening;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Automatic latent dimension: the smallest r whose moments fit. */
class RankSearchTest {

    private static double[] sigma(String kind) {
        return switch (kind) {
            case "he2" -> new double[] {0, 0, 1};
            case "mix2" -> new double[] {0, 0.5, 1};
            case "he3" -> new double[] {0, 0, 0, 1};
            case "mix3" -> new double[] {0, 0.5, 1, 0.4};
            default -> null; // free, degree 2
        };
    }

    private static LowRankTransform instance(String kind, int r, int m, int d, long seed) {
        double[] s = sigma(kind);
        return s != null ? LowRankTransform.random(ActivationMode.KNOWN, s, r, m, d, seed)
                : LowRankTransform.random(ActivationMode.FREE, new double[3], r, m, d, seed);
    }

    private static LowRankOptions options(String kind, int m, int r, long seed) {
        double[] s = sigma(kind);
        return (s != null ? LowRankOptions.known(m, r, s) : LowRankOptions.free(m, r, 2)).withSeed(seed);
    }

    @ParameterizedTest(name = "{0} r={1} m={2} d={3} seed={4}")
    @CsvSource({"he2,3,3,10,0", "he2,4,5,12,1", "mix2,4,6,20,0", "he3,3,4,10,2", "mix3,4,6,20,1", "free2,3,3,10,0"})
    void findsTheTrueLatentDimensionFromPopulationMoments(String kind, int r, int m, int d, long seed) {
        LowRankTransform t = instance(kind, r, m, d, seed);
        WhitenedMoments wm = PopulationMoments.lowRank(t);
        int omega = t.degree();
        RankSearch.Result res = RankSearch.search(m, omega, false, rr -> LowRankLearner.fit(wm, options(kind, m, rr, seed)));
        assertEquals(r, res.rank(), res.reason());
        assertEquals(LowRankVerdict.FITS, res.fit().verdict(), res.fit().message());
        assertTrue(SymmetryAlignment.align(t, res.fit().model()).errW() <= 1e-6);
        // every smaller candidate was tried and failed by far more than the exactness threshold
        assertEquals(r - RankSearch.lowest(m, omega) + 1, res.trials().size());
        for (RankSearch.Trial tr : res.trials().subList(0, res.trials().size() - 1)) {
            assertEquals(LowRankVerdict.DOES_NOT_FIT, tr.verdict());
            assertTrue(tr.cost() > 1e6 * tr.noiseLevel(), "r = " + tr.rank() + ": cost " + tr.cost());
        }
        assertTrue(res.reason().contains("r = " + r), res.reason());
    }

    @Test
    void findsTheTrueLatentDimensionFromSamples() {
        LowRankTransform t = instance("he2", 4, 5, 12, 0);
        WhitenedMoments wm = WhitenedMomentAccumulator.fromSamples(t.sampleBlock(1000L, 0, 100_000), 5);
        RankSearch.Result res = RankSearch.search(5, 2, false, rr -> LowRankLearner.fit(wm, options("he2", 5, rr, 0)));
        assertEquals(4, res.rank(), res.reason());
        assertEquals(LowRankVerdict.FITS, res.fit().verdict());
        for (RankSearch.Trial tr : res.trials().subList(0, res.trials().size() - 1)) {
            assertEquals(LowRankVerdict.DOES_NOT_FIT, tr.verdict());
            assertTrue(tr.cost() > 5 * tr.noiseLevel(), "r = " + tr.rank() + " is clearly rejected: " + tr);
        }
        assertTrue(SymmetryAlignment.align(t, res.fit().model()).errW() < 0.1);
    }

    @Test
    void candidatesStartWhereTheUnitsCanBeIndependent() {
        // C(r + omega, omega) - 1 >= m
        assertEquals(1, RankSearch.lowest(1, 2));
        assertEquals(1, RankSearch.lowest(2, 2));
        assertEquals(2, RankSearch.lowest(3, 2));
        assertEquals(2, RankSearch.lowest(5, 2));
        assertEquals(3, RankSearch.lowest(6, 2));
        assertEquals(2, RankSearch.lowest(9, 3));
        assertEquals(3, RankSearch.lowest(10, 3));
        assertThrows(IllegalArgumentException.class, () -> RankSearch.search(0, 2, false, r -> null));
    }

    @Test
    void strictModeSkipsRanksBeyondTheIdentifiabilityBound() {
        // He2, m = 5: r = 2 and 3 exceed m <= C(r+1, 2) - r, r = 4 is within it
        LowRankTransform t = instance("he2", 4, 5, 12, 1);
        WhitenedMoments wm = PopulationMoments.lowRank(t);
        List<Integer> fitted = new ArrayList<>();
        RankSearch.Result res = RankSearch.search(5, 2, true, rr -> {
            fitted.add(rr);
            return LowRankLearner.fit(wm, options("he2", 5, rr, 1).withStrict(true));
        });
        assertEquals(List.of(4), fitted);
        assertEquals(4, res.rank());
        assertEquals(3, res.trials().size());
        assertTrue(res.trials().get(0).skipped().contains("identifiability"));
        assertNull(res.trials().get(2).skipped());
    }

    @Test
    void withoutAnyFitTheLowestRelativeCostIsKept() {
        // the learner's verdicts, scripted by rank: nothing matches, r = 3 comes closest
        double[] costs = {50, 9, 20};
        RankSearch.Result res = RankSearch.search(4, 2, false, rr -> failed(costs[rr - 2], 10));
        assertEquals(List.of(2, 3, 4), res.trials().stream().map(RankSearch.Trial::rank).toList());
        assertEquals(3, res.rank());
        assertEquals(LowRankVerdict.DOES_NOT_FIT, res.fit().verdict());
        assertTrue(res.reason().startsWith("no r in 2..4 fits"), res.reason());
    }

    @Test
    void nearGaussianMomentsStopTheSearchAtOnce() {
        int m = 3;
        Whitening wh = Whitening.of(new double[] {0, 0, 0}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, m);
        double[] z4 = new double[81];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                z4[a + m * a + m * m * b + m * m * m * b] += 1;
                z4[a + m * b + m * m * a + m * m * m * b] += 1;
                z4[a + m * b + m * m * b + m * m * m * a] += 1;
            }
        }
        WhitenedMoments wm = new WhitenedMoments(wh, Double.POSITIVE_INFINITY, new double[27], z4, null, null);
        RankSearch.Result res = RankSearch.search(m, 2, false, rr -> LowRankLearner.fit(wm, LowRankOptions.free(m, rr, 2)));
        assertEquals(1, res.trials().size());
        assertEquals(LowRankVerdict.NO_LOW_RANK_STRUCTURE, res.fit().verdict());
        assertNull(res.fit().model());
    }

    private static LowRankFit failed(double cost, double noise) {
        LowRankTransform any = instance("he2", 2, 2, 3, 0);
        return new LowRankFit(LowRankVerdict.DOES_NOT_FIT, "scripted", any, cost, noise, 10, 5, 1, 1, new double[0],
                new double[] {cost}, 2, 4, new double[0], null, new double[] {0, 0}, new long[4]);
    }
}
