package io.polymoments.learn.lowrank;

import io.polymoments.learn.optim.NormalEquationsFunction;
import io.polymoments.linalg.Matrices;
import io.polymoments.model.ActivationMode;
import io.polymoments.moments.PopulationMoments;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.tensor.SymmetricIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MomentMapTest {

    private static double[][] randomTargets(int m, SplittableRandom rng, boolean weights) {
        double[][] out = new double[3][];
        for (int q = 2; q <= 4; q++) {
            out[q - 2] = new double[SymmetricIndex.of(m, q).size()];
            for (int t = 0; t < out[q - 2].length; t++) {
                out[q - 2][t] = weights ? 0.5 + rng.nextDouble() : rng.nextGaussian();
            }
        }
        return out;
    }

    private static void checkJacobian(MomentMap map, double[] th) {
        int n = map.residualCount();
        int p = map.parameterCount();
        double[] res = new double[n];
        double[] jac = new double[n * p];
        map.evaluate(th, res, jac);
        double[] rp = new double[n];
        double[] rm = new double[n];
        double maxAbs = 0;
        for (double v : jac) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double worst = 0;
        for (int k = 0; k < p; k++) {
            double h = 1e-5 * Math.max(1.0, Math.abs(th[k]));
            double[] tp = th.clone();
            double[] tm = th.clone();
            tp[k] += h;
            tm[k] -= h;
            map.evaluate(tp, rp, null);
            map.evaluate(tm, rm, null);
            for (int i = 0; i < n; i++) {
                double fd = (rp[i] - rm[i]) / (2 * h);
                worst = Math.max(worst, Math.abs(fd - jac[i + n * k]));
            }
        }
        assertTrue(worst <= 1e-7 * maxAbs, "Jacobian vs central differences: max abs diff " + worst
                + " relative to max |J| " + maxAbs + " (mode " + map.mode() + ")");
    }

    private static double[] randomTheta(int m, int r, int extra, SplittableRandom rng, double center) {
        double[] th = new double[m * m + m * r + extra];
        for (int i = 0; i < th.length; i++) {
            th[i] = rng.nextGaussian() * 0.5;
        }
        for (int i = m * m + m * r; i < th.length; i++) {
            th[i] = center + 0.2 * rng.nextGaussian();
        }
        return th;
    }

    @Test
    void analyticJacobianMatchesCentralDifferencesInAllModes() {
        SplittableRandom rng = new SplittableRandom(7);
        int m = 4;
        int r = 3;
        int omega = 3;
        double[] s = new double[m * omega];
        for (int i = 0; i < s.length; i++) {
            s[i] = rng.nextGaussian();
        }
        MomentMap known = new MomentMap(m, r, omega, ActivationMode.KNOWN, s, randomTargets(m, rng, false),
                randomTargets(m, rng, true));
        checkJacobian(known, randomTheta(m, r, 0, rng, 0));
        MomentMap free = new MomentMap(m, r, omega, ActivationMode.FREE, null, randomTargets(m, rng, false),
                randomTargets(m, rng, true));
        checkJacobian(free, randomTheta(m, r, m * omega, rng, 0));
        MomentMap norms = new MomentMap(m, r, omega, ActivationMode.KNOWN_UNKNOWN_NORMS, new double[] {0.1, 0.5, 1.0, 0.4},
                randomTargets(m, rng, false), randomTargets(m, rng, true));
        checkJacobian(norms, randomTheta(m, r, m, rng, 1.0));
        MomentMap quad = new MomentMap(5, 2, 2, ActivationMode.FREE, null, randomTargets(5, rng, false),
                randomTargets(5, rng, true));
        checkJacobian(quad, randomTheta(5, 2, 10, rng, 0));
    }

    @Test
    void residualVanishesAtTheTrueParametersOfAPopulationInstance() {
        io.polymoments.model.LowRankTransform t = io.polymoments.model.LowRankTransform.random(ActivationMode.KNOWN,
                new double[] {0, 0.5, 1.0, 0.4}, 3, 4, 7, 3L);
        WhitenedMoments wm = PopulationMoments.lowRank(t);
        MomentMap map = LowRankLearner.momentMap(wm, 3, 3, ActivationMode.KNOWN,
                t.normalisedCoefficients(), false);
        double[] vt = io.polymoments.linalg.Matrices.transpose(wm.whitening().basis().matrix(), 7, 4);
        double[] b = io.polymoments.linalg.Matrices.multiply(vt, t.outputWeights(), 4, 7, 4);
        double[] th = map.pack(b, t.unitDirections(), null);
        double[] res = new double[map.residualCount()];
        map.evaluate(th, res, null);
        for (double v : res) {
            assertEquals(0.0, v, 1e-12);
        }
    }

    /**
     * The structured Jacobian and normal equations against the dense formulation (every derivative tensor of the core
     * transformed by M^{⊗q}, J formed over every moment entry): equal to 1e-12 relative on random θ, targets and
     * per-entry weights, in every activation mode.
     */
    @ParameterizedTest(name = "{0} m={1} r={2} omega={3}")
    @CsvSource({"KNOWN,5,3,2", "KNOWN,6,4,3", "FREE,5,3,2", "FREE,4,2,3", "KNOWN_UNKNOWN_NORMS,5,3,3",
            "KNOWN_UNKNOWN_NORMS,3,3,2", "KNOWN,1,2,2"})
    void structuredNormalEquationsEqualTheDenseJacobian(ActivationMode mode, int m, int r, int omega) {
        SplittableRandom rng = new SplittableRandom(31L * m + r + 7L * omega + mode.ordinal());
        double[] activation = switch (mode) {
            case KNOWN -> randomVector(m * omega, rng);
            case KNOWN_UNKNOWN_NORMS -> randomVector(omega + 1, rng);
            case FREE -> null;
        };
        double[][] targets = randomTargets(m, rng, false);
        double[][] weights = randomTargets(m, rng, true);
        MomentMap map = new MomentMap(m, r, omega, mode, activation, targets, weights);
        DenseMomentMap reference = new DenseMomentMap(m, r, omega, mode, activation, targets, weights);
        int extra = switch (mode) {
            case KNOWN -> 0;
            case KNOWN_UNKNOWN_NORMS -> m;
            case FREE -> m * omega;
        };
        double[] th = randomTheta(m, r, extra, rng, mode == ActivationMode.KNOWN_UNKNOWN_NORMS ? 1.0 : 0);
        int n = map.residualCount();
        int p = map.parameterCount();
        double[] res = new double[n];
        double[] jac = new double[n * p];
        double[] refRes = new double[n];
        double[] refJac = new double[n * p];
        reference.evaluate(th, refRes, refJac);
        map.evaluate(th, res, jac);
        assertClose(refRes, res, "residuals");
        assertClose(refJac, jac, "dense Jacobian");
        double[] resOnly = new double[n];
        map.evaluate(th, resOnly, null);
        assertClose(refRes, resOnly, "residuals without the Jacobian");

        double[] jtj = Matrices.multiply(true, refJac, false, refJac, p, p, n);
        double[] jtr = Matrices.multiply(true, refJac, false, refRes, p, 1, n);
        NormalEquationsFunction ne = map.normalEquations();
        double[] neJtj = new double[p * p];
        double[] neJtr = new double[p];
        double cost = ne.normalEquations(th, neJtj, neJtr);
        double refCost = 0;
        for (double v : refRes) {
            refCost += v * v;
        }
        assertEquals(refCost, cost, 1e-12 * refCost);
        assertEquals(refCost, ne.cost(th), 1e-12 * refCost);
        assertClose(jtj, neJtj, "J^T J");
        assertClose(jtr, neJtr, "J^T r");
    }

    private static double[] randomVector(int n, SplittableRandom rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    /** Entry-wise equality to 1e-12 of the largest reference entry. */
    private static void assertClose(double[] expected, double[] actual, String what) {
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= 1e-12 * scale, what + ": max abs difference " + worst + " relative to max |entry| " + scale);
    }
}
