package io.polymoments.cli;

import io.polymoments.benchmark.MomentsBenchmark;
import io.polymoments.output.Json;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "moments", mixinStandardHelpOptions = true,
        description = {"Pass 1 (mean + covariance) vs MLlib RowMatrix.computeCovariance vs a Spark SQL scan floor on",
                "the same cached data; the order-3 whitened kernel's GFLOP/s vs a plain dgemm of the same shape."})
final class MomentsBenchmarkCommand implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "1000000", description = "Rows (default: ${DEFAULT-VALUE}).")
    long n;

    @Option(names = "--d", defaultValue = "100", description = "Dimension (default: ${DEFAULT-VALUE}).")
    int d;

    @Option(names = "--k", defaultValue = "55", description = "Whitened dimension of the order-3 kernel (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed repetitions; the best is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() {
        MomentsBenchmark.Result r = MomentsBenchmark.run(Sessions.get("benchmark moments"),
                new MomentsBenchmark.Config(n, d, k, repeats, seed.value));
        System.out.printf(Locale.ROOT, "%nbenchmark moments: n = %,d, d = %d, %d cores, %s%n", r.rows(), d, r.cores(),
                r.blas());
        System.out.printf(Locale.ROOT, "%-52s %10s %12s%n", "step", "seconds", "vs ours");
        System.out.printf(Locale.ROOT, "%-52s %10.3f %12s%n", "polymoments pass 1 (mean + covariance)", r.pass1Seconds(),
                "1.00x");
        System.out.printf(Locale.ROOT, "%-52s %10.3f %11.2fx%n", "MLlib RowMatrix.computeCovariance (cached vectors)",
                r.mllibSeconds(), r.mllibSeconds() / r.pass1Seconds());
        System.out.printf(Locale.ROOT, "%-52s %10.3f %11.2fx%n", "Spark SQL sum of every column (scan floor)",
                r.scanSeconds(), r.scanSeconds() / r.pass1Seconds());
        System.out.printf(Locale.ROOT, "%-52s %10.2f GFLOP/s (block %d rows)%n", "order-3 whitened kernel, k = " + k
                + ", 1 thread", r.kernelGflops(), r.kernelBlockRows());
        System.out.printf(Locale.ROOT, "%-52s %10.2f GFLOP/s (%.0f%% reached by the kernel)%n",
                "plain dgemm of the same shape, 1 thread", r.dgemmGflops(), 100 * r.kernelGflops() / r.dgemmGflops());
        System.out.println(Json.oneLine(r.json()));
        return PolymomentsCli.EXIT_OK;
    }
}
