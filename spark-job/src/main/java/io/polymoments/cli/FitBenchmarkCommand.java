package io.polymoments.cli;

import io.polymoments.benchmark.FitBenchmark;
import io.polymoments.output.Json;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code benchmark fit}: the flags of {@link FitBenchmark.Config}, then its table and JSON line. */
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
        FitBenchmark.Config c = new FitBenchmark.Config(driverR, driverD, driverN, repeats, r, d, base, rho, n, seeds,
                randomStarts, successFactor, seed.value);
        System.out.printf(Locale.ROOT, "%nbenchmark fit: %s, 1 thread; sketches computed in-JVM%n",
                io.polymoments.linalg.NetlibProvider.describe());
        System.out.printf(Locale.ROOT, "accuracy runs, r = %d, %s, rho = %s, n = %,d, %d seeds, %d random starts each"
                + " (success: error <= %.2f x truth-started error)%n", r, base, rho, n, seeds, randomStarts,
                successFactor);
        System.out.printf(Locale.ROOT, "%6s %10s %10s %12s %8s %9s %11s %8s%n", "seed", "spectral", "fit", "truth-start",
                "ratio", "spec ok", "random ok", "secs");
        FitBenchmark.Result res = FitBenchmark.run(c, row -> System.out.printf(Locale.ROOT,
                "%6d %10.5f %10.5f %12.5f %8.3f %9s %11s %8.1f%n", row.index(), row.spectralError(), row.fitError(),
                row.truthStartError(), row.ratio(), row.spectralOk() ? "yes" : "NO",
                row.randomOk() + "/" + row.randomStarts(), row.seconds()));
        System.out.printf(Locale.ROOT, "%nerror ratio fit / truth-started: median %.3f, max %.3f (target <= 1.3)%n",
                res.medianRatio(), res.maxRatio());
        System.out.printf(Locale.ROOT, "median fit error %.5f (err*sqrt(n) = %.2f); mean driver time %.3f s%n",
                res.medianFitError(), res.medianFitError() * Math.sqrt(n), res.meanDriverSeconds());
        System.out.printf(Locale.ROOT, "success: spectral start %d/%d, random starts %d/%d%n", res.spectralOk(), seeds,
                res.randomOk(), res.randomTotal());

        FitBenchmark.DriverTime dt = res.driver();
        System.out.printf(Locale.ROOT, "%ndriver time, r = %d, d = %d (k = %d), sketch of n = %,d:%n", driverR, driverD,
                dt.k(), driverN);
        System.out.printf(Locale.ROOT, "  %-40s %8.3f s (in-JVM passes: %.1f s)%n", "driver total (best of " + repeats
                + ")", dt.bestSeconds(), dt.sketchSeconds());
        System.out.printf(Locale.ROOT, "  %-40s %8.3f s%n", "driver CPU time of the thread (best)", dt.bestCpuSeconds());
        dt.timings().forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-40s %8.3f s%n", "  " + k, v));
        System.out.printf(Locale.ROOT, "  %-40s %8d%n", "  refinement iterations", dt.iterations());
        System.out.printf(Locale.ROOT, "  %-40s %8.4f (verdict: %s)%n", "  parameter error", dt.parameterError(),
                dt.verdict());
        System.out.printf(Locale.ROOT, "  %-40s %8.3f s%n", "plan+spectral+refinement, no residual trace",
                dt.secondsWithoutResidualTrace());
        System.out.println(Json.oneLine(res.json()));
        return PolymomentsCli.EXIT_OK;
    }
}
