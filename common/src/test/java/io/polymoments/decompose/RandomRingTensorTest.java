package io.polymoments.decompose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RandomRingTensorTest {
    @Test
    void cleanTensorIsTheRingsTraceFormulaEntryByEntry() {
        RandomRingTensor p = RandomRingTensor.generate(new int[] {4, 5, 3}, new int[] {2, 3, 2}, 0, 7);
        assertSame(p.clean(), p.tensor());
        double worst = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                for (int k = 0; k < 3; k++) {
                    // entry() multiplies the slices G0[:,i,:] G1[:,j,:] G2[:,k,:] and takes the trace: independent of full()
                    worst = Math.max(worst, Math.abs(p.tensor().get(i, j, k) - p.ring().entry(i, j, k)));
                }
            }
        }
        assertEquals(0, worst, 1e-12);
    }

    @Test
    void noiseHasExactlyTheRequestedRelativeNormAndKeepsTheCores() {
        int[] dims = {6, 6, 6, 6};
        int[] ranks = {2, 3, 2, 2};
        RandomRingTensor clean = RandomRingTensor.generate(dims, ranks, 0, 3);
        RandomRingTensor noisy = RandomRingTensor.generate(dims, ranks, 0.05, 3);
        assertEquals(clean.ring(), noisy.ring());
        assertEquals(0.05, noisy.tensor().relativeErrorTo(noisy.clean()), 1e-12);
        assertEquals(0, noisy.clean().relativeErrorTo(clean.clean()), 0.0);
        RandomRingTensor other = RandomRingTensor.generate(dims, ranks, 0.05, 4);
        assertEquals(true, other.tensor().relativeErrorTo(noisy.tensor()) > 0.5, "another seed gives another tensor");
    }

    @Test
    void rejectsBadNoiseAndMismatchedRanks() {
        assertThrows(IllegalArgumentException.class, () -> RandomRingTensor.generate(new int[] {3, 3, 3}, new int[] {2, 2, 2}, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> RandomRingTensor.generate(new int[] {3, 3, 3}, new int[] {2, 2}, 0, 1));
    }
}
