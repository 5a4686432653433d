package io.polymoments.cli;

import io.polymoments.benchmark.NoiseBenchmark;
import io.polymoments.output.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code benchmark noise}: the flags of {@link NoiseBenchmark.Config}, then its table and JSON line. */
@Command(name = "noise", mixinStandardHelpOptions = true,
        description = {"The quadratic learner on data with additive Gaussian noise at a signal-to-noise ratio (default 1:"
                + " noise variance = the mean signal variance per output), rank and noise model on auto, against the same fit of the"
                + " same inputs without noise (docs/noise.md section 7).",
                "Prints a table, then one JSON line with every run as the last line."},
        footer = {"", "Examples:", "  submit/local.sh benchmark noise --n 1000000",
                "  submit/local.sh benchmark noise --n 1000000 --spread 10"})
final class NoiseBenchmarkCommand implements Callable<Integer> {
    @Option(names = "--r", defaultValue = "4", description = "Latent dimension (default: ${DEFAULT-VALUE}).")
    int r;

    @Option(names = "--d", defaultValue = "20", description = "Outputs (default: ${DEFAULT-VALUE}).")
    int d;

    @Option(names = "--n", defaultValue = "1000000", description = "Rows per data set (default: ${DEFAULT-VALUE}).")
    long n;

    @Option(names = "--spread", defaultValue = "1",
            description = "Largest over smallest noise standard deviation; 1 is isotropic (default: ${DEFAULT-VALUE}).")
    double spread;

    @Option(names = "--snr", defaultValue = "1",
            description = "Mean signal variance over mean noise variance per output (default: ${DEFAULT-VALUE}).")
    double snr;

    @Option(names = "--seeds", defaultValue = "3", description = "Instances (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() {
        NoiseBenchmark.Config c = new NoiseBenchmark.Config(r, d, n, spread, snr, seeds, seed.value);
        System.out.printf(java.util.Locale.ROOT, "benchmark noise: r = %d, d = %d, n = %,d, signal-to-noise %s, noise sd spread %s:1, %s%n",
                r, d, n, snr, spread, io.polymoments.linalg.NetlibProvider.describe());
        NoiseBenchmark.Result res = NoiseBenchmark.run(c, row -> System.out.println(NoiseBenchmark.line(row)));
        System.out.println(Json.oneLine(res.json()));
        return PolymomentsCli.EXIT_OK;
    }
}
