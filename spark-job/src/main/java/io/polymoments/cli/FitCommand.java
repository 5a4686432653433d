package io.polymoments.cli;

import io.polymoments.output.Json;
import io.polymoments.InvalidInputException;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.Whitening;
import io.polymoments.report.FitReport;
import io.polymoments.report.HtmlReport;
import io.polymoments.report.ProjectionFigures;
import io.polymoments.report.Reports;
import io.polymoments.spark.SampleCollector;
import io.polymoments.datasets.SampleSet;
import io.polymoments.learn.InputLaw;
import io.polymoments.learn.ModelClass;
import io.polymoments.learn.QuadraticFit;
import io.polymoments.learn.QuadraticLearner;
import io.polymoments.ml.FitDiagnostics;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.moments.SketchBundle;
import io.polymoments.ml.QuadraticModelStore;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.spark.QuadraticFitJob;
import io.polymoments.spark.SketchStore;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Learn a quadratic transformation of a Gaussian, y_i = x'Q_i x (+ b_i'x) + c_i, by the method of"
                + " moments and save it as a Spark ML model directory.",
                "From samples: pass 1 (mean, covariance) -> rank and model class -> pass 2 (whitened third moments,"
                        + " kappa4 check) -> spectral step -> refinement -> goodness of fit.",
                "From a sketch ('moments --whiten --order 3 --rank M'): the same without reading samples.",
                "--model lowrank: a two-layer network y = W sigma(A x) + c (m hidden units, latent dimension --rank r,"
                        + " Hermite activations of degree omega): pass 1 -> m from the spectrum (--hidden) -> pass 2"
                        + " (whitened moments up to order 4) -> contrast search, initialisation, Levenberg-Marquardt"
                        + " moment matching (two-step weights), for the given r or each r from the smallest possible up"
                        + " until one fits (--rank auto) -> verdict (cost vs noise level, Jacobian null space vs"
                        + " r(r-1)/2, identifiability warning, sliced W1 on rows held out of both passes). From a sketch:"
                        + " 'moments --whiten --order 4 --rank M'."})
final class FitCommand implements Callable<Integer> {

    static final class Source {
        @ArgGroup(exclusive = false)
        InputOptions samples;

        @Option(names = "--sketch", required = true, paramLabel = "PATH",
                description = "A whitened sketch written by 'moments --whiten --order 3' (refit without the samples).")
        String sketch;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--model", required = true, paramLabel = "quadratic|lowrank",
            description = "Model family: quadratic (y_i = x'Q_i x + b_i'x + c_i) or lowrank (two-layer network"
                    + " y = W sigma(A x) + c with degree-omega Hermite activations, LOWRANK.md).")
    String model;

    @Option(names = "--rank", defaultValue = "auto", paramLabel = "auto|R",
            description = "Number of latent variables r, or auto (default). Quadratic: decided from the covariance"
                    + " spectrum. Lowrank: the smallest r whose moments fit and whose law passes the held-out check.")
    String rank;

    @Option(names = "--holdout", defaultValue = "auto", paramLabel = "auto|F",
            description = "--model lowrank, from samples: share of the rows (chosen by a seeded hash of each row) that"
                    + " both moment passes leave out for the sliced-W1 check: auto (about 20,000 rows, at most 10%%;"
                    + " default), a fraction in (0, 0.5], or 0 (none: the check then uses fitting rows).")
    String holdout;

    @Option(names = "--hidden", defaultValue = "auto", paramLabel = "auto|M",
            description = "--model lowrank: number of hidden units m, or auto (numerical rank of the covariance, cut"
                    + " at its largest clear gap; default). From --sketch, m is the sketch's whitened dimension.")
    String hidden;

    @Option(names = "--degree", paramLabel = "OMEGA",
            description = "--model lowrank: activation degree omega (2, 3 or 4); implied by known activations,"
                    + " default 2 with --activation free.")
    Integer degree;

    @Option(names = "--activation", defaultValue = "free", paramLabel = "known:H1,..|known-norms:H1,..|free",
            description = "--model lowrank: what is known about the activation: its Hermite coefficients of"
                    + " He_1..He_omega for unit-norm hidden weights (known), the same applied to hidden weights of"
                    + " unknown norms (known-norms), or nothing (free per-unit coefficients; default).")
    String activation;

    @Option(names = "--restarts", defaultValue = "6", paramLabel = "N",
            description = "--model lowrank: Levenberg-Marquardt restarts (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--strict", description = "--model lowrank: refuse (exit 2) when m exceeds the identifiability"
            + " bound m <= C(r+omega-1, omega) - r instead of fitting with a warning.")
    boolean strict;

    @Option(names = "--affine", description = "Fit y = x'Qx + b'x + c (same as --model-class affine).")
    boolean affine;

    @Option(names = "--model-class", defaultValue = "auto", paramLabel = "auto|homogeneous|affine",
            description = "Model class; auto decides from the spectrum (default: ${DEFAULT-VALUE}).")
    String modelClass;

    @Option(names = "--input-law", defaultValue = "gaussian", paramLabel = "gaussian|rotation-invariant",
            description = "Law of the latent x (default: ${DEFAULT-VALUE}); rotation-invariant = unknown radial law,"
                    + " homogeneous model only.")
    String inputLaw;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-iter", defaultValue = "5000", paramLabel = "N",
            description = "L-BFGS iterations per refinement stage (default: ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--tol", defaultValue = "1e-16", description = "L-BFGS relative-decrease tolerance (default: ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model directory to write.")
    String out;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Also write a report: FILE.json (every"
            + " diagnostic, the residuals after each refinement iteration, timings), FILE.html and FILE_figures/*.png"
            + " (spectrum with the chosen rank, refinement convergence, cumulant residuals against noise, QQ plots and"
            + " histograms of random projections of data and model samples).")
    String report;

    @Option(names = "--sketch-out", paramLabel = "PATH",
            description = "From samples: also save the two passes' sketch (refit later with --sketch).")
    String sketchOut;

    @Option(names = "--overwrite", description = "Replace existing outputs.")
    boolean overwrite;

    @Override
    public Integer call() {
        if (model.trim().equalsIgnoreCase("lowrank")) {
            return LowRankFitting.run(this);
        }
        if (!model.trim().equalsIgnoreCase("quadratic")) {
            throw new InvalidInputException("--model " + model + " is not supported; use --model quadratic or lowrank");
        }
        QuadraticLearner.Options options = options();
        if (sketchOut != null && source.sketch != null) {
            throw new InvalidInputException("--sketch-out only applies when fitting from --input samples");
        }
        SparkSession spark = Sessions.get("fit");
        try (OutputSet outs = outputs(spark)) {
            long t0 = System.nanoTime();
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("command", "fit");
            QuadraticFit fit;
            String inputCol = "y";
            SketchBundle bundle;
            SampleSet samples = null;
            if (source.sketch != null) {
                bundle = new SketchStore(spark).load(source.sketch);
                fit = QuadraticLearner.fit(bundle, options);
                rep.put("sketch", source.sketch);
            } else {
                samples = source.samples.read(spark);
                QuadraticFitJob.Result r = new QuadraticFitJob(spark).run(samples, options, source.samples.policy());
                fit = r.fit();
                bundle = r.bundle();
                rep.put("input", samples.source());
                rep.put("pass1Seconds", r.pass1Seconds());
                rep.put("pass2Seconds", r.pass2Seconds());
                rep.put("skippedRows", r.bundle().skippedRows());
                inputCol = source.samples.column;
                if (sketchOut != null) {
                    new SketchStore(spark).write(r.bundle(), outs.path("--sketch-out"));
                }
            }
            QuadraticPushforwardModel.fromFit(fit, options, inputCol).writeTo(outs.path("--out"));
            double total = (System.nanoTime() - t0) * 1e-9;
            rep.put("model", out);
            rep.put("totalSeconds", total);
            rep.put("diagnostics", FitDiagnostics.of(fit, true));
            if (report != null) {
                writeReport(spark, outs, fit, bundle, samples, rep);
            }
            outs.commit();
            System.out.println(summary(fit, total));
            System.out.println("wrote " + out + (report == null ? "" : " and " + report));
        }
        return PolymomentsCli.EXIT_OK;
    }

    /** Everything a fit writes (model, report, sketch) against its input, checked before any work. */
    OutputSet outputs(SparkSession spark) {
        return OutputSet.builder(spark).overwrite(overwrite)
                .input("--input", source.samples == null ? null : source.samples.input)
                .input("--sketch", source.sketch)
                .output("--out", out, QuadraticModelStore.OUTPUT)
                .output("--report", report, OutputKind.REPORT)
                .output("--sketch-out", sketchOut, SketchStore.OUTPUT)
                .open();
    }

    /** JSON plus the HTML page with figures; data-vs-model projection plots only when the samples were read. */
    private void writeReport(SparkSession spark, OutputSet outs, QuadraticFit fit, SketchBundle bundle,
                             SampleSet samples, Map<String, Object> rep) {
        double[] eigenvalues = Whitening.spectrum(bundle.raw().total()).values();
        HtmlReport html = FitReport.build(fit, eigenvalues);
        if (samples != null && bundle.isWhitened()) {
            int rows = (int) Math.min(PROJECTION_ROWS, bundle.raw().count());
            double[] data = SampleCollector.collect(samples, bundle.raw().count(), rows, seed);
            String law = fit.modelClass() == ModelClass.ROTATION_INVARIANT
                    ? RadialLaw.matchingSpec(fit.alpha2(), fit.alpha3(), fit.r()) : "gaussian";
            if (law != null && data.length > 0) {
                double[] model = fit.model().sample(data.length / samples.dim(), seed + 1, RadialLaw.parse(law));
                ProjectionFigures.add(html, data, model, bundle.scale() == null ? bundle.whitened().basis()
                        : bundle.scale().toDataUnits(bundle.whitened().basis()), 2, seed);
            }
        }
        Reports.write(spark.sparkContext().hadoopConfiguration(), outs, "--report", Json.document(rep), html);
    }

    private static final int PROJECTION_ROWS = 20_000;

    QuadraticLearner.Options options() {
        if (!holdout.trim().equalsIgnoreCase("auto")) {
            throw new InvalidInputException("--holdout applies to --model lowrank only (the quadratic fit checks"
                    + " itself on split halves of the data)");
        }
        Integer r;
        if (rank.trim().equalsIgnoreCase("auto")) {
            r = null;
        } else {
            try {
                r = Integer.parseInt(rank.trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--rank takes 'auto' or a whole number r >= 1, got '" + rank + "'");
            }
        }
        ModelClass cls;
        String mc = modelClass.trim().toLowerCase(Locale.ROOT);
        if (mc.equals("auto")) {
            cls = affine ? ModelClass.AFFINE : null;
        } else if (mc.equals("homogeneous") || mc.equals("affine")) {
            cls = ModelClass.parse(mc);
            if (affine && cls != ModelClass.AFFINE) {
                throw new InvalidInputException("--affine contradicts --model-class " + modelClass);
            }
        } else {
            throw new InvalidInputException("--model-class takes auto, homogeneous or affine, got '" + modelClass + "'");
        }
        try {
            return new QuadraticLearner.Options(r, cls, InputLaw.parse(inputLaw), seed, maxIter, tol,
                    io.polymoments.learn.SettingNames.COMMAND_LINE);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage()
                    .replace("nIterMax (maxIter)", "--max-iter").replace("rank (number", "--rank (number"), e);
        }
    }

    static String summary(QuadraticFit fit, double totalSeconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "model: %s quadratic, r = %d latent variables, d = %d outputs, m = %d"
                        + " (n = %,d)%n", FitDiagnostics.kind(fit), fit.r(), fit.d(), fit.m(), fit.n()));
        sb.append("rank decision: ").append(fit.decision().reason()).append('\n');
        sb.append("method: ").append(fit.method()).append(String.format(Locale.ROOT, ", %d refinement iterations%n",
                fit.refinement().totalIterations()));
        sb.append(fit.goodnessOfFit().summary());
        for (String n : fit.notes()) {
            sb.append("note: ").append(n).append('\n');
        }
        sb.append("timings (s):");
        fit.timings().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.3f;", k, v)));
        sb.append(String.format(Locale.ROOT, " total %.2f", totalSeconds));
        return sb.toString();
    }
}
