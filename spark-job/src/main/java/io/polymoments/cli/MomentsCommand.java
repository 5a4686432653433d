package io.polymoments.cli;

import io.polymoments.datasets.SampleSet;
import io.polymoments.moments.MomentSketch;
import io.polymoments.output.OutputSet;
import io.polymoments.spark.SketchJob;
import io.polymoments.store.SketchStore;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "moments", mixinStandardHelpOptions = true,
        description = {"Compute a mergeable moment sketch of stored samples and save it as Parquet.",
                "With --whiten: pass 1 (mean, covariance) -> whitening to rank K -> pass 2 (order 3/4 of z = W^T(y - mean))."})
final class MomentsCommand extends OutputCommand implements Callable<Integer> {
    @Mixin
    InputOptions in;

    @Option(names = "--order", defaultValue = "2", paramLabel = "2|3|4", description = "Highest moment order (default: ${DEFAULT-VALUE}).")
    int order;

    @Option(names = "--whiten", description = "Sketch the whitened data (needs --order 3 or 4).")
    boolean whiten;

    @Option(names = "--rank", defaultValue = "auto", paramLabel = "auto|K",
            description = "Whitening rank: auto (numerical rank, cut at a clear spectral gap) or K (default: ${DEFAULT-VALUE}).")
    String rank;

    @Option(names = "--directions", defaultValue = "20", paramLabel = "L",
            description = "With --whiten: also sum (theta^T z)^4 along L random whitened directions, the out-of-sample"
                    + " goodness-of-fit statistic of 'fit --sketch' (0 = none; default: ${DEFAULT-VALUE}).")
    int directions;

    @Mixin
    SeedOption seed;

    @Option(names = "--reference", paramLabel = "SKETCH",
            description = {"Whiten in the basis of this earlier sketch (and sum along its directions) instead of computing"
                    + " a new one: raw and whitened moments in one pass, mergeable with the reference (scheduled runs).",
                    "The printed basis drift ||Cov(z) - I||/sqrt(k) says how well the old basis still fits."})
    String reference;

    @Override
    public Integer call() {
        SparkSession spark = Sessions.get("moments");
        try (OutputSet outs = OutputSet.builder(spark).overwrite(overwrite).input("--input", in.input)
                .input("--reference", reference).output("--out", out, SketchStore.OUTPUT).open()) {
            SampleSet samples = in.read(spark);
            SketchJob job = new SketchJob(spark);
            SketchJob.Result r = reference != null
                    ? job.runWithReference(samples, new SketchStore(spark).load(reference), in.policy())
                    : job.run(samples, order, whiten, rank, directions, seed.value, in.policy());
            new SketchStore(spark).write(r.bundle(), outs.path("--out"));
            outs.commit();
            print(samples, r);
        }
        return PolymomentsCli.EXIT_OK;
    }

    private void print(SampleSet samples, SketchJob.Result r) {
        MomentSketch raw = r.bundle().raw().total();
        System.out.println(Summaries.sketch(samples, raw, r));
        if (reference != null) {
            System.out.printf(java.util.Locale.ROOT, "basis drift against the reference: %.4g%n", r.basisDrift());
        }
        System.out.println("wrote " + out);
    }
}
