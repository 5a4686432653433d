package io.polymoments.generate;

import io.polymoments.datasets.HardInstanceCatalog;
import io.polymoments.datasets.HardInstanceSampler;
import io.polymoments.model.HardInstance;
import io.polymoments.store.HardTruth;

/**
 * {@code generate --kind hard}: a moment-matching instance of the shipped catalogue hidden along a unit direction v
 * drawn from --seed (docs/hard-instances.md §3). Its moments of degree ≤ k are exactly those of N(0, I_d), so the truth's
 * mean is 0 and covariance I.
 */
public final class HardGeneration {
    private HardGeneration() {}

    static GeneratedModel create(GenerationSpec o) {
        int d = o.requireD();
        HardInstanceCatalog.Entry entry = HardInstanceCatalog.shipped().entry(o.instance());
        HardInstance instance = entry.instance();
        // v from the same seed as the rows: one seed reproduces data and truth; the two streams are independent
        // (SplittableRandom(seed) here, a SplitMix hash of (seed, block) for the rows)
        HardInstanceSampler sampler = HardInstanceSampler.withSeed(instance, d, o.seed());
        return new GeneratedModel(sampler, HardTruth.toJson(entry, o.instance().trim(), d, o.seed(), sampler.direction()));
    }
}
