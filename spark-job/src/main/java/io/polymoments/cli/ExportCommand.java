package io.polymoments.cli;

import io.polymoments.InvalidInputException;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.spark.SketchStore;
import io.polymoments.spark.ring.RingIo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Print a model's parameters, a moment sketch or a tensor ring as JSON (for numpy/pandas users).")
final class ExportCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--sketch", paramLabel = "PATH", description = "A sketch directory written by 'moments'.")
        String sketch;

        @Option(names = "--ring", paramLabel = "DIR", description = "A tensor ring written by 'decompose'.")
        String ring;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json", description = "Output format (only json).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
    Path out;

    @Override
    public Integer call() {
        if (!format.toLowerCase(Locale.ROOT).equals("json")) {
            throw new InvalidInputException("--format " + format + " is not supported; use --format json");
        }
        SparkSession spark = Sessions.get("export");
        Object value = source.ring != null ? RingIo.exportJson(new RingIo(spark).readRing(source.ring))
                : sketchJson(new SketchStore(spark).load(source.sketch));
        if (out == null) {
            System.out.println(Json.pretty(value));
        } else {
            Json.writeFile(out, value);
        }
        return PolymomentsCli.EXIT_OK;
    }

    /**
     * The sketch as plain numbers, population-normalised (divided by n): the whitened sketch when there is one (with
     * its basis), else the raw one; a whitened export also carries the pass-1 mean and covariance under "pass1".
     */
    static Map<String, Object> sketchJson(SketchBundle bundle) {
        MomentSketch raw = bundle.raw().total();
        MomentSketch main = bundle.isWhitened() ? bundle.whitened().total() : raw;
        Map<String, Object> m = moments(main);
        m.put("basis", main.basis() == null ? null : Json.rows(main.basis().matrix(), main.basis().inputDim(), main.dim()));
        m.put("basisShift", main.basis() == null ? null : main.basis().shift());
        m.put("skippedRows", bundle.skippedRows());
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
