package io.polymoments.learn.lowrank;

import io.polymoments.model.ActivationMode;
import io.polymoments.moments.PopulationMoments;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.tensor.SymmetricIndex;
import org.junit.jupiter.api.Test;

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
}
