package io.polymoments.learn.quadratic;

import io.polymoments.learn.optim.ResidualFunction;
import org.junit.jupiter.api.Test;

import io.polymoments.tensor.Tensor3;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MomentMatchingObjectiveTest {

    /** Random symmetric m×m×m tensor (entries symmetrised by construction). */
    static double[] randomSymmetricTensor(int m, Random rng) {
        double[] raw = new double[m * m * m];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = rng.nextGaussian();
        }
        return Tensor3.symmetrize(raw, m);
    }

    /** 4-point central difference (O(h⁴)) of f along coordinate i. */
    static double derivative(MomentMatchingObjective f, double[] theta, int i, double h) {
        double[] g = new double[theta.length];
        double[] x = theta.clone();
        double[] v = new double[4];
        double[] steps = {-2 * h, -h, h, 2 * h};
        for (int s = 0; s < 4; s++) {
            x[i] = theta[i] + steps[s];
            v[s] = f.valueAndGradient(x, g);
        }
        return (v[0] - 8 * v[1] + 8 * v[2] - v[3]) / (12 * h);
    }

    static double gradientRelativeError(MomentMatchingObjective f, double[] theta) {
        double[] g = new double[theta.length];
        f.valueAndGradient(theta, g);
        double maxErr = 0;
        double maxG = 0;
        for (int i = 0; i < theta.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(derivative(f, theta, i, 1e-3) - g[i]));
            maxG = Math.max(maxG, Math.abs(g[i]));
        }
        return maxErr / maxG;
    }

    @Test
    void homogeneousGradientMatchesCentralDifferences() {
        Random rng = new Random(21);
        int r = 3;
        int m = 5;
        double[] t = randomSymmetricTensor(m, rng);
        double[] nu = new double[m];
        for (int a = 0; a < m; a++) {
            nu[a] = rng.nextGaussian();
        }
        MomentMatchingObjective f = MomentMatchingObjective.homogeneous(nu, t, m, r, new MomentWeights(1.3, 7, 0.6));
        double[] theta = Frames.perturb(new double[m * 6], 0.5, rng);
        double err = gradientRelativeError(f, theta);
        assertTrue(err < 1e-9, "relative gradient error " + err);
    }

    @Test
    void affineGradientMatchesCentralDifferencesAndFreezesCorner() {
        Random rng = new Random(22);
        int r = 2;
        int m = 5;
        double[] t = randomSymmetricTensor(m, rng);
        MomentMatchingObjective f = MomentMatchingObjective.affine(t, m, r, new MomentWeights(5, 3, 0.7));
        assertEquals(m * (6 - 1), f.parameterCount());
        double[] theta = Frames.perturb(new double[f.parameterCount()], 0.5, rng);
        double err = gradientRelativeError(f, theta);
        assertTrue(err < 1e-9, "relative gradient error " + err);
        double[] z = f.unpack(theta);
        for (int a = 0; a < m; a++) {
            assertEquals(0.0, z[a * 6 + 2], "corner of Z_" + a);
        }
    }

    @Test
    void objectiveEqualsWeightedSumOfSquaredResidualsComputedNaively() {
        Random rng = new Random(23);
        int r = 3;
        int m = 4;
        double[] t = randomSymmetricTensor(m, rng);
        double[] nu = {0.3, -0.2, 1.1, 0.0};
        double[] z = Frames.perturb(new double[m * 6], 0.7, rng);
        MomentWeights w = new MomentWeights(2, 3, 5);
        MomentMatchingObjective f = MomentMatchingObjective.homogeneous(nu, t, m, r, w);
        MomentResiduals res = f.residuals(z);
        double[] tr = Frames.traces(z, m, r);
        double s1 = 0;
        for (int a = 0; a < m; a++) {
            s1 += (tr[a] - nu[a]) * (tr[a] - nu[a]);
        }
        double s2 = 0;
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                double d = 0;
                for (int p = 0; p < 6; p++) {
                    d += z[a * 6 + p] * z[b * 6 + p];
                }
                double v = 2 * d - (a == b ? 1 : 0);
                s2 += v * v;
            }
        }
        double[] model = Frames.thirdMoment(z, m, r);
        double s3 = 0;
        for (int i = 0; i < t.length; i++) {
            s3 += (model[i] - t[i]) * (model[i] - t[i]);
        }
        double expected = 2 * s1 + 3 * s2 + 5 * s3;
        assertEquals(expected, res.value(), 1e-12 * expected);
        assertEquals(Math.sqrt(s3), res.thirdMoment(), 1e-12 * Math.sqrt(s3));
        assertEquals(expected, f.valueAndGradient(f.pack(z), new double[f.parameterCount()]), 1e-12 * expected);
    }

    @Test
    void residualFormReproducesObjectiveGradientAndJacobian() {
        Random rng = new Random(24);
        for (boolean affine : new boolean[]{false, true}) {
            int r = 2;
            int m = 4;
            double[] t = randomSymmetricTensor(m, rng);
            double[] nu = {0.5, -1, 0.2, 0.9};
            MomentWeights w = new MomentWeights(1.5, 4, 0.8);
            MomentMatchingObjective f = affine ? MomentMatchingObjective.affine(t, m, r, w)
                    : MomentMatchingObjective.homogeneous(nu, t, m, r, w);
            ResidualFunction ls = f.residualForm();
            int n = ls.parameterCount();
            int p = ls.residualCount();
            double[] theta = Frames.perturb(new double[n], 0.6, rng);
            double[] res = new double[p];
            double[] jac = new double[p * n];
            ls.evaluate(theta, res, jac);
            double[] g = new double[n];
            double value = f.valueAndGradient(theta, g);
            double ss = 0;
            for (double v : res) {
                ss += v * v;
            }
            assertEquals(value, ss, 1e-12 * value, "affine=" + affine);
            for (int j = 0; j < n; j++) {
                double jtr = 0;
                for (int i = 0; i < p; i++) {
                    jtr += jac[i + j * p] * res[i];
                }
                assertEquals(g[j], 2 * jtr, 1e-10 * (1 + Math.abs(g[j])), "gradient " + j + " affine=" + affine);
            }
            // Jacobian column against central differences of the residual vector
            double h = 1e-6;
            double[] rp = new double[p];
            double[] rm = new double[p];
            for (int j = 0; j < n; j++) {
                double[] x = theta.clone();
                x[j] += h;
                ls.evaluate(x, rp, null);
                x[j] -= 2 * h;
                ls.evaluate(x, rm, null);
                for (int i = 0; i < p; i++) {
                    double fd = (rp[i] - rm[i]) / (2 * h);
                    assertEquals(fd, jac[i + j * p], 1e-7 * (1 + Math.abs(fd)), "J[" + i + "," + j + "]");
                }
            }
        }
    }

    @Test
    void structuredNormalEquationsEqualDenseJacobianProducts() {
        Random rng = new Random(25);
        for (boolean affine : new boolean[]{false, true}) {
            int r = 2;
            int m = 4;
            double[] t = randomSymmetricTensor(m, rng);
            double[] nu = {0.5, -1, 0.2, 0.9};
            MomentWeights w = new MomentWeights(1.5, 4, 0.8);
            MomentMatchingObjective f = affine ? MomentMatchingObjective.affine(t, m, r, w)
                    : MomentMatchingObjective.homogeneous(nu, t, m, r, w);
            ResidualFunction ls = f.residualForm();
            int n = ls.parameterCount();
            int p = ls.residualCount();
            double[] theta = Frames.perturb(new double[n], 0.6, rng);
            double[] res = new double[p];
            double[] jac = new double[p * n];
            ls.evaluate(theta, res, jac);
            double[] jtj = new double[n * n];
            double[] jtr = new double[n];
            double cost = f.normalEquationsForm().normalEquations(theta, jtj, jtr);
            double ss = 0;
            for (double v : res) {
                ss += v * v;
            }
            assertEquals(ss, cost, 1e-12 * ss);
            assertEquals(ss, f.normalEquationsForm().cost(theta), 1e-12 * ss);
            double scale = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double v = 0;
                    for (int row = 0; row < p; row++) {
                        v += jac[row + i * p] * jac[row + j * p];
                    }
                    scale = Math.max(scale, Math.abs(v));
                    assertEquals(v, jtj[i + j * n], 1e-11 * (1 + Math.abs(v)), "JtJ[" + i + "," + j + "] affine=" + affine);
                }
                double g = 0;
                for (int row = 0; row < p; row++) {
                    g += jac[row + i * p] * res[row];
                }
                assertEquals(g, jtr[i], 1e-11 * (1 + Math.abs(g)), "Jtr[" + i + "]");
            }
            assertTrue(scale > 1, "non-trivial normal matrix");
        }
    }

    /**
     * The packed formulation (pairs b ≤ c, traces over svec coordinates) against the ordered-pair formulation it
     * replaced, on random inputs of every shape the learner uses: m = tri(r) (spectral start), m &lt; tri(r)
     * (multi-start), m &gt; tri(r), the affine bordered frame, and a near-optimal frame whose residual is small
     * against the moments themselves.
     */
    @Test
    void valueAndGradientEqualTheOrderedPairReference() {
        Random rng = new Random(26);
        // {36, 8}: 666 pairs b ≤ c, more than one block of the packed evaluation
        int[][] shapes = {{6, 3, 0}, {10, 4, 0}, {5, 4, 0}, {13, 3, 0}, {9, 3, 1}, {7, 2, 1}, {21, 6, 0}, {36, 8, 0}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int r = shape[1];
            boolean affine = shape[2] == 1;
            int rr = affine ? r + 1 : r;
            int k = Frames.tri(rr);
            double[] t = randomSymmetricTensor(m, rng);
            double[] nu = new double[m];
            for (int a = 0; a < m; a++) {
                nu[a] = rng.nextGaussian();
            }
            MomentWeights w = new MomentWeights(0.5 + rng.nextDouble(), 1 + 999 * rng.nextDouble(), 0.5 + rng.nextDouble());
            MomentMatchingObjective f = affine ? MomentMatchingObjective.affine(t, m, r, w)
                    : MomentMatchingObjective.homogeneous(nu, t, m, r, w);
            double[] theta = Frames.perturb(new double[f.parameterCount()], 0.4, rng);
            assertSameAsReference(f, theta, affine ? null : nu, t, m, rr, affine ? w.withoutMean() : w, k,
                    "m=" + m + " r=" + r + " affine=" + affine);
        }
        // near the optimum: the exact moments of a frame plus 1 % noise, f small against ‖T‖²
        int r = 4;
        int m = Frames.tri(r);
        double[] truth = Frames.homogeneousFrame(r, rng);
        double[] t = Frames.thirdMoment(truth, m, r);
        double[] noise = randomSymmetricTensor(m, rng);
        for (int i = 0; i < t.length; i++) {
            t[i] += 0.01 * noise[i];
        }
        double[] nu = Frames.traces(truth, m, r);
        MomentMatchingObjective f = MomentMatchingObjective.homogeneous(nu, t, m, r, MomentWeights.COVARIANCE_ENFORCED);
        assertSameAsReference(f, f.pack(Frames.perturb(truth, 1e-3, rng)), nu, t, m, r,
                MomentWeights.COVARIANCE_ENFORCED, m, "near the optimum");
    }

    private static void assertSameAsReference(MomentMatchingObjective f, double[] theta, double[] nu, double[] t,
                                              int m, int rr, MomentWeights w, int k, String what) {
        double[] g = new double[theta.length];
        double value = f.valueAndGradient(theta, g);
        double[] gRef = new double[m * k];
        double valueRef = MomentMatchingReference.valueAndGradient(f.unpack(theta), nu, t, m, rr, w, gRef);
        double[] gRefFree = f.pack(gRef);
        assertEquals(valueRef, value, 1e-12 * valueRef, what);
        double scale = 0;
        for (double v : gRefFree) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < g.length; i++) {
            assertEquals(gRefFree[i], g[i], 1e-12 * scale, what + ", gradient " + i);
        }
    }

    /**
     * The matrix-free Gauss–Newton product (R×R contractions) against twice the dense normal matrix JᵀJ, itself checked
     * against the explicit Jacobian above; homogeneous with and without the mean term, affine with its frozen corners.
     */
    @Test
    void gaussNewtonProductEqualsTheDenseNormalMatrix() {
        Random rng = new Random(27);
        int[][] shapes = {{6, 3, 0, 1}, {10, 4, 0, 0}, {5, 4, 0, 1}, {9, 3, 1, 0}, {7, 2, 1, 0}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int r = shape[1];
            boolean affine = shape[2] == 1;
            double[] t = randomSymmetricTensor(m, rng);
            double[] nu = new double[m];
            for (int a = 0; a < m; a++) {
                nu[a] = rng.nextGaussian();
            }
            MomentWeights w = new MomentWeights(shape[3] == 1 ? 0.5 + rng.nextDouble() : 0, 1 + 999 * rng.nextDouble(),
                    0.5 + rng.nextDouble());
            MomentMatchingObjective f = affine ? MomentMatchingObjective.affine(t, m, r, w)
                    : MomentMatchingObjective.homogeneous(nu, t, m, r, w);
            int n = f.parameterCount();
            double[] theta = Frames.perturb(new double[n], 0.4, rng);
            double[] jtj = new double[n * n];
            f.normalEquationsForm().normalEquations(theta, jtj, new double[n]);
            double[] v = Frames.perturb(new double[n], 1.0, rng);
            double[] hv = new double[n];
            f.gaussNewtonMatrix(theta).apply(v, hv);
            double[] expected = new double[n];
            double scale = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    expected[i] += 2 * jtj[i + j * n] * v[j];
                }
                scale = Math.max(scale, Math.abs(expected[i]));
            }
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], hv[i], 1e-12 * scale, "m=" + m + " r=" + r + " affine=" + affine + ", " + i);
            }
        }
    }

    @Test
    void rejectsWrongShapesWithExplicitMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MomentMatchingObjective.homogeneous(new double[3], new double[26], 3, 2, MomentWeights.UNIFORM));
        assertTrue(e.getMessage().contains("tTilde"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MomentMatchingObjective.homogeneous(null, new double[27], 3, 2, MomentWeights.UNIFORM));
        MomentMatchingObjective f = MomentMatchingObjective.homogeneous(new double[3], new double[27], 3, 2,
                MomentWeights.UNIFORM);
        assertThrows(IllegalArgumentException.class, () -> f.pack(new double[10]));
    }
}
