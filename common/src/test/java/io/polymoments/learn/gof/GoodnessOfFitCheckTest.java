package io.polymoments.learn.gof;

import io.polymoments.learn.quadratic.BorderedFrames;
import io.polymoments.learn.quadratic.QuadraticRefinement;
import io.polymoments.learn.quadratic.RefinementResult;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoodnessOfFitCheckTest {
    private static final int L = 20;

    // ---------------------------------------------------------------- truth helpers (plain loops)

    static int tri(int r) {
        return r * (r + 1) / 2;
    }

    /** Orthonormal frame of Sym(r) (2⟨Z_a,Z_b⟩ = δ_ab) under a random O(k) rotation, svec rows, m = k. */
    static double[] frame(int r, Random rng) {
        int k = tri(r);
        return orthonormalRows(k, k, k, -1, rng);
    }

    /** Bordered affine frame in Sym(r+1): orthonormal (×1/√2) basis of the corner-free coordinates. */
    static double[] borderedFrame(int r, Random rng) {
        int kb = tri(r + 1);
        return orthonormalRows(kb - 1, kb, kb - 1, r, rng);
    }

    /** m orthonormal rows /√2 in R^k, with coordinate {@code skip} (if ≥ 0) kept at 0. */
    static double[] orthonormalRows(int m, int k, int dim, int skip, Random rng) {
        double[][] q = new double[m][dim];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < dim; j++) {
                q[i][j] = rng.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int l = 0; l < i; l++) {
                    double d = 0;
                    for (int j = 0; j < dim; j++) {
                        d += q[i][j] * q[l][j];
                    }
                    for (int j = 0; j < dim; j++) {
                        q[i][j] -= d * q[l][j];
                    }
                }
            }
            double n = 0;
            for (double v : q[i]) {
                n += v * v;
            }
            n = Math.sqrt(n);
            for (int j = 0; j < dim; j++) {
                q[i][j] /= n;
            }
        }
        double[] z = new double[m * k];
        for (int a = 0; a < m; a++) {
            for (int p = 0, c = 0; p < k; p++) {
                if (p != skip) {
                    z[a * k + p] = q[a][c++] / Math.sqrt(2);
                }
            }
        }
        return z;
    }

    static double[][] smat(double[] rows, int a, int r) {
        int k = tri(r);
        double[][] x = new double[r][r];
        for (int i = 0; i < r; i++) {
            x[i][i] = rows[a * k + i];
        }
        int p = a * k + r;
        for (int i = 0; i < r; i++) {
            for (int j = i + 1; j < r; j++) {
                x[i][j] = x[j][i] = rows[p++] / Math.sqrt(2);
            }
        }
        return x;
    }

    static double[] exactThirdMoment(double[] z, int m, int r) {
        double[] t = new double[m * m * m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                for (int c = 0; c < m; c++) {
                    double[][] x = smat(z, a, r);
                    double[][] y = smat(z, b, r);
                    double[][] w = smat(z, c, r);
                    double s = 0;
                    for (int i = 0; i < r; i++) {
                        for (int j = 0; j < r; j++) {
                            for (int l = 0; l < r; l++) {
                                s += x[i][j] * y[j][l] * w[l][i];
                            }
                        }
                    }
                    t[a + m * b + m * m * c] = 8 * s;
                }
            }
        }
        return t;
    }

    static double[] symmetricNoise(int m, double scale, Random rng) {
        double[] t = new double[m * m * m];
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                for (int c = b; c < m; c++) {
                    double v = scale * rng.nextGaussian();
                    int[][] perms = {{a, b, c}, {a, c, b}, {b, a, c}, {b, c, a}, {c, a, b}, {c, b, a}};
                    for (int[] p : perms) {
                        t[p[0] + m * p[1] + m * m * p[2]] = v;
                    }
                }
            }
        }
        return t;
    }

    /** The second-pass accumulators, in the test: T halves by block parity and per-block directional 4th sums. */
    static final class Accumulated {
        SplitHalfThirdMoments third;
        DirectionalFourthMoments fourth;
        double[] mean;
    }

    static Accumulated simulate(int m, int n, int blocks, long seed, BiConsumer<Random, double[]> sampler) {
        Random rng = new Random(seed);
        double[] dirs = DirectionalFourthMoments.randomDirections(m, L, seed + 1);
        double[][] half = new double[2][m * m * m];
        long[] halfCount = new long[2];
        long[] counts = new long[blocks];
        double[] sums = new double[blocks * L];
        double[] mean = new double[m];
        double[] z = new double[m];
        int per = n / blocks;
        for (int b = 0; b < blocks; b++) {
            double[] h = half[b % 2];
            for (int s = 0; s < per; s++) {
                sampler.accept(rng, z);
                for (int a = 0; a < m; a++) {
                    mean[a] += z[a] / (per * (double) blocks);
                    for (int bb = 0; bb < m; bb++) {
                        double zab = z[a] * z[bb];
                        int off = a + m * bb;
                        for (int c = 0; c < m; c++) {
                            h[off + m * m * c] += zab * z[c];
                        }
                    }
                }
                for (int l = 0; l < L; l++) {
                    double p = 0;
                    for (int a = 0; a < m; a++) {
                        p += dirs[a + l * m] * z[a];
                    }
                    sums[b * L + l] += p * p * p * p;
                }
            }
            counts[b] = per;
            halfCount[b % 2] += per;
        }
        double[] t = new double[m * m * m];
        double[] even = new double[t.length];
        double[] odd = new double[t.length];
        long total = halfCount[0] + halfCount[1];
        for (int i = 0; i < t.length; i++) {
            t[i] = (half[0][i] + half[1][i]) / total;
            even[i] = half[0][i] / halfCount[0];
            odd[i] = half[1][i] / halfCount[1];
        }
        Accumulated acc = new Accumulated();
        acc.third = new SplitHalfThirdMoments(m, t, even, odd, total);
        acc.fourth = new DirectionalFourthMoments(m, dirs, counts, sums);
        acc.mean = mean;
        return acc;
    }

    /** Whitened sample of the homogeneous model with frame Z: z_a = x^T Z_a x − tr Z_a, x ~ N(0, I_r). */
    static BiConsumer<Random, double[]> quadraticSampler(double[] zRows, int m, int r) {
        double[][][] zs = new double[m][][];
        for (int a = 0; a < m; a++) {
            zs[a] = smat(zRows, a, r);
        }
        double[] x = new double[r];
        return (rng, out) -> {
            for (int i = 0; i < r; i++) {
                x[i] = rng.nextGaussian();
            }
            for (int a = 0; a < m; a++) {
                double s = 0;
                for (int i = 0; i < r; i++) {
                    s += zs[a][i][i] * (x[i] * x[i] - 1);
                    for (int j = i + 1; j < r; j++) {
                        s += 2 * zs[a][i][j] * x[i] * x[j];
                    }
                }
                out[a] = s;
            }
        };
    }

    // ---------------------------------------------------------------- tests

    @Test
    void exactModelMomentsGiveZeroRatiosAndFit() {
        int r = 3;
        int m = 6;
        Random rng = new Random(1);
        double[] z = frame(r, rng);
        double[] t = exactThirdMoment(z, m, r);
        double[] e = symmetricNoise(m, 0.01, rng);
        double[] even = t.clone();
        double[] odd = t.clone();
        for (int i = 0; i < t.length; i++) {
            even[i] += e[i];
            odd[i] -= e[i];
        }
        SplitHalfThirdMoments third = new SplitHalfThirdMoments(m, t, even, odd, 100_000);
        // exact κ4 = 48 tr(A_θ⁴) (naive loops), spread over blocks with zero-mean block noise
        double[] dirs = DirectionalFourthMoments.randomDirections(m, L, 7);
        int blocks = 20;
        long[] counts = new long[blocks];
        Arrays.fill(counts, 5000);
        double[] sums = new double[blocks * L];
        for (int l = 0; l < L; l++) {
            double[][] a = new double[r][r];
            for (int j = 0; j < m; j++) {
                double[][] zj = smat(z, j, r);
                for (int p = 0; p < r; p++) {
                    for (int q = 0; q < r; q++) {
                        a[p][q] += dirs[j + l * m] * zj[p][q];
                    }
                }
            }
            double tr4 = 0;
            for (int p = 0; p < r; p++) {
                for (int q = 0; q < r; q++) {
                    for (int u = 0; u < r; u++) {
                        for (int v = 0; v < r; v++) {
                            tr4 += a[p][q] * a[q][u] * a[u][v] * a[v][p];
                        }
                    }
                }
            }
            double moment4 = 3 + 48 * tr4;
            for (int b = 0; b < blocks; b++) {
                sums[b * L + l] = 5000 * (moment4 + (b % 2 == 0 ? 0.05 : -0.05));
            }
        }
        double[] nu = new double[m];
        for (int a = 0; a < m; a++) {
            for (int i = 0; i < r; i++) {
                nu[a] += z[a * 6 + i];
            }
        }
        GoodnessOfFit gof = new GoodnessOfFitCheck().homogeneous(z, r, third,
                nu, new DirectionalFourthMoments(m, dirs, counts, sums), 1e14);
        assertEquals(FitVerdict.FITS, gof.verdict(), gof.summary());
        assertTrue(gof.res3Ratio() < 1e-12, gof.summary());
        assertTrue(gof.kappa4ChiSquarePerDirection() < 1e-12, gof.summary());
        assertEquals(0.0, gof.meanZ(), 1e-12);
        assertTrue(gof.res2() < 1e-14);
        assertTrue(gof.reasons().isEmpty(), gof.reasons().toString());
        assertEquals("fits", gof.verdict().toString());
    }

    @Test
    void sampleFromTheModelFits() {
        int r = 3;
        int m = 6;
        double[] z = frame(r, new Random(2));
        Accumulated acc = simulate(m, 200_000, 40, 11, quadraticSampler(z, m, r));
        double[] nu = acc.mean.clone();     // ν = tr Z + sample mean of the centred quadratic
        for (int a = 0; a < m; a++) {
            for (int i = 0; i < r; i++) {
                nu[a] += z[a * 6 + i];
            }
        }
        GoodnessOfFit gof = new GoodnessOfFitCheck().homogeneous(z, r, acc.third, nu, acc.fourth, Double.NaN);
        assertEquals(FitVerdict.FITS, gof.verdict(), gof.summary());
        assertTrue(gof.res3Ratio() < 2.0 && gof.res3Ratio() > 0.2, gof.summary());
        assertTrue(gof.signalToNoise3() > 10, gof.summary());
        assertTrue(gof.meanZ() < 4, gof.summary());
    }

    @Test
    void clearlyMisspecifiedTensorDoesNotFit() {
        int r = 3;
        int m = 6;
        Random rng = new Random(3);
        double[] truth = frame(r, rng);
        double[] t = exactThirdMoment(truth, m, r);
        double[] bad = symmetricNoise(m, 0.5, rng);
        double[] e = symmetricNoise(m, 0.01, rng);
        double[] tt = new double[t.length];
        double[] even = new double[t.length];
        double[] odd = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            tt[i] = t[i] + bad[i];
            even[i] = tt[i] + e[i];
            odd[i] = tt[i] - e[i];
        }
        double[] nu = new double[m];
        for (int a = 0; a < m; a++) {
            for (int i = 0; i < r; i++) {
                nu[a] += truth[a * 6 + i];
            }
        }
        // the best Z the refinement can find for the misspecified tensor
        RefinementResult fit = new QuadraticRefinement().refineHomogeneous(nu, tt, truth, m, r);
        GoodnessOfFit gof = new GoodnessOfFitCheck().homogeneous(fit.z(), r,
                new SplitHalfThirdMoments(m, tt, even, odd, 100_000), nu, null, Double.NaN);
        assertEquals(FitVerdict.DOES_NOT_FIT, gof.verdict(), gof.summary());
        assertTrue(gof.res3Ratio() > 10, gof.summary());
        assertEquals("does-not-fit", gof.verdict().label());
    }

    @Test
    void pureNoiseCumulantsCannotIdentify() {
        int r = 3;
        int m = 6;
        double[] z = frame(r, new Random(4));
        Accumulated acc = simulate(m, 100_000, 40, 12, (rng, out) -> {
            for (int a = 0; a < m; a++) {
                out[a] = rng.nextGaussian();
            }
        });
        GoodnessOfFit gof = new GoodnessOfFitCheck().homogeneous(z, r, acc.third, null, acc.fourth, Double.NaN);
        assertEquals(FitVerdict.NEAR_GAUSSIAN_CANNOT_IDENTIFY, gof.verdict(), gof.summary());
        assertTrue(gof.signalToNoise3() < 2, gof.summary());
        assertEquals("moments near-Gaussian: cannot identify", gof.verdict().toString());
    }

    @Test
    void symmetricHeavyTailedDataHaveNoThirdOrderSignalButDoNotFit() {
        int r = 3;
        int m = 6;
        double[] z = frame(r, new Random(5));
        // Laplace coordinates scaled to unit variance: third cumulant 0, excess kurtosis 3
        Accumulated acc = simulate(m, 100_000, 40, 13, (rng, out) -> {
            for (int a = 0; a < m; a++) {
                double u = rng.nextDouble() - 0.5;
                out[a] = -Math.signum(u) * Math.log(1 - 2 * Math.abs(u)) / Math.sqrt(2);
            }
        });
        GoodnessOfFit gof = new GoodnessOfFitCheck().homogeneous(z, r, acc.third, null, acc.fourth, Double.NaN);
        assertEquals(FitVerdict.DOES_NOT_FIT, gof.verdict(), gof.summary());
        assertTrue(gof.kappa4SignalPerDirection() > 10, gof.summary());
    }

    @Test
    void onlyKappa4SeparatesAffineModelFromItsBorderedLookAlike() {
        int r = 2;
        int rb = 3;
        int m = tri(rb) - 1;   // 5
        double[] zb = borderedFrame(r, new Random(6));
        double[][][] full = new double[m][][];
        for (int a = 0; a < m; a++) {
            full[a] = smat(zb, a, rb);
        }
        // affine data: z_a = x^T Zq_a x − tr Zq_a + β_a^T x with x ∈ R^r (β_a = 2·Z̄_a[0:r, r])
        BiConsumer<Random, double[]> affine = (rng, out) -> {
            double[] x = {rng.nextGaussian(), rng.nextGaussian()};
            for (int a = 0; a < m; a++) {
                double s = 0;
                for (int i = 0; i < r; i++) {
                    s += full[a][i][i] * (x[i] * x[i] - 1) + 2 * full[a][i][r] * x[i];
                    for (int j = i + 1; j < r; j++) {
                        s += 2 * full[a][i][j] * x[i] * x[j];
                    }
                }
                out[a] = s;
            }
        };
        // look-alike: homogeneous in r+1 variables with the bordered matrices (same mean, κ2, κ3; different κ4)
        BiConsumer<Random, double[]> lookAlike = quadraticSampler(zb, m, rb);
        GoodnessOfFitCheck check = new GoodnessOfFitCheck();
        Accumulated ok = simulate(m, 200_000, 40, 21, affine);
        GoodnessOfFit good = check.affine(zb, r, ok.third, ok.fourth, Double.NaN);
        Accumulated bad = simulate(m, 200_000, 40, 22, lookAlike);
        GoodnessOfFit gofBad = check.affine(zb, r, bad.third, bad.fourth, Double.NaN);
        assertEquals(FitVerdict.FITS, good.verdict(), good.summary());
        assertEquals(FitVerdict.DOES_NOT_FIT, gofBad.verdict(), gofBad.summary());
        assertTrue(gofBad.res3Ratio() < 2, "the third moment cannot tell them apart: " + gofBad.summary());
        assertTrue(gofBad.kappa4ChiSquarePerDirection() > 5, gofBad.summary());
        // consistency of the bordered helpers used by the lead: split and reassemble
        double[] again = BorderedFrames.bordered(BorderedFrames.quadraticPart(zb, m, r),
                BorderedFrames.linearPart(zb, m, r), m, r);
        for (int i = 0; i < zb.length; i++) {
            assertEquals(zb[i], again[i], 1e-15);
        }
    }

    @Test
    void lowRankGapAddsANote() {
        int r = 2;
        int m = 3;
        double[] z = frame(r, new Random(8));
        double[] t = exactThirdMoment(z, m, r);
        double[] e = symmetricNoise(m, 0.01, new Random(9));
        double[] even = t.clone();
        double[] odd = t.clone();
        for (int i = 0; i < t.length; i++) {
            even[i] += e[i];
            odd[i] -= e[i];
        }
        GoodnessOfFit gof = new GoodnessOfFitCheck().homogeneous(z, r,
                new SplitHalfThirdMoments(m, t, even, odd, 1000), null, null, 84.0);
        assertEquals(FitVerdict.FITS, gof.verdict());
        assertTrue(gof.reasons().stream().anyMatch(s -> s.contains("rank gap")), gof.reasons().toString());
    }

    @Test
    void rejectsInconsistentShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> new SplitHalfThirdMoments(2, new double[8], new double[8], new double[7], 10));
        assertThrows(IllegalArgumentException.class,
                () -> new DirectionalFourthMoments(2, new double[4], new long[]{5}, new double[2]));
        SplitHalfThirdMoments third = new SplitHalfThirdMoments(3, new double[27], new double[27], new double[27], 10);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new GoodnessOfFitCheck().homogeneous(new double[5], 2, third, null, null, Double.NaN));
        assertTrue(ex.getMessage().contains("svec rows"), ex.getMessage());
    }
}
