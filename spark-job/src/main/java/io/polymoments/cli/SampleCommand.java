package io.polymoments.cli;

import io.polymoments.truth.LowRankTruth;
import io.polymoments.truth.QuadraticTruth;
import io.polymoments.output.Json;
import io.polymoments.InvalidInputException;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.output.TextFiles;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Draw samples y = p(x) from a fitted model (quadratic or low-rank) and write them as Parquet (column y).")
final class SampleCommand extends OutputCommand implements Callable<Integer> {
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

    @Override
    public Integer call() {
        SparkSession spark = Sessions.get("sample");
        try (OutputSet outs = OutputSet.builder(spark).overwrite(overwrite).input("--model", model)
                .output("--out", out, OutputKind.SAMPLES).open()) {
            String tmp = outs.path("--out");
            Map<String, Object> truth;
            String what;
            if (io.polymoments.ml.LowRankPushforwardModel.isLowRankModel(spark, model)) {
                if (law != null) {
                    throw new InvalidInputException("--input-law applies to rotation-invariant quadratic models only; a"
                            + " low-rank model's input is N(0, I_r)");
                }
                io.polymoments.ml.LowRankPushforwardModel lr = io.polymoments.ml.LowRankPushforwardModel.load(model);
                lr.sample(spark, n, seed).write().parquet(tmp);
                truth = LowRankTruth.toJson(lr.transformation(), seed);
                what = String.format(Locale.ROOT, "d = %d (low-rank, m = %d, r = %d)", lr.d(), lr.m(), lr.r());
            } else {
                QuadraticPushforwardModel m = QuadraticPushforwardModel.load(model);
                Dataset<Row> ys = law == null ? m.sample(spark, n, seed) : m.sample(spark, n, seed, law);
                ys.write().parquet(tmp);
                String kind = m.modelClass().toString().toLowerCase(Locale.ROOT);
                truth = QuadraticTruth.toJson(kind, m.transformation(), law == null ? "gaussian" : law, null, null,
                        seed);
                what = String.format(Locale.ROOT, "d = %d (r = %d, %s)", m.d(), m.r(), kind);
            }
            // the model drawn from is these samples' true model, in the form 'generate' writes
            truth.put("sampledFrom", model);
            try {
                TextFiles.writeText(spark.sparkContext().hadoopConfiguration(), tmp + "/" + OutputKind.TRUTH_FILE,
                        Json.document(truth) + "\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write the truth of " + out, e);
            }
            outs.commit();
            System.out.printf(Locale.ROOT, "wrote %,d samples of %s to %s%n", n, what, out);
        }
        return PolymomentsCli.EXIT_OK;
    }
}
