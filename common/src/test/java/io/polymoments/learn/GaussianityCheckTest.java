package io.polymoments.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.moments.SketchAccumulator;
import io.polymoments.moments.SplitHalfSketch;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianityCheckTest {

    private interface Rows {
        void next(SplittableRandom rng, double[] out);
    }

    private static SplitHalfSketch sketch(int d, long n, long seed, Rows rows) {
        SketchAccumulator acc = new SketchAccumulator(4, d, null, 1024);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[d];
        for (long i = 0; i < n; i++) {
            rows.next(rng, y);
            acc.add(y);
        }
        return acc.finish();
    }

    private static Rows gaussian(int d) {
        return (rng, out) -> {
            for (int c = 0; c < d; c++) {
                out[c] = rng.nextGaussian();
            }
        };
    }

    /** A correlated Gaussian with a shifted mean: y = A g + b. */
    private static Rows affineGaussian(double[] a, double[] b, int d) {
        return (rng, out) -> {
            double[] g = new double[d];
            for (int c = 0; c < d; c++) {
                g[c] = rng.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double s = b[i];
                for (int c = 0; c < d; c++) {
                    s += a[i * d + c] * g[c];
                }
                out[i] = s;
            }
        };
    }

    /** Every mode of a non-symmetric row-major tensor against the defining sum, for both GEMM layouts used. */
    @Test
    void modeProductMatchesItsDefinition() {
        SplittableRandom rng = new SplittableRandom(9);
        int[] shape = {3, 4, 5};
        double[] t = new double[3 * 4 * 5];
        for (int i = 0; i < t.length; i++) {
            t[i] = rng.nextDouble() - 0.5;
        }
        for (int mode = 0; mode < 3; mode++) {
            int r = 2;
            int dm = shape[mode];
            double[] m = new double[r * dm];
            for (int i = 0; i < m.length; i++) {
                m[i] = rng.nextDouble() - 0.5;
            }
            double[] out = GaussianityCheck.modeProduct(t, shape.clone(), mode, m, r);
            int[] outShape = shape.clone();
            outShape[mode] = r;
            for (int a = 0; a < outShape[0]; a++) {
                for (int b = 0; b < outShape[1]; b++) {
                    for (int c = 0; c < outShape[2]; c++) {
                        int[] idx = {a, b, c};
                        double expected = 0;
                        for (int j = 0; j < dm; j++) {
                            int[] src = idx.clone();
                            src[mode] = j;
                            expected += m[idx[mode] * dm + j] * t[(src[0] * 4 + src[1]) * 5 + src[2]];
                        }
                        assertEquals(expected, out[(a * outShape[1] + b) * outShape[2] + c], 1e-15,
                                "mode " + mode + " at " + a + "," + b + "," + c);
                    }
                }
            }
        }
    }

    @Test
    void gaussianDataAreConsistentWithZeroCumulants() {
        int d = 5;
        double[] a = new double[d * d];
        double[] b = new double[d];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < d * d; i++) {
            a[i] = r.nextGaussian() + (i % (d + 1) == 0 ? 3 : 0);
        }
        for (int i = 0; i < d; i++) {
            b[i] = 100 * r.nextGaussian();
        }
        GaussianityCheck.Result res = GaussianityCheck.check(sketch(d, 200_000, 11, affineGaussian(a, b, d)));
        assertTrue(res.consistentWithGaussian(), res.summary());
        assertEquals(5, res.rank());
        assertEquals(35, res.order(3).entries());
        assertEquals(70, res.order(4).entries());
        assertTrue(res.summary().startsWith("moments near-Gaussian: cannot identify"), res.summary());
        assertEquals(GaussianityCheck.Result.CANNOT_IDENTIFY, res.verdict());
        for (int q = 3; q <= 4; q++) {
            GaussianityCheck.OrderStatistics o = res.order(q);
            // chi-square per entry and the split-half ratio are ≈ χ²_m/m under the null: inside its 1e-4 quantiles
            double lo = quantilePerEntry(o.entries(), 1 - 1e-4);
            double hi = quantilePerEntry(o.entries(), 1e-4);
            assertTrue(o.chiSquarePerEntry() > lo && o.chiSquarePerEntry() < hi, "order " + q + ": " + o);
            assertTrue(o.splitHalfNoiseRatio() > lo && o.splitHalfNoiseRatio() < hi, "order " + q + ": " + o);
        }
    }

    /** The x with P(χ²_m/m > x) = p, by bisection on the tested tail function. */
    private static double quantilePerEntry(int m, double p) {
        double lo = 0;
        double hi = 20;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (ChiSquareTail.sf(mid * m, m) > p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Test
    void quadraticMapIsClearlyNotGaussian() {
        int dx = 4;
        int dy = 3;
        SplittableRandom r = new SplittableRandom(5);
        double[][] q = new double[dy][dx * dx];
        for (int i = 0; i < dy; i++) {
            for (int a = 0; a < dx; a++) {
                for (int b = a; b < dx; b++) {
                    double v = r.nextGaussian() / dx;
                    q[i][a * dx + b] = v;
                    q[i][b * dx + a] = v;
                }
            }
        }
        Rows quadratic = (rng, out) -> {
            double[] x = new double[dx];
            for (int c = 0; c < dx; c++) {
                x[c] = rng.nextGaussian();
            }
            for (int i = 0; i < dy; i++) {
                double s = 0;
                for (int a = 0; a < dx; a++) {
                    for (int b = 0; b < dx; b++) {
                        s += x[a] * q[i][a * dx + b] * x[b];
                    }
                }
                out[i] = s;
            }
        };
        GaussianityCheck.Result res = GaussianityCheck.check(sketch(dy, 20_000, 8, quadratic));
        assertFalse(res.consistentWithGaussian(), res.summary());
        assertTrue(res.maxAbsZ() > 10, res.summary());
        assertTrue(res.order(3).pValue() < 1e-10, res.summary());
        assertTrue(res.summary().startsWith("non-Gaussian structure detected"), res.summary());
        assertEquals(GaussianityCheck.Result.NON_GAUSSIAN, res.verdict());
    }

    /** The chi-square of each order is Σ over all index tuples of κ²·n/q!: invariant under y ↦ Ay + b. */
    @Test
    void statisticsAreAffineInvariant() {
        int d = 3;
        Rows skewed = (rng, out) -> {
            double g0 = rng.nextGaussian();
            out[0] = g0 + 0.3 * (g0 * g0 - 1);
            out[1] = rng.nextGaussian();
            out[2] = rng.nextExponential();
        };
        double[] a = {2, 0.5, -1, 0, 1, 0.3, 0.2, -0.7, 3};
        double[] b = {1e3, -5, 7};
        Rows mapped = (rng, out) -> {
            double[] y = new double[d];
            skewed.next(rng, y);
            for (int i = 0; i < d; i++) {
                double s = b[i];
                for (int c = 0; c < d; c++) {
                    s += a[i * d + c] * y[c];
                }
                out[i] = s;
            }
        };
        GaussianityCheck.Result plain = GaussianityCheck.check(sketch(d, 30_000, 4, skewed));
        GaussianityCheck.Result affine = GaussianityCheck.check(sketch(d, 30_000, 4, mapped));
        for (int q = 3; q <= 4; q++) {
            assertEquals(plain.order(q).chiSquare(), affine.order(q).chiSquare(), 1e-7 * plain.order(q).chiSquare(), "order " + q);
        }
        assertFalse(plain.consistentWithGaussian());
    }

    /**
     * At full rank the z-scores are taken in the symmetric whitening C^{-1/2}: W = Wᵀ and W C W = I. It is the one
     * whitening that does not depend on which eigenvectors the eigensolver returns (for a near-identity covariance,
     * an arbitrary rotation that differed between native and Java LAPACK and moved the largest |z| by 0.5).
     */
    @Test
    void fullRankWhiteningIsTheSymmetricInverseSquareRoot() {
        int d = 4;
        double[] c = {1.02, 0.01, -0.003, 0.0,
                0.01, 0.99, 0.002, 0.004,
                -0.003, 0.002, 1.0, -0.001,
                0.0, 0.004, -0.001, 1.01};
        double[] w = GaussianityCheck.whiteningMatrix(c, d);
        assertEquals(d * d, w.length);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                assertEquals(w[a * d + b], w[b * d + a], 1e-15, "symmetric");
                double wcw = 0;
                for (int e = 0; e < d; e++) {
                    for (int f = 0; f < d; f++) {
                        wcw += w[a * d + e] * c[e + f * d] * w[f * d + b];
                    }
                }
                assertEquals(a == b ? 1.0 : 0.0, wcw, 1e-13);
            }
        }
    }

    /**
     * Monte Carlo check of the null variances α!/n: over many Gaussian replicates, z-scores of every entry pattern
     * (aaa, aab, abc; aaaa, aaab, aabb, aabc) have variance 1. A wrong multiplicity factor (e.g. 6 vs 1) would be off
     * by a factor of 2 or more.
     */
    @Test
    void nullVarianceOfEachEntryMatchesMonteCarlo() {
        int d = 3;
        int reps = 500;
        int n = 4000;
        java.util.Map<String, double[]> acc = new java.util.TreeMap<>(); // pattern -> {count, sum z, sum z²}
        for (int rep = 0; rep < reps; rep++) {
            SplitHalfSketch s = sketch(d, n, 1000 + rep, gaussian(d));
            double[] w = GaussianityCheck.whiteningMatrix(s.total().covariance(), d);
            for (int q = 3; q <= 4; q++) {
                double[] k = q == 3 ? s.total().thirdCumulant() : s.total().fourthCumulant();
                int[] dims = new int[q];
                java.util.Arrays.fill(dims, d);
                for (int mode = 0; mode < q; mode++) {
                    k = GaussianityCheck.modeProduct(k, dims, mode, w, d);
                }
                // fixed representative tuples of each pattern, in whitened coordinates
                int[][] tuples = q == 3 ? new int[][] {{0, 0, 0}, {1, 1, 1}, {0, 0, 1}, {1, 2, 2}, {0, 1, 2}}
                        : new int[][] {{0, 0, 0, 0}, {2, 2, 2, 2}, {0, 0, 0, 1}, {0, 0, 1, 1}, {1, 1, 2, 2}, {0, 0, 1, 2}, {0, 1, 1, 2}};
                for (int[] t : tuples) {
                    int flat = 0;
                    for (int x : t) {
                        flat = flat * d + x;
                    }
                    double z = k[flat] * Math.sqrt(n / GaussianityCheck.multiplicityFactorial(t));
                    String pattern = pattern(t);
                    double[] a = acc.computeIfAbsent(pattern, key -> new double[3]);
                    a[0]++;
                    a[1] += z;
                    a[2] += z * z;
                }
            }
        }
        assertEquals(7, acc.size());
        for (var e : acc.entrySet()) {
            double[] a = e.getValue();
            double mean = a[1] / a[0];
            double var = a[2] / a[0] - mean * mean;
            // ≥ 500 draws per pattern: the variance estimate has sd ≈ √(2/500) = 6%
            assertEquals(1, var, 0.2, "pattern " + e.getKey() + " (" + (int) a[0] + " draws)");
            assertEquals(0, mean, 0.2, "pattern " + e.getKey());
        }
    }

    /** The multiplicity pattern of a sorted tuple, e.g. {0,1,1,2} → "2+1+1". */
    private static String pattern(int[] sorted) {
        java.util.List<Integer> runs = new java.util.ArrayList<>();
        int run = 1;
        for (int i = 1; i <= sorted.length; i++) {
            if (i < sorted.length && sorted[i] == sorted[i - 1]) {
                run++;
            } else {
                runs.add(run);
                run = 1;
            }
        }
        runs.sort(java.util.Comparator.reverseOrder());
        return runs.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("+"));
    }

    @Test
    void multiplicityFactorials() {
        assertEquals(6, GaussianityCheck.multiplicityFactorial(new int[] {2, 2, 2}));
        assertEquals(2, GaussianityCheck.multiplicityFactorial(new int[] {0, 0, 3}));
        assertEquals(1, GaussianityCheck.multiplicityFactorial(new int[] {0, 1, 2}));
        assertEquals(24, GaussianityCheck.multiplicityFactorial(new int[] {1, 1, 1, 1}));
        assertEquals(4, GaussianityCheck.multiplicityFactorial(new int[] {0, 0, 1, 1}));
        assertEquals(6, GaussianityCheck.multiplicityFactorial(new int[] {0, 1, 1, 1}));
    }
}
