package io.polymoments.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.model.QuadraticTransform.Structure;
import org.junit.jupiter.api.Test;

/**
 * Closed-form moments (docs/quadratic.md §2) against independent truth: tensor Gauss–Hermite quadrature (5 nodes per
 * dimension, exact for polynomials of degree ≤ 9, i.e. up to the 4th moment of a quadratic), and Monte Carlo.
 */
class QuadraticMomentsTest {

    /** Probabilists' Gauss–Hermite rule by Golub–Welsch: nodes[i], weights[i] (sum 1). */
    static double[][] gaussHermite(int n) {
        double[] j = new double[n * n];
        for (int i = 0; i + 1 < n; i++) {
            j[i + (i + 1) * n] = j[i + 1 + i * n] = Math.sqrt(i + 1.0);
        }
        SymmetricEigen e = SymmetricEigen.of(j, n);
        double[] x = e.values().clone();
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = e.vectors()[i * n] * e.vectors()[i * n];
        }
        return new double[][] {x, w};
    }

    /** Quadrature points x (row-major N×r) and weights for N(0, v·I_r). */
    record Rule(double[] x, double[] w, int count) {}

    static Rule tensorRule(int r, int nodes, double variance, double weightScale) {
        double[][] gh = gaussHermite(nodes);
        int count = (int) Math.pow(nodes, r);
        double[] x = new double[count * r];
        double[] w = new double[count];
        for (int p = 0; p < count; p++) {
            int rem = p;
            double wt = weightScale;
            for (int a = 0; a < r; a++) {
                int idx = rem % nodes;
                rem /= nodes;
                x[p * r + a] = Math.sqrt(variance) * gh[0][idx];
                wt *= gh[1][idx];
            }
            w[p] = wt;
        }
        return new Rule(x, w, count);
    }

    /** Empirical (weighted) moments: mean, covariance, 3rd central moment, 4th cumulant. */
    static double[][] weightedMoments(double[] y, double[] w, int count, int d) {
        double[] mean = new double[d];
        double tw = 0;
        for (int p = 0; p < count; p++) {
            tw += w[p];
            for (int i = 0; i < d; i++) {
                mean[i] += w[p] * y[p * d + i];
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= tw;
        }
        double[] c2 = new double[d * d];
        double[] c3 = new double[d * d * d];
        double[] m4 = new double[d * d * d * d];
        double[] u = new double[d];
        for (int p = 0; p < count; p++) {
            double wp = w[p] / tw;
            for (int i = 0; i < d; i++) {
                u[i] = y[p * d + i] - mean[i];
            }
            for (int l = 0; l < d; l++) {
                for (int k = 0; k < d; k++) {
                    for (int j = 0; j < d; j++) {
                        double ujkl = u[j] * u[k] * u[l] * wp;
                        for (int i = 0; i < d; i++) {
                            m4[i + d * j + d * d * k + d * d * d * l] += u[i] * ujkl;
                        }
                    }
                }
            }
            for (int k = 0; k < d; k++) {
                for (int j = 0; j < d; j++) {
                    c2[j + d * k] += wp * u[j] * u[k];
                    for (int i = 0; i < d; i++) {
                        c3[i + d * j + d * d * k] += wp * u[i] * u[j] * u[k];
                    }
                }
            }
        }
        for (int l = 0; l < d; l++) {
            for (int k = 0; k < d; k++) {
                for (int j = 0; j < d; j++) {
                    for (int i = 0; i < d; i++) {
                        m4[i + d * j + d * d * k + d * d * d * l] -= c2[i + d * j] * c2[k + d * l]
                                + c2[i + d * k] * c2[j + d * l] + c2[i + d * l] * c2[j + d * k];
                    }
                }
            }
        }
        return new double[][] {mean, c2, c3, m4};
    }

    static double rel(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void gaussianClosedFormsMatchQuadrature() {
        for (boolean affine : new boolean[] {false, true}) {
            QuadraticTransform p = QuadraticTransform.random(3, 4, Structure.LOWRANK, 1.0, affine, 17);
            Rule rule = tensorRule(3, 5, 1.0, 1.0);
            double[][] emp = weightedMoments(p.apply(rule.x(), rule.count()), rule.w(), rule.count(), 4);
            assertTrue(rel(p.mean(), emp[0]) < 1e-13, "mean");
            assertTrue(rel(p.covariance(), emp[1]) < 1e-13, "covariance");
            assertTrue(rel(p.thirdCumulant(), emp[2]) < 1e-12, "third cumulant");
            assertTrue(rel(p.fourthCumulant(), emp[3]) < 1e-12, "fourth cumulant, affine=" + affine);
        }
    }

    @Test
    void borderedLookalikeSharesSecondAndThirdCumulantsButNotFourth() {
        QuadraticTransform p = QuadraticTransform.random(3, 4, Structure.RANDOM, 1.0, true, 23);
        // homogeneous quadratic in r+1 variables with the bordered matrices: x̄ᵀQ̄x̄ = xᵀQx + x0·bᵀx
        QuadraticTransform look = QuadraticTransform.homogeneous(4, 4, p.bordered());
        assertTrue(rel(look.covariance(), p.covariance()) < 1e-14);
        assertTrue(rel(look.thirdCumulant(), p.thirdCumulant()) < 1e-13);
        assertTrue(rel(look.fourthCumulant(), p.fourthCumulant()) > 1e-3);
    }

    @Test
    void scaleMixtureClosedFormsMatchQuadrature() {
        // x = √v g is a mixture of Gaussians: quadrature per component is exact
        double[] v = {0.3, 1.7};
        double[] pr = {0.5, 0.5};
        RadialLaw law = RadialLaw.mixture(v, pr);
        for (boolean affine : new boolean[] {false, true}) {
            QuadraticTransform p = QuadraticTransform.random(3, 4, Structure.EQUAL, 1.0, affine, 29);
            Rule r1 = tensorRule(3, 5, v[0], pr[0]);
            Rule r2 = tensorRule(3, 5, v[1], pr[1]);
            int n = r1.count() + r2.count();
            double[] x = new double[n * 3];
            double[] w = new double[n];
            System.arraycopy(r1.x(), 0, x, 0, r1.x().length);
            System.arraycopy(r2.x(), 0, x, r1.x().length, r2.x().length);
            System.arraycopy(r1.w(), 0, w, 0, r1.count());
            System.arraycopy(r2.w(), 0, w, r1.count(), r2.count());
            double[][] emp = weightedMoments(p.apply(x, n), w, n, 4);
            assertTrue(rel(p.mean(), emp[0]) < 1e-13);
            assertTrue(rel(p.covariance(law), emp[1]) < 1e-13, "cov affine=" + affine);
            assertTrue(rel(p.thirdCumulant(law), emp[2]) < 1e-12, "kappa3 affine=" + affine);
            // the Gaussian formula is wrong here, so the check above has teeth
            assertTrue(rel(p.thirdCumulant(), emp[2]) > 0.1);
        }
    }

    @Test
    void radialConstantsMatchDesignTable() {
        // docs/quadratic.md §14.8 (r = 5)
        assertEquals(2.143, RadialLaw.chi(1).alpha(2, 5), 1e-3);
        assertEquals(5.952, RadialLaw.chi(1).alpha(3, 5), 1e-3);
        assertEquals(0.786, RadialLaw.chi(20).alpha(2, 5), 1e-3);
        assertEquals(0.524, RadialLaw.chi(20).alpha(3, 5), 1e-3);
        RadialLaw mix = RadialLaw.parse("mix:0.3,1.7:0.5,0.5");
        assertEquals(1.0, mix.alpha(1, 5), 1e-15);
        assertEquals(1.49, mix.alpha(2, 5), 1e-12);
        assertEquals(2.47, mix.alpha(3, 5), 1e-12);
        assertEquals(1.0, RadialLaw.parse("chi:3").alpha(1, 4), 1e-15);
    }

    @Test
    void chiLawMomentsMatchMonteCarlo() {
        RadialLaw law = RadialLaw.chi(1); // chi:r would be exactly Gaussian
        QuadraticTransform p = QuadraticTransform.random(3, 3, Structure.LOWRANK, 1.0, false, 31);
        int n = 1_000_000;
        double[] y = p.sample(n, 77L, law);
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        int d = 3;
        // mean/cov/3rd only (4th-order loop is skipped by using a small d)
        double[][] emp = weightedMoments(y, w, n, d);
        assertTrue(rel(p.mean(), emp[0]) < 5e-3, "mean " + rel(p.mean(), emp[0]));
        assertTrue(rel(p.covariance(law), emp[1]) < 1e-2, "cov " + rel(p.covariance(law), emp[1]));
        double e3 = rel(p.thirdCumulant(law), emp[2]);
        assertTrue(e3 < 5e-2, "kappa3 " + e3);
        assertTrue(rel(p.thirdCumulant(), emp[2]) > 0.2, "Gaussian formula should be far off");
        // E|x|^4 = α2 r(r+2)
        double[] x = p.sampleInputs(n, new java.util.SplittableRandom(5), law);
        double m4 = 0;
        for (int s = 0; s < n; s++) {
            double q = x[3 * s] * x[3 * s] + x[3 * s + 1] * x[3 * s + 1] + x[3 * s + 2] * x[3 * s + 2];
            m4 += q * q;
        }
        assertEquals(law.alpha(2, 3), m4 / n / 15.0, 1e-2 * law.alpha(2, 3));
    }

    @Test
    void whitenedThirdCumulantIsTheContraction() {
        QuadraticTransform p = QuadraticTransform.random(3, 7, Structure.EQUAL, 1.0, true, 41);
        java.util.Random rng = new java.util.Random(1);
        int d = 7;
        int m = 4;
        double[] w = new double[d * m];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        RadialLaw law = RadialLaw.chi(5);
        double[] full = p.thirdCumulant(law);
        double[] direct = p.whitenedThirdCumulant(w, m, law);
        double[] contracted = new double[m * m * m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                for (int c = 0; c < m; c++) {
                    double s = 0;
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < d; j++) {
                            for (int k = 0; k < d; k++) {
                                s += full[i + d * j + d * d * k] * w[i + a * d] * w[j + b * d] * w[k + c * d];
                            }
                        }
                    }
                    contracted[a + m * b + m * m * c] = s;
                }
            }
        }
        assertTrue(rel(direct, contracted) < 1e-13);
    }

    @Test
    void gaussianSamplerMatchesPopulationMoments() {
        QuadraticTransform p = QuadraticTransform.random(4, 5, Structure.RANDOM, 1.0, true, 53);
        int n = 400_000;
        double[] y = p.sampleBlock(9L, 3L, n, RadialLaw.gaussian());
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        double[][] emp = weightedMoments(y, w, n, 5);
        assertTrue(rel(p.mean(), emp[0]) < 1e-2, "mean");
        assertTrue(rel(p.covariance(), emp[1]) < 1e-2, "covariance");
        // same (seed, block, rows) gives the same rows bit for bit (what generators rely on: their blocks have a
        // fixed size); a shorter block draws the same inputs, and its rows differ only by the rounding of the one
        // GEMM that evaluates the block, whose summation order a BLAS may choose by the block's size; another block
        // differs
        assertArrayEquals(y, p.sampleBlock(9L, 3L, n, RadialLaw.gaussian()));
        double[] head = p.sampleBlock(9L, 3L, 10, RadialLaw.gaussian());
        for (int i = 0; i < head.length; i++) {
            assertEquals(y[i], head[i], 1e-14 * (1 + Math.abs(y[i])), "entry " + i);
        }
        assertTrue(y[0] != p.sampleBlock(9L, 4L, 1, RadialLaw.gaussian())[0]);
    }

    @Test
    void applyEvaluatesThePolynomial() {
        QuadraticTransform p = QuadraticTransform.random(3, 2, Structure.RANDOM, 1.0, true, 3);
        double[] x = {0.3, -1.2, 2.0};
        double[] y = p.apply(x, 1);
        for (int i = 0; i < 2; i++) {
            double[] q = p.q(i);
            double s = p.c()[i];
            for (int a = 0; a < 3; a++) {
                s += p.b()[i * 3 + a] * x[a];
                for (int b = 0; b < 3; b++) {
                    s += x[a] * q[a + 3 * b] * x[b];
                }
            }
            assertEquals(s, y[i], 1e-12);
        }
    }
}
