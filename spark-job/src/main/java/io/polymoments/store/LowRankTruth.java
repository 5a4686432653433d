package io.polymoments.store;

import io.polymoments.output.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.InvalidInputException;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The true model of {@code generate --kind lowrank}, a {@link TruthFile} (version 1) whose keys after the common
 * ones are, in order: d, m, r, degree, activationMode, W (d×m nested rows), units (m×r, rows a_l), norms (α_l),
 * activation (m×(ω+1) Hermite coefficients c_l0..c_lω), c (d), gram (m×m, ρ = UUᵀ of the unit directions), seed
 * (docs/formats.md §6). {@link #parameters} is the same without the version and seed (for {@code export}).
 */
public final class LowRankTruth {
    private LowRankTruth() {}

    public static Map<String, Object> toJson(LowRankTransform t, long seed) {
        Map<String, Object> j = TruthFile.start("lowrank");
        j.putAll(parameters(t));
        j.put("seed", seed);
        return j;
    }

    /** W, units (A), activation, c and the Gram matrix as plain nested lists. */
    public static Map<String, Object> parameters(LowRankTransform t) {
        int d = t.outputDim();
        int m = t.hidden();
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

    /** Inverse of {@link #parameters}: d, m, r, activationMode, W (d×m), units (m×r), c (d), activation. */
    public static LowRankTransform fromJson(JsonNode j, String where) {
        TruthFile.checkVersion(j, where);
        int d = positive(j, "d", where);
        int m = positive(j, "m", where);
        int r = positive(j, "r", where);
        ActivationMode mode;
        try {
            mode = ActivationMode.valueOf(j.path("activationMode").asText("")
                    .toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where + ": activationMode must be known, known-unknown-norms or free, got '"
                    + j.path("activationMode").asText("") + "'");
        }
        double[] w = new double[d * m];
        double[] a = new double[m * r];
        double[] c = new double[d];
        JsonNode wj = array(j, "W", d, where);
        JsonNode uj = array(j, "units", m, where);
        JsonNode cj = array(j, "c", d, where);
        JsonNode aj = array(j, "activation", m, where);
        double[][] act = new double[m][];
        for (int i = 0; i < d; i++) {
            c[i] = number(cj.get(i), where, "c[" + i + "]");
            JsonNode row = wj.get(i);
            for (int l = 0; l < m; l++) {
                w[i + d * l] = number(row.get(l), where, "W[" + i + "][" + l + "]");
            }
        }
        for (int l = 0; l < m; l++) {
            for (int k = 0; k < r; k++) {
                a[l + m * k] = number(uj.get(l).get(k), where, "units[" + l + "][" + k + "]");
            }
            JsonNode h = aj.get(l);
            act[l] = new double[h.size()];
            for (int q = 0; q < h.size(); q++) {
                act[l][q] = number(h.get(q), where, "activation[" + l + "][" + q + "]");
            }
        }
        try {
            return LowRankTransform.of(mode, w, a, c, act, d, m, r);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where + " is not a valid low-rank model: " + e.getMessage(), e);
        }
    }

    private static int positive(JsonNode j, String key, String where) {
        JsonNode v = j.get(key);
        if (v == null || !v.canConvertToInt() || v.asInt() < 1) {
            throw new InvalidInputException(where + ": '" + key + "' must be a whole number >= 1");
        }
        return v.asInt();
    }

    private static JsonNode array(JsonNode j, String key, int size, String where) {
        JsonNode v = j.get(key);
        if (v == null || !v.isArray() || v.size() != size) {
            throw new InvalidInputException(where + ": '" + key + "' must be an array of " + size + " entries");
        }
        return v;
    }

    private static double number(JsonNode v, String where, String name) {
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new InvalidInputException(where + ": " + name + " is missing or not a finite number");
        }
        return v.asDouble();
    }
}
