package io.polymoments.cli;

import io.polymoments.InvalidInputException;
import io.polymoments.evaluate.Evaluation;
import io.polymoments.output.Json;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.report.Reports;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Check a quadratic or low-rank model against held-out samples: mean, covariance and whitened "
                + "third cumulant of the data vs the model's exact ones (each against its sampling noise), sliced "
                + "Wasserstein-1 between data and model samples vs its two-sample floor, and with --truth the "
                + "parameter error up to the model's symmetries (quadratic: rotation, plus the exact coupling bound on"
                + " W2; low-rank: rotation, permutation, signs and scales of the units).",
                "Always (with or without --model): the data against a Gaussian with their own mean and covariance - "
                        + "W1 along random directions, along the direction a projection search finds on one half of "
                        + "the rows (measured on the other half), and along the hidden direction v of a hard-instance "
                        + "--truth - each next to its noise floor.",
                "Writes a JSON report (and HTML with figures on a local path); prints a short summary."})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "MODEL",
            description = "Model directory written by 'fit' (--model quadratic or lowrank), or a truth JSON or data"
                    + " directory written by 'generate' (--kind quadratic, lowrank, ...). Without it only the"
                    + " comparison with a Gaussian is made.")
    String model;

    @Mixin
    InputOptions in;

    @Option(names = "--truth", paramLabel = "MODEL|TRUTH.json|DATA",
            description = "The true model, when known: a truth JSON or data directory written by 'generate', or a"
                    + " model directory. A hard-instance truth ('generate --kind hard') adds W1 along its hidden"
                    + " direction v; a quadratic or low-rank truth needs a --model of the same family (parameter"
                    + " error).")
    String truth;

    @Option(names = "--report", required = true, paramLabel = "FILE.json",
            description = "Where to write the JSON report; on a local path FILE.html and FILE_figures/*.png too.")
    String report;

    @Option(names = "--law", paramLabel = "gaussian|chi:NU|mix:V:P",
            description = "Input law of --model, overriding the one stored with it (default: the stored law).")
    String law;

    @Option(names = "--sliced-samples", defaultValue = "50000", paramLabel = "N",
            description = "Rows of data (a uniform subsample) and of model samples for sliced W1, and of data for the"
                    + " comparison with a Gaussian (default: ${DEFAULT-VALUE}; more rows lower the noise floor as"
                    + " 1/sqrt(N)).")
    int slicedSamples;

    @Option(names = "--directions", defaultValue = "200", paramLabel = "L",
            description = "Random whitened directions for sliced W1 and the comparison with a Gaussian (default:"
                    + " ${DEFAULT-VALUE}).")
    int directions;

    @Option(names = "--mixture-max-k", defaultValue = "10", paramLabel = "K",
            description = "With --model: compare it with a Gaussian and with MLlib Gaussian mixtures of up to K"
                    + " components (k chosen by held-out likelihood), all judged on rows the mixtures did not see;"
                    + " 0 leaves the comparison out (default: ${DEFAULT-VALUE}).")
    int mixtureMaxK;

    @Mixin
    SeedOption seed;

    @Option(names = "--overwrite", description = "Replace an existing report.")
    boolean overwrite;

    @Override
    public Integer call() {
        if (slicedSamples < Evaluation.MIN_ROWS) {
            throw new InvalidInputException("--sliced-samples must be at least " + Evaluation.MIN_ROWS + ", got " + slicedSamples);
        }
        if (directions < 1) {
            throw new InvalidInputException("--directions must be at least 1, got " + directions);
        }
        SparkSession spark = Sessions.get("evaluate");
        try (OutputSet outs = OutputSet.builder(spark).overwrite(overwrite).input("--model", model)
                .input("--input", in.input).input("--truth", truth).output("--report", report, OutputKind.REPORT)
                .open()) {
            Evaluation.Result e = Evaluation.run(spark, model, in.read(spark), in.policy(), truth, law, slicedSamples,
                    directions, seed.value, mixtureMaxK);
            Reports.write(spark.sparkContext().hadoopConfiguration(), outs, "--report", Json.document(e.json()),
                    e.html());
            outs.commit();
            if (e.report() != null) {
                System.out.println(e.report().summary());
            }
            if (e.comparison() != null) {
                System.out.print(Summaries.comparison(e.comparison()));
            }
            System.out.println(e.gaussian().summary());
            System.out.println("wrote " + report);
        }
        return PolymomentsCli.EXIT_OK;
    }
}
