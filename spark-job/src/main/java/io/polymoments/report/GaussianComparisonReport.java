package io.polymoments.report;

import io.polymoments.metrics.GaussianComparison;
import io.polymoments.metrics.Wasserstein1D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link GaussianComparison} as JSON (plain maps, non-finite numbers as strings) and as HTML rows and figures. */
public final class GaussianComparisonReport {
    private GaussianComparisonReport() {}

    public static Map<String, Object> json(GaussianComparison.Result g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("against", "a Gaussian with the data's mean and covariance (estimated from all rows)");
        m.put("rows", g.rows());
        m.put("d", g.d());
        m.put("rank", g.rank());
        m.put("distinguishable", g.distinguishable());
        m.put("verdict", g.verdict());
        m.put("separationRule", "W1 > floor mean + " + GaussianComparison.SEPARATION_SDS + " floor sd");
        Map<String, Object> random = slice(g.random());
        random.put("directions", g.randomW1().length);
        random.put("medianRatio", num(g.randomMedianRatio()));
        random.put("largestRatio", num(g.randomMaxRatio()));
        random.put("w1PerDirection", nums(g.randomW1()));
        m.put("randomDirections", random);
        Map<String, Object> searched = slice(g.searched());
        searched.put("method", "sixth-moment fixed-point search on the even rows, W1 measured on the odd rows");
        searched.put("searchRows", g.search().rowsSearched());
        searched.put("starts", g.search().starts());
        searched.put("searchContrast", num(g.search().contrast()));
        searched.put("direction", nums(g.searchedDirection()));
        m.put("searchedDirection", searched);
        if (g.alongTruth() != null) {
            Map<String, Object> v = slice(g.alongTruth());
            v.put("searchAlignment", num(g.searchTruthAlignment()));
            m.put("alongTruthDirection", v);
        }
        m.put("notes", g.notes());
        return m;
    }

    /** Summary rows and two figures: W1 next to its floor per kind of direction, and W1 per random direction. */
    public static void addTo(HtmlReport html, GaussianComparison.Result g) {
        html.row("against a Gaussian (same mean and covariance)", g.verdict());
        html.row("W1 / floor, random directions", String.format(Locale.ROOT, "%.3g (mean of %d; median %.3g,"
                + " largest %.3g)", g.random().ratio(), g.randomW1().length, g.randomMedianRatio(),
                g.randomMaxRatio()));
        html.row("W1 / floor, searched direction", String.format(Locale.ROOT, "%.3g on %,d held-out rows"
                + " (sixth-moment contrast z = %.3g)", g.searched().ratio(), g.searched().rows(),
                g.searched().sixthMomentZ()));
        double randomFloor = g.random().floor().mean();
        List<String> names = new ArrayList<>(List.of("random: mean", "median", "largest", "searched"));
        List<Double> w1 = new ArrayList<>(List.of(g.random().w1(), g.randomMedianRatio() * randomFloor,
                g.randomMaxRatio() * randomFloor, g.searched().w1()));
        List<Double> floor = new ArrayList<>(List.of(randomFloor, randomFloor, randomFloor,
                g.searched().floor().mean()));
        if (g.alongTruth() != null) {
            html.row("W1 / floor, along the true v", String.format(Locale.ROOT, "%.3g (sixth-moment contrast z = %.3g;"
                    + " searched direction vs v: |cos| = %.3f)", g.alongTruth().ratio(), g.alongTruth().sixthMomentZ(),
                    g.searchTruthAlignment()));
            names.add("along v");
            w1.add(g.alongTruth().w1());
            floor.add(g.alongTruth().floor().mean());
        }
        html.figure("gaussian-w1.png", "Wasserstein-1 between projections of the data and of a Gaussian with the same"
                + " mean and covariance, next to the two-sample noise floor: along random directions, the direction"
                + " found by the projection search (measured on the held-out half)"
                + (g.alongTruth() != null ? " and the true hidden direction v" : ""),
                Charts.w1AgainstFloor("W1 against a Gaussian", names.toArray(String[]::new),
                        w1.stream().mapToDouble(Double::doubleValue).toArray(),
                        floor.stream().mapToDouble(Double::doubleValue).toArray()));
        List<String> refNames = new ArrayList<>(List.of("searched (held out)"));
        List<Double> refs = new ArrayList<>(List.of(g.searched().w1()));
        if (g.alongTruth() != null) {
            refNames.add("along v");
            refs.add(g.alongTruth().w1());
        }
        Wasserstein1D.NoiseFloor f = g.random().floor();
        html.figure("gaussian-random-directions.png", "W1 against the Gaussian along each random direction (all rows),"
                + " with the noise floor and floor + 2 sd; lines for the searched direction (its floor is that of the"
                + " held-out half, " + String.format(Locale.ROOT, "%.3g", g.searched().floor().mean()) + ")"
                + (g.alongTruth() != null ? " and v" : ""),
                Charts.perDirection("W1 per random direction", "W1", g.randomW1(), f.mean(), f.sd(),
                        refNames.toArray(String[]::new), refs.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    private static Map<String, Object> slice(GaussianComparison.Slice s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", s.rows());
        m.put("w1", num(s.w1()));
        m.put("floor", num(s.floor().mean()));
        m.put("floorSd", num(s.floor().sd()));
        m.put("floorDraws", s.floor().reps());
        m.put("ratio", num(s.ratio()));
        m.put("separation", num(s.separation()));
        m.put("separated", s.separated());
        if (!Double.isNaN(s.sixthMomentContrast())) {
            m.put("sixthMomentContrast", num(s.sixthMomentContrast()));
            m.put("sixthMomentZ", num(s.sixthMomentZ()));
        }
        return m;
    }

    private static Object num(double v) {
        return Double.isFinite(v) ? (Object) v : Double.toString(v);
    }

    private static List<Object> nums(double[] a) {
        List<Object> out = new ArrayList<>(a.length);
        for (double v : a) {
            out.add(num(v));
        }
        return out;
    }
}
