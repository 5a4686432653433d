package io.polymoments.moments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A row's split half is a function of its values: the same for any partitioning and order of the rows. */
class SplitHalfAssignmentTest {

    private static SplitHalfSketch sketch(List<double[]> rows, int from, int to) {
        SketchAccumulator acc = new SketchAccumulator(3, rows.get(0).length, null, 64);
        for (int i = from; i < to; i++) {
            acc.add(rows.get(i));
        }
        return acc.finish();
    }

    @Test
    void everyPartitioningAndOrderGivesTheSameHalves() {
        List<double[]> rows = new ArrayList<>(List.of(MomentSketchTest.skewedRows(3000, 3, 2.0, 41)));
        rows.addAll(rows.subList(0, 200)); // exact duplicates
        SplitHalfSketch one = sketch(rows, 0, rows.size());
        List<double[]> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(3));
        // parts of odd and even sizes, one of a single row
        int[] cuts = {0, 1, 8, 509, 1400, 2201, shuffled.size()};
        SplitHalfSketch parts = SplitHalfSketch.empty(3, 3, null);
        for (int p = cuts.length - 2; p >= 0; p--) {
            parts.mergeInPlace(sketch(shuffled, cuts[p], cuts[p + 1]));
        }
        for (int h = 0; h < 2; h++) {
            MomentSketch a = one.half(h);
            MomentSketch b = parts.half(h);
            assertEquals(a.count(), b.count(), "half " + h + " count");
            assertTrue(MomentSketchTest.relErr(b.mean(), a.mean()) < 1e-13, "half " + h + " mean");
            for (int q = 2; q <= 3; q++) {
                assertTrue(MomentSketchTest.relErr(b.packedSum(q), a.packedSum(q)) < 1e-12, "half " + h + " order " + q);
            }
        }
    }

    /** The passes sketch extreme data in power-of-two units (§10 of docs/moments.md): the halves must not move. */
    @Test
    void aCommonPowerOfTwoFactorKeepsEveryRowInItsHalf() {
        List<double[]> rows = new ArrayList<>(List.of(MomentSketchTest.skewedRows(2000, 3, 2.0, 43)));
        rows.add(new double[] {0.0, 1.0, -3.0});
        SplitHalfSketch unit = sketch(rows, 0, rows.size());
        for (int e : new int[] {-960, -7, 1, 960}) {
            List<double[]> scaled = new ArrayList<>();
            for (double[] r : rows) {
                scaled.add(new double[] {Math.scalb(r[0], e), Math.scalb(r[1], e), Math.scalb(r[2], e)});
            }
            SplitHalfSketch s = sketch(scaled, 0, scaled.size());
            for (int h = 0; h < 2; h++) {
                assertEquals(unit.half(h).count(), s.half(h).count(), "2^" + e + ", half " + h);
                double[] mean = s.half(h).mean();
                for (int j = 0; j < 3; j++) {
                    assertEquals(unit.half(h).mean()[j], Math.scalb(mean[j], -e), 0.0, "2^" + e + ", half " + h);
                }
            }
        }
    }

    @Test
    void copiesOfARowLandInOneHalfAndSignedZerosAreOneValue() {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            rows.add(new double[] {i % 2 == 0 ? 0.0 : -0.0, 1.5, -2.25});
        }
        SplitHalfSketch s = sketch(rows, 0, rows.size());
        assertEquals(9, Math.max(s.half(0).count(), s.half(1).count()), s.toString());
    }

    @Test
    void theHalvesAreBalancedForRandomAndForGridData() {
        // 90,000 Gaussian rows and the 300 × 300 integer grid (few mantissa bits set): Binomial(n, 1/2) halves
        List<double[]> gaussian = new ArrayList<>();
        Random rng = new Random(7);
        for (int i = 0; i < 90_000; i++) {
            gaussian.add(new double[] {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()});
        }
        List<double[]> grid = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < 300; j++) {
                grid.add(new double[] {i, j - 150});
            }
        }
        for (List<double[]> rows : List.of(gaussian, grid)) {
            int n = rows.size();
            SketchAccumulator acc = new SketchAccumulator(2, rows.get(0).length, null);
            rows.forEach(acc::add);
            long first = acc.finish().half(0).count();
            double sd = Math.sqrt(n) / 2;
            assertTrue(Math.abs(first - n / 2.0) < 4 * sd, "half 0 holds " + first + " of " + n + " rows");
        }
    }
}
