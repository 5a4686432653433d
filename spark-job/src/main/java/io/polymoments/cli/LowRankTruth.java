package io.polymoments.cli;

import io.polymoments.model.LowRankTransform;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The true model of {@code generate --kind lowrank}: kind, d, m, r, degree, activationMode, W (d×m), A (m×r, rows
 * a_l), c (d), activation (m×(ω+1) Hermite coefficients c_l0..c_lω), gram (m×m, ρ = UUᵀ of the unit directions), seed.
 */
final class LowRankTruth {
    private LowRankTruth() {}

    static Map<String, Object> toJson(LowRankTransform t, long seed) {
        Map<String, Object> j = parameters(t);
        j.put("seed", seed);
        return j;
    }

    /** W, units (A), activation, c and the Gram matrix as plain nested lists. */
    static Map<String, Object> parameters(LowRankTransform t) {
        int d = t.outputDim();
        int m = t.units();
        int r = t.latentDim();
        double[][] act = new double[m][];
        for (int l = 0; l < m; l++) {
            act[l] = t.activation(l);
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("kind", "lowrank");
        j.put("d", d);
        j.put("m", m);
        j.put("r", r);
        j.put("degree", t.degree());
        j.put("activationMode", t.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        j.put("W", Json.rows(t.outputWeights(), d, m));
        j.put("units", Json.rows(t.hiddenWeights(), m, r));
        j.put("norms", t.norms());
        j.put("activation", act);
        j.put("c", t.offset());
        j.put("gram", Json.rows(t.gram(), m, m));
        return j;
    }
}
