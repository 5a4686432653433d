package io.polymoments.datasets;

import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;

import java.util.random.RandomGenerator;

/**
 * Rows y = p(x) of a quadratic map, x ~ N(0, I_r) or a rotation-invariant law (docs/quadratic.md §2): x = f·g with g
 * Gaussian and f from {@link RadialLaw#scale}. Holds the parameters as plain arrays and the law as its spec string,
 * so that it serialises to executors.
 *
 * @param r       latent dimension
 * @param d       output dimension
 * @param q       d·r² entries (d symmetric r×r matrices, column-major each)
 * @param b       d·r entries
 * @param c       d entries
 * @param lawSpec {@link RadialLaw#parse} spec: gaussian, chi:ν, mix:v…:p…
 */
public record QuadraticSampler(int r, int d, double[] q, double[] b, double[] c, String lawSpec) implements RowSampler {

    public QuadraticSampler {
        QuadraticTransform.of(r, d, q, b, c);   // validates shapes and symmetry
        RadialLaw.parse(lawSpec);
    }

    /** Gaussian input. */
    public static QuadraticSampler of(QuadraticTransform p) {
        return of(p, "gaussian");
    }

    public static QuadraticSampler of(QuadraticTransform p, String lawSpec) {
        return new QuadraticSampler(p.r(), p.d(), p.q(), p.b(), p.c(), lawSpec);
    }

    public QuadraticTransform transform() {
        return QuadraticTransform.of(r, d, q, b, c);
    }

    @Override
    public int dim() {
        return d;
    }

    @Override
    public void sample(RandomGenerator rng, int rows, double[] out) {
        // rebuilt per block: O(d·r²), negligible next to the block's O(rows·d·r²) evaluation
        QuadraticTransform map = transform();
        RadialLaw law = RadialLaw.parse(lawSpec);
        double[] x = map.sampleInputs(rows, rng, law);
        double[] y = map.apply(x, rows);
        System.arraycopy(y, 0, out, 0, rows * d);
    }
}
