package io.polymoments.datasets;

import io.polymoments.model.HardInstance;
import io.polymoments.model.PiecewiseLinearLink;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Rows of a moment-matching hard instance hidden along a unit direction v of R^d:
 * <pre>  y = x + (f(⟨v,x⟩) − ⟨v,x⟩)·v,   x ~ N(0, I_d).</pre>
 * Every moment of y of degree ≤ k equals that of N(0, I_d) (and all cumulants of orders 3..k are 0), because
 * (I − vvᵀ)x is independent of ⟨v,x⟩ and f(⟨v,x⟩) has the first k moments of N(0,1).
 *
 * <p>Rows are produced by the one-hidden-layer ReLU network that represents the same map,
 * <pre>  y = (I − vvᵀ)(relu(x) − relu(−x)) + v·(b0 + Σ_j w_j relu(⟨v,x⟩ + c_j)),</pre>
 * i.e. the generator is literally a small ReLU pushforward of a Gaussian; {@link #transformByLink} is the direct
 * form, equal to rounding.
 *
 * <p>The direction from a seed ({@link #withSeed}): g_i = {@code new SplittableRandom(directionSeed).nextGaussian()}
 * drawn d times in order i = 0..d−1, v = g/|g|. It does not depend on the row stream's seed, so the truth (v) can be
 * written next to any number of sample sets.
 */
public final class HardInstanceSampler implements RowSampler {
    private static final long serialVersionUID = 1L;

    private final HardInstance instance;
    private final double[] direction;
    private final PiecewiseLinearLink.ReluForm relu;

    /** @param direction the hidden unit direction v (|v| = 1 within 1e-9; it is renormalised) */
    public HardInstanceSampler(HardInstance instance, double[] direction) {
        if (instance == null) {
            throw new IllegalArgumentException("a hard instance is required");
        }
        if (direction == null || direction.length < 1) {
            throw new IllegalArgumentException("the hidden direction v must have at least one coordinate");
        }
        double norm = 0;
        for (double c : direction) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("the hidden direction v has a non-finite coordinate");
            }
            norm += c * c;
        }
        norm = Math.sqrt(norm);
        if (Math.abs(norm - 1) > 1e-9) {
            throw new IllegalArgumentException("the hidden direction v must be a unit vector, |v| = " + norm);
        }
        this.instance = instance;
        this.direction = direction.clone();
        for (int i = 0; i < this.direction.length; i++) {
            this.direction[i] /= norm;
        }
        this.relu = instance.f().reluForm();
    }

    /** The instance hidden along a direction drawn from {@code directionSeed} (see the class comment). */
    public static HardInstanceSampler withSeed(HardInstance instance, int d, long directionSeed) {
        return new HardInstanceSampler(instance, randomDirection(d, directionSeed));
    }

    /** A uniformly distributed unit vector of R^d: normalised standard Gaussian draws of SplittableRandom(seed). */
    public static double[] randomDirection(int d, long seed) {
        if (d < 1) {
            throw new IllegalArgumentException("--d must be at least 1, got " + d);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[d];
        double norm = 0;
        while (norm == 0) { // an all-zero draw has probability 0; guard anyway
            norm = 0;
            for (int i = 0; i < d; i++) {
                v[i] = rng.nextGaussian();
                norm += v[i] * v[i];
            }
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < d; i++) {
            v[i] /= norm;
        }
        return v;
    }

    public HardInstance instance() {
        return instance;
    }

    /** The hidden direction v (a copy). */
    public double[] direction() {
        return direction.clone();
    }

    @Override
    public int dim() {
        return direction.length;
    }

    @Override
    public void sample(RandomGenerator rng, int rows, double[] out) {
        int d = direction.length;
        if (out.length < (long) rows * d) {
            throw new IllegalArgumentException("output buffer holds " + out.length + " values, need rows*dim = " + rows * d);
        }
        double[] x = new double[d];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < d; c++) {
                x[c] = rng.nextGaussian();
            }
            transform(x, out, r * d);
        }
    }

    /** The ReLU-network map x ↦ y, written into out[offset .. offset+d). */
    public void transform(double[] x, double[] out, int offset) {
        int d = direction.length;
        double vr = 0; // vᵀ(relu(x) − relu(−x))
        for (int c = 0; c < d; c++) {
            double r = relu(x[c]) - relu(-x[c]);
            out[offset + c] = r;
            vr += direction[c] * r;
        }
        double t = 0;
        for (int c = 0; c < d; c++) {
            t += direction[c] * x[c];
        }
        double head = relu.apply(t); // b0 + Σ_j w_j relu(t + c_j)
        double shift = head - vr;     // (I − vvᵀ)r + v·head = r + v·(head − vᵀr)
        for (int c = 0; c < d; c++) {
            out[offset + c] += direction[c] * shift;
        }
    }

    /** The direct form y = x + (f(⟨v,x⟩) − ⟨v,x⟩)·v (for checks). */
    public void transformByLink(double[] x, double[] out, int offset) {
        int d = direction.length;
        double t = 0;
        for (int c = 0; c < d; c++) {
            t += direction[c] * x[c];
        }
        double shift = instance.f().apply(t) - t;
        for (int c = 0; c < d; c++) {
            out[offset + c] = x[c] + direction[c] * shift;
        }
    }

    private static double relu(double a) {
        return a > 0 ? a : 0;
    }

    @Override
    public String toString() {
        return "HardInstanceSampler[" + instance.name() + ", k=" + instance.k() + ", d=" + direction.length + "]";
    }
}
