package io.polymoments.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.InvalidInputException;
import io.polymoments.model.HardInstance;
import io.polymoments.model.PiecewiseLinearLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verified moment-matching instances shipped as {@code io/polymoments/datasets/hard_instance.json} (the
 * catalogue of docs/hard-instances.md §2: knots and values of f, its ReLU form, 40-digit moment residuals, unmatched
 * moments).
 * Names: {@code bounded_k4, bounded_k6, bounded_k8, compact_k4, compact_k6}, plus {@code recommended} (the
 * recommended k = 4 instance) and {@code recommended_k4}, {@code recommended_k6}.
 *
 * <p>On loading, the stored ReLU form and slopes are checked against the knots and values (a corrupt resource
 * fails loudly instead of generating subtly wrong data).
 */
public final class HardInstanceCatalog {
    public static final String RESOURCE = "/io/polymoments/datasets/hard_instance.json";
    private static final double FORM_TOLERANCE = 1e-12;

    private final Map<String, Entry> instances;
    private final Map<String, String> aliases;

    /** One instance and the facts stored with it. */
    public record Entry(HardInstance instance, String kind, double halfWidth, PiecewiseLinearLink.ReluForm storedRelu,
                        Map<Integer, Double> unmatchedMoments, double ksDistanceToNormal) {}

    private HardInstanceCatalog(Map<String, Entry> instances, Map<String, String> aliases) {
        this.instances = instances;
        this.aliases = aliases;
    }

    private static final class Holder {
        static final HardInstanceCatalog SHIPPED = loadShipped();
    }

    /** The catalogue shipped with the library (parsed once). */
    public static HardInstanceCatalog shipped() {
        return Holder.SHIPPED;
    }

    /** Shortcut for {@code shipped().get(name)}. */
    public static HardInstance load(String name) {
        return shipped().get(name);
    }

    private static HardInstanceCatalog loadShipped() {
        try (InputStream in = HardInstanceCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the datasets jar");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Parses a catalogue in the format of hard_instance.json. */
    public static HardInstanceCatalog parse(JsonNode root) {
        JsonNode list = root.path("instances");
        if (!list.isObject() || list.isEmpty()) {
            throw new IllegalArgumentException("hard-instance catalogue has no 'instances' object");
        }
        Map<String, Entry> instances = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            instances.put(e.getKey(), parseEntry(e.getKey(), e.getValue()));
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        JsonNode rec = root.path("recommended");
        for (Iterator<Map.Entry<String, JsonNode>> it = rec.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String target = e.getValue().asText();
            if (!instances.containsKey(target)) {
                throw new IllegalArgumentException("catalogue recommends unknown instance '" + target + "' for " + e.getKey());
            }
            aliases.put("recommended_" + e.getKey(), target);
        }
        if (aliases.containsKey("recommended_k4")) {
            aliases.put("recommended", aliases.get("recommended_k4"));
        }
        return new HardInstanceCatalog(instances, aliases);
    }

    private static Entry parseEntry(String name, JsonNode node) {
        double[] knots = doubles(name, node, "knots");
        double[] values = doubles(name, node, "values");
        PiecewiseLinearLink link;
        try {
            link = new PiecewiseLinearLink(knots, values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hard instance '" + name + "': " + e.getMessage(), e);
        }
        int k = node.path("k_matched").asInt(-1);
        HardInstance instance = new HardInstance(name, link, k);
        JsonNode relu = node.path("relu");
        PiecewiseLinearLink.ReluForm stored = new PiecewiseLinearLink.ReluForm(relu.path("b0").asDouble(Double.NaN),
                doubles(name, relu, "weights"), doubles(name, relu, "biases"));
        checkStoredForms(name, link, stored, node.has("slopes") ? doubles(name, node, "slopes") : null);
        Map<Integer, Double> unmatched = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("unmatched_moments").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            unmatched.put(Integer.parseInt(e.getKey()), e.getValue().path("f_moment").asDouble());
        }
        return new Entry(instance, node.path("kind").asText("unknown"), node.path("L").asDouble(Double.NaN), stored,
                Collections.unmodifiableMap(unmatched), node.path("ks_distance_to_N01").asDouble(Double.NaN));
    }

    /** The ReLU form and slopes stored in the file must describe the same f as the knots and values. */
    private static void checkStoredForms(String name, PiecewiseLinearLink link, PiecewiseLinearLink.ReluForm stored,
                                         double[] slopes) {
        double[] knots = link.knots();
        double lo = knots[0] - 1;
        double hi = knots[knots.length - 1] + 1;
        double worst = 0;
        for (int i = 0; i <= 1000; i++) {
            double t = lo + (hi - lo) * i / 1000.0;
            worst = Math.max(worst, Math.abs(stored.apply(t) - link.apply(t)));
        }
        for (double t : knots) {
            worst = Math.max(worst, Math.abs(stored.apply(t) - link.apply(t)));
        }
        if (!(worst <= FORM_TOLERANCE)) {
            throw new IllegalStateException("hard instance '" + name + "': the stored ReLU form differs from the knots/values by "
                    + worst + "; the catalogue file is corrupt");
        }
        if (slopes != null) {
            double[] own = link.slopes();
            for (int i = 0; i < own.length; i++) {
                if (slopes.length != own.length || Math.abs(slopes[i] - own[i]) > FORM_TOLERANCE * Math.max(1, Math.abs(own[i]))) {
                    throw new IllegalStateException("hard instance '" + name + "': stored slopes disagree with knots/values; the catalogue file is corrupt");
                }
            }
        }
    }

    private static double[] doubles(String name, JsonNode node, String field) {
        JsonNode a = node.path(field);
        if (!a.isArray() || a.isEmpty()) {
            throw new IllegalArgumentException("hard instance '" + name + "' has no numeric array '" + field + "'");
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber()) {
                throw new IllegalArgumentException("hard instance '" + name + "': " + field + "[" + i + "] is not a number");
            }
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    /** Every accepted name: the instances, then the aliases. */
    public List<String> names() {
        List<String> all = new ArrayList<>(instances.keySet());
        all.addAll(aliases.keySet());
        return all;
    }

    /** The instance of that name or alias; unknown names fail with the list of valid ones. */
    public HardInstance get(String name) {
        return entry(name).instance();
    }

    /** The instance and its stored facts. */
    public Entry entry(String name) {
        String key = name == null ? "" : name.trim();
        key = aliases.getOrDefault(key, key);
        Entry e = instances.get(key);
        if (e == null) {
            throw new InvalidInputException("unknown hard instance '" + name + "'; valid names are "
                    + String.join(", ", names()));
        }
        return e;
    }

    /** The recommended instance matching k moments (k = 4 or 6 in the shipped file). */
    public HardInstance recommended(int k) {
        String target = aliases.get("recommended_k" + k);
        if (target == null) {
            throw new InvalidInputException("no recommended hard instance for k=" + k + "; recommended ones exist for "
                    + String.join(", ", aliases.keySet().stream().filter(a -> a.startsWith("recommended_")).toList()));
        }
        return instances.get(target).instance();
    }
}
