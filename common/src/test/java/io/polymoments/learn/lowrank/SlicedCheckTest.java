package io.polymoments.learn.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import org.junit.jupiter.api.Test;

class SlicedCheckTest {
    private static final int N = 4000;

    private static LowRankTransform truth() {
        return LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, 2, 3, 5, 4L);
    }

    /** The same W, A, c with another activation. */
    private static LowRankTransform withActivation(LowRankTransform t, double[] sigma) {
        return LowRankTransform.of(ActivationMode.KNOWN, t.outputWeights(), t.hiddenWeights(), t.offset(),
                new double[][] {sigma}, t.outputDim(), t.hidden(), t.latentDim());
    }

    private static LowRankFit fitsWith(LowRankTransform model) {
        return new LowRankFit(LowRankVerdict.FITS, "fits", model, 1, 1, 10, 5, 1, 1, new double[0], new double[] {1}, 3, 3,
                new double[0], null, new double[] {9, 9}, new long[4]);
    }

    @Test
    void correctModelSitsAtTheFloorAndKeepsFits() {
        LowRankTransform t = truth();
        double[] data = SlicedCheck.draw(t, N, 123L);
        SlicedCheck c = SlicedCheck.of(t, data, N, null, 0, 100, 7L);
        assertTrue(c.ratio() > 0.5 && c.ratio() < SlicedCheck.MAX_RATIO, c.summary());
        assertTrue(c.passes());
        LowRankFit fit = fitsWith(t);
        assertSame(fit, c.applyTo(fit));
    }

    @Test
    void theTrueModelPassesOnEverySeed() {
        // a single two-sample floor scatters by ~30% (w1/floor of the truth ranged 0.43-2.3 over 20 seeds); against
        // the null distribution the truth must pass every time, and its z-scores average near zero
        LowRankTransform t = truth();
        double zSum = 0;
        int seeds = 12;
        for (int k = 0; k < seeds; k++) {
            double[] data = SlicedCheck.draw(t, 2_000, 1000 + k);
            SlicedCheck c = SlicedCheck.of(t, data, 2_000, null, 0, 100, 7 + k);
            assertTrue(c.passes(), "seed " + k + ": " + c.summary());
            zSum += c.z();
        }
        assertTrue(Math.abs(zSum / seeds) < 1.5, "mean z " + zSum / seeds);
    }

    @Test
    void misspecifiedActivationIsFlagged() {
        LowRankTransform t = truth();
        double[] data = SlicedCheck.draw(t, N, 123L);
        // sqrt(2)·He1 has the variance of He2 but is Gaussian, while He2 = x^2 - 1 is skewed
        LowRankTransform wrong = withActivation(t, new double[] {0, Math.sqrt(2), 0});
        SlicedCheck c = SlicedCheck.of(wrong, data, N, null, 0, 100, 7L);
        assertTrue(c.ratio() > 3, "ratio " + c.ratio());
        assertTrue(c.z() > 10 && c.exceeded() == 0, c.summary());
        assertFalse(c.passes());
        LowRankFit downgraded = c.applyTo(fitsWith(wrong));
        assertEquals(LowRankVerdict.DOES_NOT_FIT, downgraded.verdict());
        assertTrue(downgraded.message().contains("sliced W1"), downgraded.message());
        // other verdicts are left alone
        LowRankFit other = new LowRankFit(LowRankVerdict.NOT_IDENTIFIABLE, "x", wrong, 1, 1, 10, 5, 2, 1, new double[0],
                new double[] {1}, 3, 3, new double[0], null, new double[] {9, 9}, new long[4]);
        assertSame(other, c.applyTo(other));
    }

    @Test
    void rejectsMisshapenData() {
        LowRankTransform t = truth();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SlicedCheck.of(t, new double[7], 2, null, 0, 10, 1L));
    }
}
