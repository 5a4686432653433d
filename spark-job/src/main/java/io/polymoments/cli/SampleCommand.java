package io.polymoments.cli;

import io.polymoments.InvalidInputException;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.spark.AtomicOutput;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Draw samples y = p(x) from a fitted model (quadratic or low-rank) and write them as Parquet (column y).")
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model directory written by 'fit'.")
    String model;

    @Option(names = "--n", required = true, paramLabel = "N", description = "Number of samples.")
    long n;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--input-law", paramLabel = "LAW",
            description = "Radial law of x for rotation-invariant models: chi:<nu> or mix:<v1,..>:<p1,..>"
                    + " (default: gaussian).")
    String law;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output directory (Parquet).")
    String out;

    @Option(names = "--overwrite", description = "Replace an existing output.")
    boolean overwrite;

    @Override
    public Integer call() {
        SparkSession spark = Sessions.get("sample");
        AtomicOutput.checkWritable(spark, out, overwrite);
        if (io.polymoments.ml.LowRankPushforwardModel.isLowRankModel(spark, model)) {
            if (law != null) {
                throw new InvalidInputException("--input-law applies to rotation-invariant quadratic models only; a"
                        + " low-rank model's input is N(0, I_r)");
            }
            io.polymoments.ml.LowRankPushforwardModel lr = io.polymoments.ml.LowRankPushforwardModel.load(model);
            Dataset<Row> ys = lr.sample(spark, n, seed);
            AtomicOutput.write(spark, out, overwrite, tmp -> ys.write().parquet(tmp));
            System.out.printf("wrote %,d samples of d = %d (low-rank, m = %d, r = %d) to %s%n", n, lr.d(), lr.m(),
                    lr.r(), out);
            return PolymomentsCli.EXIT_OK;
        }
        QuadraticPushforwardModel m = QuadraticPushforwardModel.load(model);
        Dataset<Row> ys = law == null ? m.sample(spark, n, seed) : m.sample(spark, n, seed, law);
        AtomicOutput.write(spark, out, overwrite, tmp -> ys.write().parquet(tmp));
        System.out.printf("wrote %,d samples of d = %d (r = %d, %s) to %s%n", n, m.d(), m.r(),
                m.modelClass().toString().toLowerCase(java.util.Locale.ROOT), out);
        return PolymomentsCli.EXIT_OK;
    }
}
