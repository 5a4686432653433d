package io.polymoments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.linalg.Matrices;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.QuadraticTransform.Structure;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.SplitHalfSketch;
import io.polymoments.moments.Whitening;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The truth passes every held-out check with zero parameter error; a slightly wrong model fails the moment checks. */
class HeldOutEvaluationTest {
    private static final int N = 200_000;
    private static final int SLICED = 20_000;

    private static SketchBundle sketch(double[] y, int n, int d, int m) {
        SketchAccumulator p1 = new SketchAccumulator(2, d, null);
        for (int s = 0; s < n; s++) {
            p1.add(y, s * d);
        }
        SplitHalfSketch raw = p1.finish();
        MomentSketch total = raw.total();
        Whitening w = Whitening.of(total, Whitening.spectrum(total), m, "rank");
        SketchAccumulator p2 = new SketchAccumulator(3, d, w.basis());
        for (int s = 0; s < n; s++) {
            p2.add(y, s * d);
        }
        return new SketchBundle(raw, p2.finish(), 0);
    }

    private static HeldOutEvaluation.Report run(QuadraticTransform model, QuadraticTransform truth, RadialLaw law) {
        int d = truth.d();
        double[] y = truth.sample(N, 5, law);
        SketchBundle b = sketch(y, N, d, 6);
        return new HeldOutEvaluation(100, 3).evaluate(model, law, b, Arrays.copyOf(y, SLICED * d), SLICED, truth,
                law);
    }

    @Test
    void truthIsConsistentWithItsOwnHeldOutData() {
        QuadraticTransform truth = QuadraticTransform.random(3, 10, Structure.LOWRANK, 0.5, false, 21);
        HeldOutEvaluation.Report r = run(truth, truth, RadialLaw.gaussian());
        assertEquals(N, r.n());
        assertEquals(6, r.m());
        assertTrue(r.mean().ratio() < 3 && r.covariance().ratio() < 3 && r.third().ratio() < 3, r.summary());
        assertTrue(r.slicedW1Ratio() < 1.5, r.summary());
        assertTrue(r.consistent(), r.summary());
        assertTrue(r.parameterError() < 1e-9 && r.couplingW2() < 1e-8, r.summary());
    }

    @Test
    void rotationInvariantTruthIsConsistentUnderItsOwnLaw() {
        QuadraticTransform truth = QuadraticTransform.random(3, 10, Structure.LOWRANK, 0.5, false, 22);
        RadialLaw law = RadialLaw.parse("mix:0.3,1.7:0.5,0.5");
        HeldOutEvaluation.Report r = run(truth, truth, law);
        assertTrue(r.consistent(), r.summary());
        // the same model with Gaussian input is not the law of these data
        double[] y = truth.sample(N, 5, law);
        HeldOutEvaluation.Report g = new HeldOutEvaluation(100, 3).evaluate(truth, RadialLaw.gaussian(),
                sketch(y, N, 10, 6), Arrays.copyOf(y, SLICED * 10), SLICED, null, null);
        assertFalse(g.consistent(), g.summary());
        assertNull(g.parameterError());
    }

    @Test
    void perturbedModelFailsTheMomentChecks() {
        QuadraticTransform truth = QuadraticTransform.random(3, 10, Structure.LOWRANK, 0.5, false, 23);
        double[] q = truth.q();
        SplittableRandom rng = new SplittableRandom(4);
        double[] dq = new double[q.length];
        for (int i = 0; i < 10; i++) {
            for (int a = 0; a < 3; a++) {
                for (int e = 0; e <= a; e++) {
                    double v = 0.03 * rng.nextGaussian();
                    dq[i * 9 + a + 3 * e] = v;
                    dq[i * 9 + e + 3 * a] = v;
                }
            }
        }
        for (int j = 0; j < q.length; j++) {
            q[j] += dq[j];
        }
        QuadraticTransform wrong = QuadraticTransform.homogeneous(3, 10, q);
        HeldOutEvaluation.Report r = run(wrong, truth, RadialLaw.gaussian());
        assertFalse(r.consistent(), r.summary());
        assertTrue(r.covariance().ratio() > 3 || r.third().ratio() > 3, r.summary());
        // the error up to rotation is at most the size of the perturbation (O = I is one candidate)
        double bound = Matrices.frobeniusNorm(dq) / Matrices.frobeniusNorm(truth.q());
        assertTrue(r.parameterError() <= bound * (1 + 1e-9) && r.parameterError() > 0.2 * bound,
                r.parameterError() + " vs " + bound);
    }
}
