package io.polymoments.learn.lowrank;

import io.polymoments.metrics.SymmetryAlignment;
import io.polymoments.learn.LearnerContract;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import io.polymoments.moments.Basis;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.Whitening;

import java.util.Arrays;
import java.util.stream.IntStream;

/** The learner contract for m = 3 Wick-square units y = W He₂(Ax) + c, r = 3, d = 6 (identifiable: m ≤ C(4,2) − 3). */
class LowRankLearnerContractTest extends LearnerContract<LowRankTransform> {
    private static final int R = 3;
    private static final int M = 3;
    private static final int D = 6;

    /**
     * Fits of sketches merged in another order agree to 1e-8: Levenberg–Marquardt stops on a relative cost decrease
     * below 1e-15, which resolves the parameters only to about √1e-15 (9e-8 apart with netlib's pure-Java BLAS), and the
     * Gauss–Newton polish of the best restart resolves them on the gradient (measured 1.3e-9 apart with the pure-Java
     * BLAS, 4e-10 with OpenBLAS).
     */
    LowRankLearnerContractTest() {
        super(1e-8, 1e-8, 1e-8, 20_000);
    }

    @Override
    protected int dim() {
        return D;
    }

    @Override
    protected LowRankTransform plant(long seed) {
        return LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, R, M, D, seed);
    }

    @Override
    protected double[] mean(LowRankTransform truth) {
        return truth.mean();
    }

    @Override
    protected double[] centralMoment(LowRankTransform truth, int q) {
        return truth.centralMoment(q);
    }

    @Override
    protected double[] sample(LowRankTransform truth, int n, long seed) {
        return Arrays.stream(truth.sampleBlock(seed, 0, n)).flatMapToDouble(Arrays::stream).toArray();
    }

    @Override
    protected int whitenedOrder() {
        return 4;
    }

    @Override
    protected Basis whitening(MomentSketch pass1) {
        return Whitening.of(pass1, Whitening.spectrum(pass1), M, "hidden").basis();
    }

    @Override
    protected LowRankTransform fit(SketchBundle sketch, long seed) {
        return LowRankLearner.fit(SketchMoments.fromBundle(sketch), LowRankOptions.known(M, R, 0, 0, 1).withSeed(seed))
                .model();
    }

    @Override
    protected double error(LowRankTransform estimate, LowRankTransform reference) {
        SymmetryAlignment.AlignmentError e = SymmetryAlignment.align(reference, estimate);
        return Math.max(e.errW(), e.errGram());
    }

    @Override
    protected double[] parameters(LowRankTransform model) {
        double[][] activations = IntStream.range(0, model.hidden()).mapToObj(model::activation).toArray(double[][]::new);
        return concat(model.outputWeights(), model.hiddenWeights(), model.offset(), model.norms(), concat(activations));
    }
}
