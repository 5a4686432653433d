package io.polymoments.datasets;

import java.io.Serializable;
import java.util.random.RandomGenerator;

/**
 * Draws i.i.d. rows of one generative model. Implementations are small serialisable descriptions of the model (they
 * travel to executors) and must draw only from the generator they are given, so that a block's rows depend on
 * nothing but the block's seed.
 */
public interface RowSampler extends Serializable {
    /** Dimension d of a row. */
    int dim();

    /** Fills {@code out} (row-major, rows×dim) with rows drawn using {@code rng}. */
    void sample(RandomGenerator rng, int rows, double[] out);
}
