package io.polymoments.cli;

import io.polymoments.family.ModelFamily;
import io.polymoments.store.LowRankTruth;
import io.polymoments.output.Json;
import io.polymoments.InvalidInputException;
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
                    : source.model != null ? ModelFamily.read(spark, source.model, "--model").exportJson()
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
