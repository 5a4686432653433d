package io.polymoments.cli;

import io.polymoments.generate.Generation;
import io.polymoments.generate.ModelSampling;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Draw samples y = p(x) from a fitted model (quadratic or low-rank) and write them as Parquet (column y).")
final class SampleCommand extends OutputCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model directory written by 'fit'.")
    String model;

    @Option(names = "--n", required = true, paramLabel = "N", description = "Number of samples.")
    long n;

    @Mixin
    SeedOption seed;

    @Option(names = "--input-law", paramLabel = "LAW",
            description = "Radial law of x for rotation-invariant models: chi:<nu> or mix:<v1,..>:<p1,..>"
                    + " (default: gaussian).")
    String law;

    @Override
    public Integer call() {
        SparkSession spark = Sessions.get("sample");
        String what;
        try (OutputSet outs = OutputSet.builder(spark).overwrite(overwrite).input("--model", model)
                .output(Generation.OUT, out, OutputKind.SAMPLES).open()) {
            what = ModelSampling.write(spark, model, n, seed.value, law, outs);
        }
        System.out.printf(Locale.ROOT, "wrote %,d samples of %s to %s%n", n, what, out);
        return PolymomentsCli.EXIT_OK;
    }
}
