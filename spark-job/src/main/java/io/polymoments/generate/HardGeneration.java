package io.polymoments.generate;

import io.polymoments.output.Json;
import io.polymoments.datasets.HardInstanceCatalog;
import io.polymoments.datasets.HardInstanceSampler;
import io.polymoments.linalg.Matrices;
import io.polymoments.model.HardInstance;
import io.polymoments.model.PiecewiseLinearLink;
import java.util.LinkedHashMap;
import java.util.Map;

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
        PiecewiseLinearLink f = instance.f();
        PiecewiseLinearLink.ReluForm relu = f.reluForm();
        Map<String, Object> truth = new LinkedHashMap<>();
        truth.put("kind", "hard");
        truth.put("instance", instance.name());
        if (!instance.name().equals(o.instance().trim())) {
            truth.put("requested", o.instance().trim());
        }
        truth.put("k", instance.k());
        truth.put("d", d);
        truth.put("seed", o.seed());
        truth.put("direction_seed", o.seed());
        truth.put("generator", "y = x + (f(<v,x>) - <v,x>) v, x ~ N(0, I_d); equivalently"
                + " y = (I - v v^T)(relu(x) - relu(-x)) + v (b0 + sum_j w_j relu(<v,x> + c_j))");
        truth.put("v", sampler.direction());
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("knots", f.knots());
        link.put("values", f.values());
        link.put("outside", "constant: f(t) = f(t_0) left of the first knot, f(t_m) right of the last");
        truth.put("link", link);
        Map<String, Object> reluJson = new LinkedHashMap<>();
        reluJson.put("b0", relu.b0());
        reluJson.put("weights", relu.weights());
        reluJson.put("biases", relu.biases());
        truth.put("relu", reluJson);
        Map<String, Object> unmatched = new LinkedHashMap<>();
        entry.unmatchedMoments().forEach((p, m) -> unmatched.put(String.valueOf(p), m));
        truth.put("unmatched_moments_of_f", unmatched);
        truth.put("mean", new double[d]);
        truth.put("covariance", Json.rows(Matrices.identity(d), d, d));
        return new GeneratedModel(sampler, truth);
    }
}
