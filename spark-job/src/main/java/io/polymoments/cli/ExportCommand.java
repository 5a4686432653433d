package io.polymoments.cli;

import io.polymoments.store.LowRankTruth;
import io.polymoments.output.Json;
import io.polymoments.InvalidInputException;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.store.SketchStore;
import io.polymoments.store.RingIo;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.output.TextFiles;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Print a fitted model's parameters (quadratic or low-rank), a moment sketch or a tensor ring as JSON (for numpy/pandas users).")
final class ExportCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--sketch", paramLabel = "PATH", description = "A sketch directory written by 'moments'.")
        String sketch;

        @Option(names = "--ring", paramLabel = "DIR", description = "A tensor ring written by 'decompose'.")
        String ring;

        @Option(names = "--model", paramLabel = "MODEL", description = "A model directory written by 'fit'.")
        String model;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json", description = "Output format (only json).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
    String out;

    @Option(names = "--overwrite", description = "Replace an existing --out file (one this tool wrote).")
    boolean overwrite;

    @Override
    public Integer call() {
        if (!format.toLowerCase(Locale.ROOT).equals("json")) {
            throw new InvalidInputException("--format " + format + " is not supported; use --format json");
        }
        SparkSession spark = Sessions.get("export");
        try (OutputSet outs = OutputSet.builder(spark).overwrite(overwrite).input("--model", source.model).input("--sketch", source.sketch)
                .input("--ring", source.ring).output("--out", out, OutputKind.JSON).open()) {
            Map<String, Object> value = source.ring != null ? RingIo.exportJson(new RingIo(spark).readRing(source.ring))
                    : source.model != null && io.polymoments.ml.LowRankPushforwardModel.isLowRankModel(spark, source.model)
                    ? lowRankJson(io.polymoments.ml.LowRankPushforwardModel.load(source.model))
                    : source.model != null ? modelJson(QuadraticPushforwardModel.load(source.model))
                    : sketchJson(new SketchStore(spark).load(source.sketch));
            String json = Json.document(value);
            if (out == null) {
                System.out.println(json);
            } else {
                try {
                    TextFiles.writeText(spark.sparkContext().hadoopConfiguration(), outs.path("--out"), json + "\n");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot write " + out, e);
                }
                outs.commit();
            }
        }
        return PolymomentsCli.EXIT_OK;
    }

    /**
     * A quadratic model as plain numbers: d, r, Q (d×r×r nested lists), b (d×r; zeros for a homogeneous model),
     * c (d), the model kind, n used and the stored fit diagnostics.
     */
    static Map<String, Object> modelJson(QuadraticPushforwardModel model) {
        QuadraticTransform p = model.transformation();
        int d = p.d();
        int r = p.r();
        double[][][] q = new double[d][][];
        double[][] b = new double[d][];
        double[] bAll = p.b();
        for (int i = 0; i < d; i++) {
            q[i] = Json.rows(p.q(i), r, r);
            b[i] = java.util.Arrays.copyOfRange(bAll, i * r, (i + 1) * r);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", model.modelClass().toString().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("d", d);
        m.put("r", r);
        m.put("Q", q);
        m.put("b", b);
        m.put("c", p.c());
        m.put("nUsed", model.nUsed());
        m.put("diagnostics", model.diagnostics());
        return m;
    }

    /**
     * A low-rank model as plain numbers: kind "lowrank", d, m, r, degree, activationMode, W (d×m), units (m×r, rows
     * a_l = α_l u_l), norms α_l, activation (m×(ω+1) Hermite coefficients), c (d), gram (ρ = UUᵀ), n used, the fit
     * diagnostics and the settings it was fitted with.
     */
    static Map<String, Object> lowRankJson(io.polymoments.ml.LowRankPushforwardModel model) {
        Map<String, Object> m = LowRankTruth.parameters(model.transformation());
        m.put("nUsed", model.nUsed());
        m.put("params", model.settings());
        m.put("diagnostics", model.diagnostics());
        return m;
    }

    /**
     * The sketch as plain numbers, population-normalised (divided by n): the whitened sketch when there is one (with
     * its basis), else the raw one; a whitened export also carries the pass-1 mean and covariance under "pass1".
     * "scale" gives the units: null for the data's own, else factors s_j when every number is of y_j / s_j.
     */
    static Map<String, Object> sketchJson(SketchBundle bundle) {
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
