package io.polymoments.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.InvalidInputException;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.output.Json;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The true model written beside a generated quadratic sample set, and read back by {@code evaluate --truth}: a
 * {@link TruthFile} (version 1) whose keys after the common ones are, in order: d, r, Q (d×r×r nested lists,
 * Q[i][a][e]), b (d×r), c (d), rho (or null), base (or null), law (radial law spec), seed (docs/formats.md §6), and
 * with additive output noise a key {@code noise}: {@code tau} (the same standard deviation on every output, as
 * {@code generate --noise} writes it) or {@code kind} and {@code variances} (the diagonal of Ψ, as {@code sample}
 * writes it for a model with noise).
 *
 * @param model   the transform (Q, b, c)
 * @param lawSpec the input law in {@link RadialLaw#parse} form
 * @param noise   the additive output noise (none when the truth has no {@code noise} key)
 */
public record QuadraticTruth(QuadraticTransform model, String lawSpec, AdditiveNoise noise) {

    public RadialLaw law() {
        return RadialLaw.parse(lawSpec);
    }

    /** The JSON object (as an ordered map) for a generated instance. */
    public static Map<String, Object> toJson(String kind, QuadraticTransform model, String lawSpec, Double rho, String base,
                                      long seed) {
        Map<String, Object> m = parameters(kind, model);
        m.put("rho", rho);
        m.put("base", base);
        m.put("law", lawSpec);
        m.put("seed", seed);
        return m;
    }

    /** The {@code noise} key's value for a model's noise: its kind and Ψ's diagonal. */
    public static Map<String, Object> noiseJson(AdditiveNoise noise) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", noise.kind().label());
        m.put("variances", noise.variances());
        m.put("model", "y = p(x) + e, e ~ N(0, diag(variances)) independent of x");
        return m;
    }

    /** kind, d, r, Q (d×r×r nested lists), b (d×r; zeros without a linear part) and c (d) as plain numbers. */
    public static Map<String, Object> parameters(String kind, QuadraticTransform model) {
        int d = model.d();
        int r = model.r();
        double[][][] q = new double[d][][];
        double[][] b = new double[d][];
        double[] bAll = model.b();
        for (int i = 0; i < d; i++) {
            q[i] = Json.rows(model.q(i), r, r);
            b[i] = Arrays.copyOfRange(bAll, i * r, (i + 1) * r);
        }
        Map<String, Object> m = TruthFile.start(kind);
        m.put("d", d);
        m.put("r", r);
        m.put("Q", q);
        m.put("b", b);
        m.put("c", model.c());
        return m;
    }

    /** Parses a truth JSON; {@code source} names the file in error messages. */
    public static QuadraticTruth fromJson(JsonNode j, String source) {
        TruthFile.checkVersion(j, "truth file " + source);
        int d = intField(j, "d", source);
        int r = intField(j, "r", source);
        JsonNode qn = j.get("Q");
        if (qn == null || !qn.isArray() || qn.size() != d) {
            throw new InvalidInputException("truth file " + source + ": field Q must be a list of d = " + d
                    + " matrices of size " + r + "x" + r);
        }
        double[] q = new double[d * r * r];
        double[] b = new double[d * r];
        double[] c = new double[d];
        JsonNode bn = j.get("b");
        JsonNode cn = j.get("c");
        for (int i = 0; i < d; i++) {
            JsonNode qi = qn.get(i);
            if (!qi.isArray() || qi.size() != r) {
                throw new InvalidInputException("truth file " + source + ": Q[" + i + "] must be " + r + "x" + r);
            }
            for (int a = 0; a < r; a++) {
                JsonNode row = qi.get(a);
                if (!row.isArray() || row.size() != r) {
                    throw new InvalidInputException("truth file " + source + ": Q[" + i + "][" + a + "] must have "
                            + r + " numbers");
                }
                for (int e = 0; e < r; e++) {
                    q[i * r * r + a + e * r] = number(row.get(e), source, "Q");
                }
                if (bn != null && !bn.isNull()) {
                    JsonNode bi = bn.get(i);
                    if (bi == null || bi.size() != r) {
                        throw new InvalidInputException("truth file " + source + ": b must be d x r = " + d + "x" + r);
                    }
                    b[i * r + a] = number(bi.get(a), source, "b");
                }
            }
            if (cn != null && !cn.isNull()) {
                if (cn.size() != d) {
                    throw new InvalidInputException("truth file " + source + ": c must have d = " + d + " numbers");
                }
                c[i] = number(cn.get(i), source, "c");
            }
        }
        String law = j.hasNonNull("law") ? j.get("law").asText() : "gaussian";
        try {
            RadialLaw.parse(law);
            return new QuadraticTruth(QuadraticTransform.of(r, d, q, b, c), law, noise(j.get("noise"), d, source));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("truth file " + source + ": " + e.getMessage());
        }
    }

    private static AdditiveNoise noise(JsonNode n, int d, String source) {
        if (n == null || n.isNull()) {
            return AdditiveNoise.none(d);
        }
        if (n.has("tau")) {
            double tau = number(n.get("tau"), source, "noise.tau");
            return AdditiveNoise.isotropic(d, tau * tau);
        }
        JsonNode v = n.get("variances");
        if (v == null || !v.isArray() || v.size() != d || !n.hasNonNull("kind")) {
            throw new InvalidInputException("truth file " + source + ": field noise must hold tau, or kind and d = " + d
                    + " variances");
        }
        double[] psi = new double[d];
        for (int i = 0; i < d; i++) {
            psi[i] = number(v.get(i), source, "noise.variances");
        }
        return new AdditiveNoise(AdditiveNoise.Kind.parse(n.get("kind").asText()), psi);
    }

    private static int intField(JsonNode j, String name, String source) {
        JsonNode n = j.get(name);
        if (n == null || !n.canConvertToInt() || n.asInt() < 1) {
            throw new InvalidInputException("truth file " + source + ": field '" + name
                    + "' must be a positive integer (is this a quadratic model written by 'generate'?)");
        }
        return n.asInt();
    }

    private static double number(JsonNode n, String source, String field) {
        if (n == null || !n.isNumber()) {
            throw new InvalidInputException("truth file " + source + ": field " + field + " holds a non-number");
        }
        return n.asDouble();
    }
}
