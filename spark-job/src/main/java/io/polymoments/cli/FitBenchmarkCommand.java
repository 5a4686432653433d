package io.polymoments.cli;

import io.polymoments.datasets.LocalSketches;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.optim.Lbfgs;
import io.polymoments.learn.quadratic.JordanFrame;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.learn.quadratic.MultiStartRefinement;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.learn.quadratic.QuadraticLearner;
import io.polymoments.learn.quadratic.QuadraticRefinement;
import io.polymoments.learn.quadratic.RefinementResult;
import io.polymoments.learn.quadratic.SpectralFit;
import io.polymoments.learn.quadratic.SpectralLearner;
import io.polymoments.linalg.Blas;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.NetlibProvider;
import io.polymoments.metrics.ParameterError;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.QuadraticTransform.Structure;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.moments.Whitening;
import io.polymoments.output.Json;
import io.polymoments.tensor.Svec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The quadratic learner's driver figures: wall time of the driver (plan → spectral → refinement → goodness of fit) at
 * r = 10, d = 200 from a sketch; statistical efficiency (error of the spectral-start fit vs the refinement started at
 * the truth, on the same moments); and the success rate of the spectral start vs random starts (docs/quadratic.md §14.12).
 * Sketches are computed in this JVM over generated blocks (the two-pass plan without Spark), so every figure is of
 * the driver alone.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Driver time of the quadratic learner at r = 10, d = 200 from a sketch; error of the fit vs the "
                + "refinement started at the truth on the same moments (several seeds, docs/quadratic.md sections 14.3 and 14.14); "
                + "success rate of the spectral start vs random starts (docs/quadratic.md section 14.12).",
                "Prints a table, then one JSON line with every figure as the last line."})
final class FitBenchmarkCommand implements Callable<Integer> {
    @Option(names = "--driver-r", defaultValue = "10", description = "r of the driver-time problem (default: ${DEFAULT-VALUE}).")
    int driverR;

    @Option(names = "--driver-d", defaultValue = "200", description = "d of the driver-time problem (default: ${DEFAULT-VALUE}).")
    int driverD;

    @Option(names = "--driver-n", defaultValue = "100000",
            description = "Samples behind the driver-time sketch (default: ${DEFAULT-VALUE}).")
    long driverN;

    @Option(names = "--repeats", defaultValue = "2", description = "Timed driver runs after one warm-up; the best is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--r", defaultValue = "5", description = "r of the accuracy runs (default: ${DEFAULT-VALUE}).")
    int r;

    @Option(names = "--d", description = "d of the accuracy runs (default: 2 r(r+1)/2, as in docs/quadratic.md section 14.12).")
    Integer d;

    @Option(names = "--base", defaultValue = "lowrank", paramLabel = "equal|lowrank|random",
            description = "Q0 of the accuracy runs (default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = "--rho", defaultValue = "1.0", description = "rho of the accuracy runs (default: ${DEFAULT-VALUE}).")
    double rho;

    @Option(names = "--n", defaultValue = "1000000", description = "Samples per accuracy run (default: ${DEFAULT-VALUE}).")
    long n;

    @Option(names = "--seeds", defaultValue = "20", description = "Accuracy runs (instances and samples; default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--random-starts", defaultValue = "5",
            description = "Random starts per run for the success-rate comparison (default: ${DEFAULT-VALUE}).")
    int randomStarts;

    @Option(names = "--success-factor", defaultValue = "1.5",
            description = "A start succeeds when its error is at most this times the truth-started error (default: "
                + "${DEFAULT-VALUE}).")
    double successFactor;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() {
        if (repeats < 1 || seeds < 1 || randomStarts < 0 || n < 1000 || driverN < 1000) {
            throw new io.polymoments.InvalidInputException("--repeats and --seeds must be >= 1, --random-starts >= 0,"
                    + " --n and --driver-n >= 1000");
        }
        QuadraticLearner.Options options = QuadraticLearner.Options.defaults().withSeed(seed.value);

        // 1. driver time at r = 10, d = 200
        int kDriver = Svec.tri(driverR);
        System.out.printf(Locale.ROOT, "%nbenchmark fit: %s, 1 thread; sketches computed in-JVM%n", NetlibProvider.describe());
        System.out.printf(Locale.ROOT, "driver time, r = %d, d = %d (k = %d), sketch of n = %,d:%n", driverR, driverD,
                kDriver, driverN);
        QuadraticTransform big = QuadraticTransform.random(driverR, driverD, Structure.LOWRANK, 1.0, false, seed.value);
        long t0 = System.nanoTime();
        LocalSketches.Result bigSketch = LocalSketches.twoPass(QuadraticSampler.of(big), new SampleStream(seed.value, driverN),
                3, kDriver);
        double sketchSeconds = (System.nanoTime() - t0) / 1e9;
        double best = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        QuadraticFit bigFit = null;
        // CPU time of this thread as well: on a shared machine the wall time includes waiting for a core
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep <= repeats; rep++) {
            long t = System.nanoTime();
            long c = threads.getCurrentThreadCpuTime();
            QuadraticFit f = QuadraticLearner.fit(bigSketch.bundle(), options);
            double s = (System.nanoTime() - t) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - c) / 1e9;
            if (rep > 0 && s < best) {
                best = s;
                bigFit = f;
            }
            if (rep > 0) {
                bestCpu = Math.min(bestCpu, cpu);
            }
        }
        double bigErr = ParameterError.of(bigFit.model(), big).relative();
        // the learner records the residual norms after every iteration (one extra objective evaluation each); the
        // same spectral step + refinement without that trace, for comparison
        double bestNoTrace = Double.MAX_VALUE;
        for (int rep = 0; rep < repeats; rep++) {
            long t = System.nanoTime();
            Frame fr = Frame.of(bigSketch.bundle());
            QuadraticLearner.Plan plan = QuadraticLearner.plan(bigSketch.bundle().raw().total(), options);
            MomentSketch raw = bigSketch.bundle().raw().total();
            WhitenedMoments wm = WhitenedMoments.third(Whitening.recorded(fr.mean, raw.covariance(), plan.eigenvalues(),
                    fr.w, fr.b), fr.t);
            SpectralFit sf = SpectralLearner.fit(wm, plan.decision(), JordanFrame.Options.defaults().withSeed(seed.value));
            fr.refinement(options).refineHomogeneous(sf.targetMean(), sf.targetThird(), sf.whitenedFrame(), fr.m,
                    fr.r);
            bestNoTrace = Math.min(bestNoTrace, (System.nanoTime() - t) / 1e9);
        }
        System.out.printf(Locale.ROOT, "  %-40s %8.3f s (in-JVM passes: %.1f s)%n", "driver total (best of " + repeats + ")",
                best, sketchSeconds);
        System.out.printf(Locale.ROOT, "  %-40s %8.3f s%n", "driver CPU time of the thread (best)", bestCpu);
        bigFit.timings().forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-40s %8.3f s%n", "  " + k, v));
        System.out.printf(Locale.ROOT, "  %-40s %8d%n", "  refinement iterations", bigFit.refinement().totalIterations());
        System.out.printf(Locale.ROOT, "  %-40s %8.4f (verdict: %s)%n", "  parameter error", bigErr, bigFit.verdict());
        System.out.printf(Locale.ROOT, "  %-40s %8.3f s%n", "plan+spectral+refinement, no residual trace", bestNoTrace);

        // 2. and 3. accuracy vs truth-started refinement; spectral vs random starts
        int dd = d != null ? d : 2 * Svec.tri(r);
        Structure structure = Structure.parse(base);
        System.out.printf(Locale.ROOT, "%naccuracy, r = %d, d = %d, %s, rho = %s, n = %,d, %d seeds, %d random starts each"
                + " (success: error <= %.2f x truth-started error)%n", r, dd, base, rho, n, seeds, randomStarts,
                successFactor);
        System.out.printf(Locale.ROOT, "%6s %10s %10s %12s %8s %9s %11s %8s%n", "seed", "spectral", "fit", "truth-start",
                "ratio", "spec ok", "random ok", "secs");
        double[] ratios = new double[seeds];
        int spectralOk = 0;
        int randomOk = 0;
        int randomTotal = 0;
        double[] fitErrs = new double[seeds];
        double[] truthErrs = new double[seeds];
        double driverSum = 0;
        for (int s = 0; s < seeds; s++) {
            long runSeed = seed.value * 1000 + s;
            long ts = System.nanoTime();
            QuadraticTransform truth = QuadraticTransform.random(r, dd, structure, rho, false, runSeed);
            SketchBundle bundle = LocalSketches.twoPass(QuadraticSampler.of(truth), new SampleStream(runSeed, n), 3,
                    Svec.tri(r)).bundle();
            long td = System.nanoTime();
            QuadraticFit fit = QuadraticLearner.fit(bundle, options);
            driverSum += (System.nanoTime() - td) / 1e9;
            Frame frame = Frame.of(bundle);
            double errSpectral = fit.spectralModel() == null ? Double.NaN
                    : ParameterError.of(fit.spectralModel(), truth).relative();
            double errFit = ParameterError.of(fit.model(), truth).relative();
            double errTruth = ParameterError.of(frame.refineFrom(frame.whitenedFrame(truth), options), truth).relative();
            ratios[s] = errFit / errTruth;
            fitErrs[s] = errFit;
            truthErrs[s] = errTruth;
            boolean specOk = errFit <= successFactor * errTruth;
            spectralOk += specOk ? 1 : 0;
            int ok = 0;
            for (int j = 0; j < randomStarts; j++) {
                RefinementResult rr = new MultiStartRefinement().withNStarts(1).withSeed(runSeed * 7919 + j)
                        .withRefinement(frame.refinement(options))
                        .refineHomogeneous(frame.nu, frame.t, frame.m, r).best();
                double e = ParameterError.of(frame.mapBack(rr.z()), truth).relative();
                ok += e <= successFactor * errTruth ? 1 : 0;
            }
            randomOk += ok;
            randomTotal += randomStarts;
            System.out.printf(Locale.ROOT, "%6d %10.5f %10.5f %12.5f %8.3f %9s %11s %8.1f%n", s, errSpectral, errFit,
                    errTruth, ratios[s], specOk ? "yes" : "NO", ok + "/" + randomStarts, (System.nanoTime() - ts) / 1e9);
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        double median = median(sorted);
        double max = sorted[sorted.length - 1];
        double spectralRate = spectralOk / (double) seeds;
        double randomRate = randomTotal == 0 ? Double.NaN : randomOk / (double) randomTotal;
        double[] fe = fitErrs.clone();
        Arrays.sort(fe);
        System.out.printf(Locale.ROOT, "%nerror ratio fit / truth-started: median %.3f, max %.3f (target <= 1.3)%n",
                median, max);
        System.out.printf(Locale.ROOT, "median fit error %.5f (err*sqrt(n) = %.2f); mean driver time %.3f s%n",
                median(fe), median(fe) * Math.sqrt(n), driverSum / seeds);
        System.out.printf(Locale.ROOT, "success: spectral start %d/%d, random starts %d/%d%n", spectralOk, seeds,
                randomOk, randomTotal);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("driverSeconds", best);
        json.put("driverCpuSeconds", bestCpu);
        json.put("driverR", driverR);
        json.put("driverD", driverD);
        json.put("driverK", kDriver);
        json.put("driverN", driverN);
        json.put("driverTimings", bigFit.timings());
        json.put("driverSecondsWithoutResidualTrace", bestNoTrace);
        json.put("driverParameterError", bigErr);
        Map<String, Object> ratio = new LinkedHashMap<>();
        ratio.put("median", median);
        ratio.put("max", max);
        json.put("errorRatioToTruthStart", ratio);
        json.put("spectralSuccessRate", spectralRate);
        json.put("randomStartSuccessRate", randomRate);
        json.put("successFactor", successFactor);
        json.put("r", r);
        json.put("d", dd);
        json.put("base", base);
        json.put("rho", rho);
        json.put("n", n);
        json.put("seeds", seeds);
        json.put("randomStartsPerSeed", randomStarts);
        json.put("medianFitError", median(fe));
        json.put("blas", NetlibProvider.describe());
        System.out.println(Json.oneLine(json));
        return PolymomentsCli.EXIT_OK;
    }

    private static double median(double[] sorted) {
        int k = sorted.length;
        return k % 2 == 1 ? sorted[k / 2] : 0.5 * (sorted[k / 2 - 1] + sorted[k / 2]);
    }

    /**
     * The whitened statistics of a sketch as the learner sees them (homogeneous Gaussian model), to run the same
     * refinement from other starts and map any whitened frame back with the learner's own {@link SpectralFit#mapBack}.
     */
    private record Frame(int d, int m, int r, double[] mean, double[] w, double[] b, double[] nu, double[] t) {
        static Frame of(SketchBundle bundle) {
            MomentSketch raw = bundle.raw().total();
            MomentSketch white = bundle.whitened().total();
            int d = raw.dim();
            int m = white.dim();
            double[] w = white.basis().matrix();
            double[] b = Matrices.multiply(false, raw.covariance(), false, w, d, m, d);
            double[] mean = raw.mean();
            double[] nu = Matrices.multiply(true, w, false, mean, m, 1, d);
            return new Frame(d, m, Svec.rFromK(m), mean, w, b, nu, white.thirdCumulant());
        }

        /** The learner's refinement (same schedule, solver and stopping rule). */
        QuadraticRefinement refinement(QuadraticLearner.Options o) {
            return new QuadraticRefinement().withLbfgs(new Lbfgs().withNIterMax(o.maxIter()).withTol(o.tol()));
        }

        /** svec rows of Z_a = Σ_i W_ia Q_i: the truth in the sketch's whitened coordinates (row-major m×k). */
        double[] whitenedFrame(QuadraticTransform truth) {
            int k = Svec.tri(r);
            double[] f = truth.svecRows(); // row-major d×k = column-major k×d
            double[] z = new double[k * m]; // column-major k×m = row-major m×k
            Blas.gemm(false, false, k, m, d, 1.0, f, 0, k, w, 0, d, 0.0, z, 0, k);
            return z;
        }

        QuadraticTransform refineFrom(double[] z, QuadraticLearner.Options o) {
            return mapBack(refinement(o).refineHomogeneous(nu, t, z, m, r).z());
        }

        QuadraticTransform mapBack(double[] z) {
            return SpectralFit.mapBack(ModelClass.HOMOGENEOUS, r, m, z, b, mean);
        }
    }
}
