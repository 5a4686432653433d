package io.polymoments.cli;

import io.polymoments.datasets.GaussianSampler;
import io.polymoments.linalg.Matrices;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** The kinds `generate --kind` knows, each building its model from the command's options. */
enum GeneratorKind {
    GAUSSIAN {
        @Override
        GeneratedModel create(GenerateCommand o) {
            int d = o.requireD();
            Random rng = new Random(o.seed);
            double[] factor = Matrices.gaussian(d, d, rng);
            for (int i = 0; i < factor.length; i++) {
                factor[i] /= Math.sqrt(d);
            }
            double[] mean = new double[d];
            GaussianSampler s = new GaussianSampler(mean, factor);
            Map<String, Object> truth = new LinkedHashMap<>();
            truth.put("kind", "gaussian");
            truth.put("d", d);
            truth.put("seed", o.seed);
            truth.put("mean", mean);
            truth.put("covariance", Json.rows(Matrices.multiply(false, factor, true, factor, d, d, d), d, d));
            return new GeneratedModel(s, truth);
        }
    };

    abstract GeneratedModel create(GenerateCommand options);

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
