package io.polymoments.moments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.tensor.PackedSymmetric;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tiled block kernel against a direct sum over rows, for tiles from one entry to the whole square. */
class BlockKernelTest {

    private static double[] rowMajor(double[][] rows) {
        int d = rows[0].length;
        double[] block = new double[rows.length * d];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, block, r * d, d);
        }
        return block;
    }

    private static MomentSketch blockSketch(double[][] rows, int order, int tileDoubles) {
        MomentSketch s = MomentSketch.empty(order, rows[0].length, null);
        BlockKernel.mergeInto(s, rowMajor(rows), rows.length, rows[0].length, new BlockKernel.Workspace(tileDoubles));
        return s;
    }

    /** Largest |a − b| relative to the largest |b|. */
    private static double relMax(double[] a, double[] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / scale;
    }

    /**
     * Every packed entry of one block's M3 and M4 equals Σ over rows of the centred products, whatever the tile: one
     * entry (w = 1 everywhere), odd sizes that cut runs at different j, and a tile holding the whole square.
     */
    @ParameterizedTest
    @CsvSource({"1,1", "2,1", "5,1", "5,7", "7,13", "7,29", "9,100", "9,1000000", "13,57", "13,1000000"})
    void tilesMatchTheDirectSum(int d, int tileDoubles) {
        double[][] rows = MomentSketchTest.skewedRows(37, d, 2.5, d * 101L + tileDoubles);
        for (int order = 3; order <= 4; order++) {
            MomentSketch s = blockSketch(rows, order, tileDoubles);
            assertEquals(rows.length, s.count());
            PackedSymmetric p3 = new PackedSymmetric(d, 3);
            double[] c3 = p3.pack(NaiveMoments.centralMoment(rows, 3));
            for (int i = 0; i < c3.length; i++) {
                c3[i] *= rows.length;
            }
            assertTrue(relMax(s.packedSum(3), c3) < 1e-13, "order " + order + " M3: " + relMax(s.packedSum(3), c3));
            if (order == 4) {
                double[] c4 = new PackedSymmetric(d, 4).pack(NaiveMoments.centralMoment(rows, 4));
                for (int i = 0; i < c4.length; i++) {
                    c4[i] *= rows.length;
                }
                assertTrue(relMax(s.packedSum(4), c4) < 1e-13, "M4: " + relMax(s.packedSum(4), c4));
            }
        }
    }

    /**
     * Merging a block straight from its tiles gives, bit for bit, what merging the block's own finished sketch gives:
     * the merge reads the same numbers in the same order either way.
     */
    @ParameterizedTest
    @CsvSource({"3,6,5", "4,6,5", "3,11,1", "4,11,40", "4,11,1000000"})
    void mergingTilesEqualsMergingTheBlocksSketch(int order, int d, int tileDoubles) {
        double[][] first = MomentSketchTest.skewedRows(50, d, -1.0, 3);
        double[][] second = MomentSketchTest.skewedRows(23, d, 4.0, 4);
        MomentSketch direct = blockSketch(first, order, tileDoubles);
        BlockKernel.mergeInto(direct, rowMajor(second), second.length, d, new BlockKernel.Workspace(tileDoubles));
        MomentSketch viaSketch = blockSketch(first, order, tileDoubles)
                .mergeInPlace(blockSketch(second, order, tileDoubles));
        assertTrue(direct.sameState(viaSketch));
        assertArrayEquals(viaSketch.packedSum(order), direct.packedSum(order));
    }
}
