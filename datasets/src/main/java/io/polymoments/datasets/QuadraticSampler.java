package io.polymoments.datasets;

import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import java.util.random.RandomGenerator;

/**
 * Rows y = p(x) of a {@link QuadraticTransform}, x drawn from a rotation-invariant {@link RadialLaw} (Gaussian by
 * default). Holds only plain arrays and the law's text form, so it serialises to executors without making the model
 * classes Serializable; the model is rebuilt per block (O(d·r²), negligible next to a block of rows).
 *
 * @param r   latent dimension
 * @param d   output dimension
 * @param q   d·r² entries, Q_i column-major at offset i·r²
 * @param b   d·r entries
 * @param c   d entries
 * @param lawSpec radial law spec understood by {@link RadialLaw#parse} ({@code gaussian}, {@code chi:ν}, {@code mix:…})
 */
public record QuadraticSampler(int r, int d, double[] q, double[] b, double[] c, String lawSpec) implements RowSampler {

    public QuadraticSampler {
        // validates shapes, symmetry and the law once, on the driver, with the model's own messages
        QuadraticTransform.of(r, d, q, b, c);
        RadialLaw.parse(lawSpec);
    }

    public static QuadraticSampler of(QuadraticTransform model, String lawSpec) {
        return new QuadraticSampler(model.r(), model.d(), model.q(), model.b(), model.c(), lawSpec);
    }

    /** Gaussian input. */
    public static QuadraticSampler of(QuadraticTransform model) {
        return of(model, "gaussian");
    }

    public QuadraticTransform transform() {
        return QuadraticTransform.of(r, d, q, b, c);
    }

    public RadialLaw radialLaw() {
        return RadialLaw.parse(lawSpec);
    }

    @Override
    public int dim() {
        return d;
    }

    @Override
    public void sample(RandomGenerator rng, int rows, double[] out) {
        QuadraticTransform model = transform();
        double[] y = model.apply(model.sampleInputs(rows, rng, radialLaw()), rows);
        System.arraycopy(y, 0, out, 0, rows * d);
    }
}
