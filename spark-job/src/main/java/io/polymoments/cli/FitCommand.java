package io.polymoments.cli;

import io.polymoments.fit.FitSource;
import io.polymoments.fit.FitSpec;
import io.polymoments.fit.Fitting;
import io.polymoments.fit.LowRankFitting;
import io.polymoments.fit.QuadraticFitting;
import io.polymoments.learn.lowrank.LowRankFit;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.ml.FitDiagnostics;
import io.polymoments.ml.LowRankDiagnostics;
import io.polymoments.store.QuadraticModelStore;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.spark.LowRankFitJob;
import io.polymoments.store.SketchStore;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
final class FitCommand extends OutputCommand implements Callable<Integer> {

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
                    + " y = W sigma(A x) + c with degree-omega Hermite activations, docs/lowrank.md section 1).")
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

    @Option(names = "--noise", defaultValue = "auto", paramLabel = "auto|none|isotropic|diagonal",
            description = "Quadratic: additive Gaussian noise in the outputs, y = p(x) + e, e ~ N(0, Psi) with Psi"
                    + " diagonal (isotropic: Psi = s^2 I), estimated from the covariance and kept in the model"
                    + " (docs/noise.md); auto decides from the covariance spectrum (default: ${DEFAULT-VALUE}).")
    String noise;

    @Mixin
    SeedOption seed;

    @Option(names = "--max-iter", defaultValue = "5000", paramLabel = "N",
            description = "Quadratic: solver iterations per refinement stage (default: ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--tol", defaultValue = "1e-16", description = "Quadratic: the refinement's relative-decrease tolerance; below 1e-12 it refines to machine precision (default: ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Also write a report: FILE.json (every"
            + " diagnostic, the residuals after each refinement iteration, timings), FILE.html and FILE_figures/*.png"
            + " (spectrum with the chosen rank, refinement convergence, cumulant residuals against noise, QQ plots and"
            + " histograms of random projections of data and model samples).")
    String report;

    @Option(names = "--sketch-out", paramLabel = "PATH",
            description = "From samples: also save the two passes' sketch (refit later with --sketch).")
    String sketchOut;

    @Override
    public Integer call() {
        FitSpec spec = spec();
        Fitting.check(spec, source.sketch != null, sketchOut != null);
        SparkSession spark = Sessions.get("fit");
        Fitting.Outcome outcome;
        try (OutputSet outs = outputs(spark, spec)) {
            FitSource from = source.sketch != null ? FitSource.sketch(source.sketch)
                    : FitSource.samples(source.samples.read(spark), source.samples.policy(), source.samples.column);
            outcome = Fitting.run(spark, spec, from, outs);
        }
        if (outcome instanceof QuadraticFitting.Outcome q) {
            System.out.println(summary(q.fit(), q.totalSeconds()));
        } else if (outcome instanceof LowRankFitting.Outcome l) {
            System.out.print(lowRankSummary(l));
        }
        System.out.println("wrote " + out + (report == null ? "" : " and " + report));
        return PolymomentsCli.EXIT_OK;
    }

    /** The settings as given, for the fit (also parsed from daily's --fit-args). */
    FitSpec spec() {
        return new FitSpec(model, rank, holdout, hidden, degree, activation, restarts, strict, affine, modelClass,
                inputLaw, seed.value, maxIter, tol, noise);
    }

    /** Everything a fit writes (model, report, sketch) against its input, checked before any work. */
    private OutputSet outputs(SparkSession spark, FitSpec spec) {
        return OutputSet.builder(spark).overwrite(overwrite)
                .input("--input", source.samples == null ? null : source.samples.input)
                .input("--sketch", source.sketch)
                .output(Fitting.OUT, out, QuadraticModelStore.OUTPUT)
                .output(Fitting.REPORT, report, OutputKind.REPORT)
                .output(Fitting.SKETCH_OUT, sketchOut, SketchStore.OUTPUT)
                .open();
    }

    static String lowRankSummary(LowRankFitting.Outcome o) {
        LowRankFitJob.Result res = o.result();
        LowRankFit fit = res.fit();
        StringBuilder sb = new StringBuilder();
        if (res.rankSearch() != null) {
            sb.append("latent dimension: ").append(res.rankSearch().reason()).append('\n');
        }
        sb.append(LowRankDiagnostics.summary(fit, fit.model().outputDim(), fit.model().hidden(), res.rank(),
                fit.model().degree(), res.bundle().whitened().count()));
        if (res.slicedCheck() != null) {
            sb.append(res.slicedCheck().summary()).append("; rows ").append(res.checkRows()).append('\n');
        } else if (res.checkRows() != null) {
            sb.append("sliced W1 check ").append(res.checkRows()).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "timings (ms): step A %d; step B %d; step C %d; step D %d; total %.2f s%n",
                fit.millis()[0], fit.millis()[1], fit.millis()[2], fit.millis()[3], o.totalSeconds()));
        return sb.toString();
    }

    static String summary(QuadraticFit fit, double totalSeconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "model: %s quadratic, r = %d latent variables, d = %d outputs, m = %d"
                        + " (n = %,d)%n", FitDiagnostics.kind(fit), fit.r(), fit.d(), fit.m(), fit.n()));
        sb.append("rank decision: ").append(fit.decision().reason()).append('\n');
        sb.append("noise: ").append(fit.noise().noise().describe()).append('\n');
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
