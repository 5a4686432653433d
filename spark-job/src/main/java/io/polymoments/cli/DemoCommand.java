package io.polymoments.cli;

import io.polymoments.evaluate.Evaluation;
import io.polymoments.store.QuadraticTruth;
import io.polymoments.output.Json;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.evaluate.Evaluation;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.metrics.HeldOutEvaluation;
import io.polymoments.ml.FitDiagnostics;
import io.polymoments.store.QuadraticModelStore;
import io.polymoments.ml.QuadraticPushforward;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.QuadraticTransform.Structure;
import io.polymoments.output.Json;
import io.polymoments.store.QuadraticModelStore;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.output.TextFiles;
import io.polymoments.report.Reports;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.store.QuadraticTruth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "End to end in one go, no arguments needed: generate a smoothed quadratic sample set (n = 10^6, r"
                + " = 4, d = 20, rho = 0.5, fixed seed) and a held-out set, fit the model from moments, evaluate it"
                + " on the held-out set against the truth, print the parameter error up to rotation, the sliced W1 "
                + "ratio to its noise floor, the verdicts and the time of each step. Everything is written under "
                + "--out (replaced on every run).")
final class DemoCommand implements Callable<Integer> {
    static final int R = 4;
    static final int D = 20;
    static final double RHO = 0.5;

    @Option(names = "--out", defaultValue = "demo-output", paramLabel = "DIR",
            description = "Output directory: data/, heldout/, truth.json, model/, report.json (default: ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--n", defaultValue = "1000000", description = "Training samples (default: ${DEFAULT-VALUE}).")
    long n;

    @Option(names = "--heldout-n", paramLabel = "N", description = "Held-out samples (default: n/4).")
    Long heldoutN;

    @Mixin
    SeedOption seed;

    @Option(names = "--sliced-samples", defaultValue = "50000", paramLabel = "N",
            description = "Rows for sliced W1 (default: ${DEFAULT-VALUE}).")
    int slicedSamples;

    @Override
    public Integer call() {
        if (n < 2000) {
            throw new InvalidInputException("--n must be at least 2000 for the demo to mean anything, got " + n);
        }
        long nHeld = heldoutN != null ? heldoutN : Math.max(2000, n / 4);
        if (nHeld < 100) {
            throw new InvalidInputException("--heldout-n must be at least 100, got " + nHeld);
        }
        SparkSession spark = Sessions.get("demo");
        try (OutputSet outs = OutputSet.builder(spark).overwrite(true).output("--out", out, OUTPUT).open()) {
            String tmp = outs.path("--out");
            run(spark, tmp, out.replaceAll("/+$", ""), nHeld);
            outs.commit();
        }
        System.out.println("wrote " + out + " (report.json, report.html with figures, data/, heldout/, model/)");
        return PolymomentsCli.EXIT_OK;
    }

    /** A directory the demo wrote: its report.json carries our mark, or (older demos) a model beside truth.json. */
    static final OutputKind OUTPUT = OutputKind.directory("a demo output directory written by polymoments",
            (spark, fs, p) -> OutputKind.REPORT.parts().get(0).recognizer().isOurs(spark, fs, new Path(p, "report.json"))
                    || (fs.exists(new Path(p, "truth.json"))
                    && QuadraticModelStore.OUTPUT.parts().get(0).recognizer().isOurs(spark, fs, new Path(p, "model"))));

    /** Everything of the demo, written under {@code base}; {@code shown} is the path the user will see. */
    private void run(SparkSession spark, String base, String shown, long nHeld) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String data = base + "/data";
        String held = base + "/heldout";
        String truthPath = base + "/truth.json";
        String modelPath = base + "/model";
        String reportPath = base + "/report.json";
        Map<String, Double> times = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "polymoments demo: y = (x^T Q_i x)_i, x ~ N(0, I_%d), d = %d, rho = %s,"
                + " n = %,d (+ %,d held out), seed %d, %d cores%n", R, D, RHO, n, nHeld, seed.value,
                spark.sparkContext().defaultParallelism());

        // 1. generate
        long t = System.nanoTime();
        QuadraticTransform truth = QuadraticTransform.random(R, D, Structure.LOWRANK, RHO, false, seed.value);
        QuadraticSampler sampler = QuadraticSampler.of(truth);
        SampleSetGenerator.generate(spark, sampler, new SampleStream(seed.value, n), 0).write().parquet(data);
        // the held-out rows come from an independent stream of the same model
        SampleSetGenerator.generate(spark, sampler, new SampleStream(seed.value ^ 0x5851F42D4C957F2DL, nHeld), 0).write()
                .parquet(held);
        writeText(conf, truthPath,
                Json.document(QuadraticTruth.toJson("quadratic", truth, "gaussian", RHO, "lowrank", seed.value)));
        times.put("generate", step(t, "generate", "wrote " + shown + "/data, " + shown + "/heldout, " + shown
                + "/truth.json"));

        // 2. fit
        t = System.nanoTime();
        Dataset<Row> train = spark.read().parquet(data);
        QuadraticPushforwardModel model = new QuadraticPushforward().setSeed(seed.value).fit(train);
        model.writeTo(modelPath);
        QuadraticFit fit = model.summary();
        times.put("fit", step(t, "fit", String.format(Locale.ROOT, "%s, r = %d, %s; goodness of fit: %s; wrote %s",
                FitDiagnostics.kind(fit), fit.r(), fit.decision().reason(), fit.verdict(), shown + "/model")));

        // 3. evaluate on the held-out set, against the truth
        t = System.nanoTime();
        SampleSet heldSamples = new SampleReader(spark).read(held, null, SampleSet.COLUMN, List.of());
        Evaluation.Result ev = Evaluation.run(spark, modelPath, heldSamples, InvalidRowPolicy.FAIL,
                truthPath, null, slicedSamples, 200, seed.value);
        times.put("evaluate", step(t, "evaluate", "held-out " + ev.report().verdict()));

        HeldOutEvaluation.Report r = ev.report();
        double total = times.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.println();
        System.out.println(r.summary());
        System.out.println();
        System.out.printf(Locale.ROOT, "parameter error up to rotation : %.4f   (err*sqrt(n) = %.2f; typical"
                + " values 1.5-2.2 at r = 3, 2.7-3.1 at r = 5)%n", r.parameterError(), r.parameterError() * Math.sqrt(n));
        System.out.printf(Locale.ROOT, "sliced W1 / two-sample floor   : %.2f   (1 = indistinguishable at %,d samples)%n",
                r.slicedW1Ratio(), r.slicedSamples());
        System.out.printf(Locale.ROOT, "verdict                        : goodness of fit '%s'; %s%n", fit.verdict(),
                r.verdict());
        System.out.printf(Locale.ROOT, "timings                        : generate %.1f s, fit %.1f s, evaluate %.1f s,"
                + " total %.1f s%n", times.get("generate"), times.get("fit"), times.get("evaluate"), total);

        Map<String, Object> rep = new LinkedHashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("r", R);
        settings.put("d", D);
        settings.put("rho", RHO);
        settings.put("base", "lowrank");
        settings.put("n", n);
        settings.put("heldoutN", nHeld);
        settings.put("seed", seed.value);
        settings.put("cores", spark.sparkContext().defaultParallelism());
        rep.put("settings", settings);
        rep.put("parameterError", r.parameterError());
        rep.put("slicedW1Ratio", r.slicedW1Ratio());
        rep.put("goodnessOfFitVerdict", fit.verdict().label());
        rep.put("heldOutVerdict", r.verdict());
        rep.put("timingsSeconds", times);
        rep.put("fit", FitDiagnostics.of(fit, false));
        rep.put("evaluation", ev.json());
        // the report names the paths the user will see, not the temporary they were written under
        Reports.write(conf, reportPath, base + "/report.html", base + "/report_figures",
                Json.document(rep).replace(base, shown), ev.html());
    }

    private static void writeText(Configuration conf, String path, String text) {
        try {
            TextFiles.writeText(conf, path, text + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + path, e);
        }
    }

    private static double step(long start, String name, String what) {
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "[%-8s %6.1f s] %s%n", name, s, what);
        return s;
    }
}
