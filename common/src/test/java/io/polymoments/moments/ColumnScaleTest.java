package io.polymoments.moments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.model.QuadraticTransform;
import org.junit.jupiter.api.Test;

class ColumnScaleTest {
    @Test
    void ordinaryMagnitudesKeepTheirUnitsAndExtremeOnesGetPowersOfTwo() {
        assertNull(ColumnScale.forMagnitudes(new double[] {1e-30, 0, 1e30}), "inside [2^-120, 2^120]");
        // one common factor for columns within 2^120 of the largest, its own for a column farther below, none for 0
        ColumnScale s = ColumnScale.forMagnitudes(new double[] {3e300, 5e299, 1e-300, 0});
        int e = Math.getExponent(3e300);
        assertArrayEquals(new double[] {Math.scalb(1.0, e), Math.scalb(1.0, e), Math.scalb(1.0, Math.getExponent(1e-300)),
                1}, s.factors(), 0.0);
        double[] row = {3e300, -5e299, 1e-300, 0};
        s.toScaled(row);
        assertEquals(3e300 / Math.scalb(1.0, e), row[0], 0.0);
        assertTrue(Math.abs(row[2]) >= 1 && Math.abs(row[2]) < 2, "in [1, 2): " + row[2]);
        assertEquals(s, ColumnScale.ofFactors(s.factors()));
        assertThrows(IllegalArgumentException.class, () -> ColumnScale.ofFactors(new double[] {3.0}));
    }

    /** A basis in scaled units and the same basis in the data's units project a row to the same z, bit for bit. */
    @Test
    void theBasisInDataUnitsProjectsUnscaledRowsAlike() {
        ColumnScale s = ColumnScale.ofFactors(new double[] {0x1p990, 0x1p-990});
        Basis scaled = new Basis(2, 1, new double[] {0.5, -0.25}, new double[] {1.5, -3.0});
        double[] y = {1.25 * 0x1p990, 0.75 * 0x1p-990};
        double[] ys = y.clone();
        s.toScaled(ys);
        assertArrayEquals(scaled.project(ys, 1), s.toDataUnits(scaled).project(y.clone(), 1), 0.0);
    }

    @Test
    void aModelMapsBackExactlyOrIsRefused() {
        QuadraticTransform q = QuadraticTransform.of(1, 2, new double[] {1.5, -2}, new double[] {0.5, 1}, new double[] {3, 4});
        QuadraticTransform big = q.withOutputScale(new double[] {0x1p1000, 0x1p-1000});
        assertArrayEquals(new double[] {1.5 * 0x1p1000, -2 * 0x1p-1000}, big.q(), 0.0);
        assertArrayEquals(new double[] {0.5 * 0x1p1000, 0x1p-1000}, big.b(), 0.0);
        assertArrayEquals(new double[] {3 * 0x1p1000, 4 * 0x1p-1000}, big.c(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> q.withOutputScale(new double[] {0x1p1023, 1}));
    }
}
