package io.polymoments.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Measure the performance figures of README side by side with the peers, in one run.",
                "Prints a table, then one JSON line with every figure as the last line."},
        subcommands = {MomentsBenchmarkCommand.class, FitBenchmarkCommand.class, DecomposeBenchmarkCommand.class,
                ScaleBenchmarkCommand.class, NoiseBenchmarkCommand.class})
final class BenchmarkCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
