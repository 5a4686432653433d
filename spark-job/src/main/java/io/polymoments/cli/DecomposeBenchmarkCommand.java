package io.polymoments.cli;

import io.polymoments.decompose.RingBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "decompose", mixinStandardHelpOptions = true,
        description = {"Tensor-ring decomposition on exact d x d x d rings with ranks (r,r,r) plus relative noise sigma:",
                "spectral, spectral+ALS and random-init ALS; time, error against the clean tensor, sweeps, success rate.",
                "Runs on the driver (no Spark job); cells with d < r^2 are outside the spectral algorithm and skipped."})
final class DecomposeBenchmarkCommand implements Callable<Integer> {
    @Option(names = "--d", split = ",", defaultValue = "20,50,100", description = "Dimensions (default: ${DEFAULT-VALUE}).")
    int[] d;

    @Option(names = "--r", split = ",", defaultValue = "3,5,8", description = "Ranks (default: ${DEFAULT-VALUE}).")
    int[] r;

    @Option(names = "--sigma", split = ",", defaultValue = "0,1e-3,1e-2", description = "Relative noise levels (default: ${DEFAULT-VALUE}).")
    double[] sigma;

    @Option(names = "--seeds", defaultValue = "10", description = "Trials per cell (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--random-seeds", defaultValue = "10", description = "Trials per cell of random-init ALS, the slow one; 0 skips it (default: ${DEFAULT-VALUE}).")
    int randomSeeds;

    @Option(names = "--als-sweeps", defaultValue = "20", description = "ALS sweeps after the spectral start (default: ${DEFAULT-VALUE}).")
    int alsSweeps;

    @Option(names = "--random-sweeps", defaultValue = "200", description = "ALS sweeps from a random start, halved at d >= 100 (default: ${DEFAULT-VALUE}).")
    int randomSweeps;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        List<RingBenchmark.Row> rows = RingBenchmark.run(
                new RingBenchmark.Config(d, r, sigma, seeds, randomSeeds, alsSweeps, randomSweeps));
        System.out.print(RingBenchmark.table(rows));
        System.out.println(RingBenchmark.json(rows, (System.nanoTime() - t0) / 1e9));
        return PolymomentsCli.EXIT_OK;
    }
}
