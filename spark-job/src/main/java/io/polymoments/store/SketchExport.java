package io.polymoments.store;

import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.output.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** A sketch as plain JSON numbers for numpy and pandas users ({@code export --sketch}); the keys are documented in README. */
public final class SketchExport {
    private SketchExport() {}

    /**
     * The sketch as plain numbers, population-normalised (divided by n): the whitened sketch when there is one (with
     * its basis), else the raw one; a whitened export also carries the pass-1 mean and covariance under "pass1".
     * "scale" gives the units: null for the data's own, else factors s_j when every number is of y_j / s_j.
     */
    public static Map<String, Object> json(SketchBundle bundle) {
        MomentSketch raw = bundle.raw().total();
        MomentSketch main = bundle.isWhitened() ? bundle.whitened().total() : raw;
        Map<String, Object> m = moments(main);
        m.put("basis", main.basis() == null ? null : Json.rows(main.basis().matrix(), main.basis().inputDim(), main.dim()));
        m.put("basisShift", main.basis() == null ? null : main.basis().shift());
        m.put("skippedRows", bundle.skippedRows());
        m.put("scale", bundle.scale() == null ? null : bundle.scale().factors());
        m.put("units", bundle.scale() == null ? "the data's own units" : bundle.scale().describe()
                + ": the data's squares leave the double range, so every number here is of y_j / s_j (s = scale)");
        if (bundle.isWhitened()) {
            Map<String, Object> p1 = new LinkedHashMap<>();
            p1.put("count", raw.count());
            p1.put("mean", raw.mean());
            p1.put("covariance", Json.rows(raw.covariance(), raw.dim(), raw.dim()));
            m.put("pass1", p1);
        }
        return m;
    }

    private static Map<String, Object> moments(MomentSketch s) {
        Map<String, Object> m = new LinkedHashMap<>();
        int d = s.dim();
        m.put("order", s.order());
        m.put("dim", d);
        m.put("count", s.count());
        m.put("mean", s.mean());
        m.put("covariance", Json.rows(s.covariance(), d, d));
        m.put("centralMoment3", s.order() >= 3 ? Json.cube(s.thirdCumulant(), d) : null);
        m.put("centralMoment4", s.order() >= 4 ? Json.quartic(s.fourthCentralMoment(), d) : null);
        return m;
    }
}
