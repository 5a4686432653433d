package io.polymoments.moments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.linalg.Matrices;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MomentSketchTest {

    /** Correlated, skewed, shifted rows: y = A·(g + 0.3 g²) + shift. */
    static double[][] skewedRows(int n, int d, double shift, long seed) {
        Random rng = new Random(seed);
        double[] a = Matrices.gaussian(d, d, rng);
        double[][] rows = new double[n][d];
        for (int r = 0; r < n; r++) {
            double[] g = new double[d];
            for (int c = 0; c < d; c++) {
                double x = rng.nextGaussian();
                g[c] = x + 0.3 * x * x;
            }
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += a[i + c * d] * g[c];
                }
                rows[r][i] = s + shift;
            }
        }
        return rows;
    }

    static MomentSketch sketchOf(double[][] rows, int order, int blockRows, Basis basis) {
        SketchAccumulator acc = new SketchAccumulator(order, rows[0].length, basis, blockRows);
        for (double[] r : rows) {
            acc.add(r);
        }
        return acc.finish().total();
    }

    static double relErr(double[] got, double[] want) {
        return Matrices.distance(got, want) / Matrices.frobeniusNorm(want);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 1000, 5000})
    void kernelsMatchNaiveReferenceForAnyBlockSize(int blockRows) {
        double[][] rows = skewedRows(1000, 4, 3.0, 17);
        MomentSketch s = sketchOf(rows, 4, blockRows, null);
        assertEquals(1000, s.count());
        assertTrue(relErr(s.mean(), NaiveMoments.mean(rows)) < 1e-14);
        assertTrue(relErr(s.covariance(), NaiveMoments.centralMoment(rows, 2)) < 1e-12);
        assertTrue(relErr(s.thirdCumulant(), NaiveMoments.centralMoment(rows, 3)) < 1e-12);
        assertTrue(relErr(s.fourthCentralMoment(), NaiveMoments.centralMoment(rows, 4)) < 1e-12);
    }

    @Test
    void fourthCumulantSubtractsThePairings() {
        double[][] rows = skewedRows(500, 3, 0.0, 5);
        MomentSketch s = sketchOf(rows, 4, 64, null);
        double[] m4 = NaiveMoments.centralMoment(rows, 4);
        double[] c = NaiveMoments.centralMoment(rows, 2);
        int d = 3;
        double[] k4 = s.fourthCumulant();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    for (int l = 0; l < d; l++) {
                        double want = m4[((i * d + j) * d + k) * d + l] - c[i * d + j] * c[k * d + l]
                                - c[i * d + k] * c[j * d + l] - c[i * d + l] * c[j * d + k];
                        assertEquals(want, k4[((i * d + j) * d + k) * d + l], 1e-11 * Math.max(1, Math.abs(want)));
                    }
                }
            }
        }
    }

    /** Mean 1e6, unit spread: per-block centring keeps every digit the data has; raw power sums lose them all. */
    @Test
    void largeOffsetGivesTheSameCumulantsAsCentredData() {
        double[][] centred = skewedRows(20000, 3, 0.0, 99);
        double[][] shifted = new double[centred.length][];
        for (int r = 0; r < centred.length; r++) {
            shifted[r] = centred[r].clone();
            for (int c = 0; c < 3; c++) {
                shifted[r][c] += 1e6;
            }
        }
        MomentSketch a = sketchOf(centred, 4, 512, null);
        MomentSketch b = sketchOf(shifted, 4, 512, null);
        assertTrue(relErr(b.covariance(), a.covariance()) < 1e-9);
        assertTrue(relErr(b.thirdCumulant(), a.thirdCumulant()) < 1e-9);
        assertTrue(relErr(b.fourthCumulant(), a.fourthCumulant()) < 1e-9);

        // The textbook raw-power-sum formula on the same shifted data: var = E[y²] − E[y]², κ3 = E[y³] − 3E[y]E[y²] + 2E[y]³.
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (double[] r : shifted) {
            s1 += r[0];
            s2 += r[0] * r[0];
            s3 += r[0] * r[0] * r[0];
        }
        int n = shifted.length;
        double m1 = s1 / n;
        double naiveVar = s2 / n - m1 * m1;
        double naiveK3 = s3 / n - 3 * m1 * s2 / n + 2 * m1 * m1 * m1;
        double trueVar = a.covariance()[0];
        double trueK3 = a.thirdCumulant()[0];
        assertTrue(Math.abs(naiveVar - trueVar) / trueVar > 1e-6, "raw sums should have lost digits in the variance");
        assertTrue(Math.abs(naiveK3 - trueK3) / Math.abs(trueK3) > 1.0, "raw sums should have destroyed κ3");
    }

    @Test
    void mergeIsAssociativeAndCommutativeOverRandomSplits() {
        double[][] rows = skewedRows(3000, 3, 10.0, 3);
        Random rng = new Random(8);
        MomentSketch whole = sketchOf(rows, 4, 3000, null);
        for (int trial = 0; trial < 5; trial++) {
            int a = 1 + rng.nextInt(rows.length - 2);
            int b = a + 1 + rng.nextInt(rows.length - a - 1);
            MomentSketch p = sketchOf(Arrays.copyOfRange(rows, 0, a), 4, 97, null);
            MomentSketch q = sketchOf(Arrays.copyOfRange(rows, a, b), 4, 97, null);
            MomentSketch r = sketchOf(Arrays.copyOfRange(rows, b, rows.length), 4, 97, null);
            MomentSketch left = p.copy().mergeInPlace(q).mergeInPlace(r);
            MomentSketch right = p.copy().mergeInPlace(q.copy().mergeInPlace(r));
            MomentSketch swapped = r.copy().mergeInPlace(p).mergeInPlace(q);
            for (MomentSketch m : new MomentSketch[] {left, right, swapped}) {
                assertEquals(rows.length, m.count());
                assertTrue(relErr(m.mean(), whole.mean()) < 1e-13);
                for (int q2 = 2; q2 <= 4; q2++) {
                    assertTrue(relErr(m.packedSum(q2), whole.packedSum(q2)) < 1e-12, "order " + q2);
                }
            }
        }
    }

    @Test
    void emptyIsTheIdentityOfMerge() {
        MomentSketch s = sketchOf(skewedRows(100, 3, 1.0, 4), 4, 16, null);
        MomentSketch left = MomentSketch.empty(4, 3, null).mergeInPlace(s);
        MomentSketch right = s.copy().mergeInPlace(MomentSketch.empty(4, 3, null));
        assertTrue(left.sameState(s));
        assertTrue(right.sameState(s));
        MomentSketch empty = MomentSketch.empty(3, 2, null);
        assertTrue(empty.isEmpty());
        assertTrue(empty.mergeInPlace(MomentSketch.empty(3, 2, null)).isEmpty());
        InvalidInputException ex = assertThrows(InvalidInputException.class, empty::covariance);
        assertTrue(ex.getMessage().contains("0 row"));
    }

    @Test
    void incompatibleSketchesAreRefusedWithAReason() {
        MomentSketch a = MomentSketch.empty(3, 2, null);
        assertTrue(assertThrows(InvalidInputException.class, () -> a.mergeInPlace(MomentSketch.empty(4, 2, null)))
                .getMessage().contains("order"));
        assertTrue(assertThrows(InvalidInputException.class, () -> a.mergeInPlace(MomentSketch.empty(3, 5, null)))
                .getMessage().contains("dimensions"));
        Basis basis = new Basis(3, 2, new double[3], new double[6]);
        assertTrue(assertThrows(InvalidInputException.class, () -> a.mergeInPlace(MomentSketch.empty(3, 2, basis)))
                .getMessage().contains("different bases"));
    }

    /** The whitened sketch equals the raw central moments contracted with W: M3(W,W,W). */
    @Test
    void basisProjectionEqualsContractedRawMoments() {
        int d = 4;
        int k = 2;
        double[][] rows = skewedRows(2000, d, 5.0, 12);
        Random rng = new Random(2);
        double[] w = Matrices.gaussian(d, k, rng);
        double[] shift = {1, 2, 3, 4};
        MomentSketch raw = sketchOf(rows, 3, 300, null);
        MomentSketch white = sketchOf(rows, 3, 300, new Basis(d, k, shift, w));
        double[] t = raw.thirdCumulant();
        double[] want = new double[k * k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                for (int c = 0; c < k; c++) {
                    double s = 0;
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < d; j++) {
                            for (int l = 0; l < d; l++) {
                                s += t[(i * d + j) * d + l] * w[i + a * d] * w[j + b * d] * w[l + c * d];
                            }
                        }
                    }
                    want[(a * k + b) * k + c] = s;
                }
            }
        }
        assertTrue(relErr(white.thirdCumulant(), want) < 1e-12);
        double[] mu = raw.mean();
        for (int a = 0; a < k; a++) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += w[i + a * d] * (mu[i] - shift[i]);
            }
            assertEquals(s, white.mean()[a], 1e-12 * Math.max(1, Math.abs(s)));
        }
    }
}
