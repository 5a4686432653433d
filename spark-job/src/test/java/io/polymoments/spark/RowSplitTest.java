package io.polymoments.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowSplitTest {

    @Test
    void holdsOutTheRequestedShareOfRows() {
        SplittableRandom rng = new SplittableRandom(5);
        for (double f : new double[] {0.01, 0.1, 0.5}) {
            RowSplit split = new RowSplit(3L, f);
            int n = 200_000;
            int held = 0;
            double[] row = new double[4];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = rng.nextGaussian();
                }
                held += split.heldOut(row) ? 1 : 0;
            }
            assertTrue(Math.abs(held - f * n) < 5 * Math.sqrt(n * f * (1 - f)), f + ": held out " + held);
        }
        // rows on an integer grid (stored counts, ratings) are spread as well
        RowSplit split = new RowSplit(0L, 0.1);
        int held = 0;
        for (int a = 0; a < 300; a++) {
            for (int b = 0; b < 300; b++) {
                held += split.heldOut(new double[] {a, b}) ? 1 : 0;
            }
        }
        assertTrue(Math.abs(held - 9_000) < 5 * Math.sqrt(90_000 * 0.09), "grid: held out " + held);
    }

    @Test
    void dependsOnTheValuesAndTheSeedOnly() {
        RowSplit split = new RowSplit(11L, 0.3);
        double[] row = {1.5, -0.0, 7};
        assertEquals(split.uniform(row), split.uniform(row.clone()));
        assertEquals(split.uniform(row), split.uniform(new double[] {1.5, 0.0, 7}), "-0.0 and 0.0 are the same value");
        assertTrue(split.uniform(row) != new RowSplit(12L, 0.3).uniform(row));
        assertTrue(split.uniform(row) != split.uniform(new double[] {7, 0.0, 1.5}), "order of the values matters");
    }

    @Test
    void automaticFractionAimsAtTwentyThousandRows() {
        assertEquals(0.1, RowSplit.auto(10_000, 0).fraction());
        assertEquals(0.1, RowSplit.auto(200_000, 0).fraction());
        assertEquals(0.02, RowSplit.auto(1_000_000, 0).fraction(), 1e-15);
        assertEquals(2e-5, RowSplit.auto(1_000_000_000, 0).fraction(), 1e-18);
        assertThrows(IllegalArgumentException.class, () -> new RowSplit(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RowSplit(0, 0.6));
        assertThrows(IllegalArgumentException.class, () -> new RowSplit(0, Double.NaN));
    }
}
