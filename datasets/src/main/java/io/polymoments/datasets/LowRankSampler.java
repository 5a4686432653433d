package io.polymoments.datasets;

import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;

import java.util.random.RandomGenerator;

/**
 * Rows y = W σ(A x) + c of a low-rank transform (docs/lowrank.md §1), x ~ N(0, I_r). Holds the parameters as plain
 * arrays so that it serialises to executors; each block draws only from the generator it is given.
 *
 * @param mode       activation mode (validation of A: unit rows in KNOWN mode)
 * @param d          output dimension
 * @param m          number of hidden units
 * @param r          latent dimension
 * @param w          W, d×m column-major
 * @param a          A, m×r column-major
 * @param c          offset, length d
 * @param activation per unit the Hermite coefficients c_l0..c_lω
 */
public record LowRankSampler(ActivationMode mode, int d, int m, int r, double[] w, double[] a, double[] c,
                             double[][] activation) implements RowSampler {

    public LowRankSampler {
        LowRankTransform.of(mode, w, a, c, activation, d, m, r);   // validates shapes
    }

    public static LowRankSampler of(LowRankTransform t) {
        double[][] act = new double[t.hidden()][];
        for (int l = 0; l < act.length; l++) {
            act[l] = t.activation(l);
        }
        return new LowRankSampler(t.mode(), t.outputDim(), t.hidden(), t.latentDim(), t.outputWeights(),
                t.hiddenWeights(), t.offset(), act);
    }

    public LowRankTransform transform() {
        return LowRankTransform.of(mode, w, a, c, activation, d, m, r);
    }

    @Override
    public int dim() {
        return d;
    }

    @Override
    public void sample(RandomGenerator rng, int rows, double[] out) {
        LowRankTransform t = transform();   // O(d·m) per block, negligible
        double[] x = new double[r];
        for (int s = 0; s < rows; s++) {
            for (int k = 0; k < r; k++) {
                x[k] = rng.nextGaussian();
            }
            System.arraycopy(t.apply(x), 0, out, s * d, d);
        }
    }
}
