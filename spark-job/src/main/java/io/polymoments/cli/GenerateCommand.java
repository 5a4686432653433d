package io.polymoments.cli;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.spark.AtomicOutput;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a seeded sample set (Parquet, column y array<double>) and its true model (JSON).",
                "The same seed gives the same rows for any number of partitions."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--kind", required = true, paramLabel = "KIND", description = "What to generate: ${COMPLETION-CANDIDATES}.")
    GeneratorKind kind;

    @Option(names = "--n", defaultValue = "100000", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    long n;

    @Option(names = "--d", description = "Output dimension d (quadratic kinds: default r(r+1)/2, affine r(r+1)/2 + r).")
    Integer d;

    @Option(names = "--r", description = "Latent dimension r (quadratic models).")
    Integer r;

    @Option(names = "--rho", defaultValue = "0.5", description = "Smoothing level rho (quadratic models; default: ${DEFAULT-VALUE}).")
    double rho;

    @Option(names = "--base", defaultValue = "lowrank", paramLabel = "equal|lowrank|random",
            description = "Structure Q0 of Q_i = Q0_i + rho*G_i (QUADRATIC.md section 10; default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = "--constant", description = "--kind quadratic/radial: add constants c_i ~ N(0,1) to the outputs.")
    boolean constant;

    @Option(names = "--radial", paramLabel = "chi:NU|mix:V1,V2:P1,P2",
            description = "--kind radial: law of the input x = s*u, normalised to E|x|^2 = r: s^2 ~ (r/NU) chi^2_NU, or a"
                    + " Gaussian scale mixture (default: " + GeneratorKind.DEFAULT_RADIAL + ").")
    String radial;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partitions", defaultValue = "0", description = "Output partitions (default: one per ~32 MB, at least the cluster's parallelism).")
    int partitions;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output directory (Parquet).")
    String out;

    @Option(names = "--truth", paramLabel = "FILE", description = "Where to write the true model as JSON (default: <out>.truth.json).")
    String truth;

    @Option(names = "--overwrite", description = "Replace existing outputs.")
    boolean overwrite;

    @Override
    public Integer call() {
        if (n < 1) {
            throw new InvalidInputException("--n must be at least 1, got " + n);
        }
        SparkSession spark = Sessions.get("generate");
        String truthPath = truth != null ? truth : out.replaceAll("/+$", "") + ".truth.json";
        AtomicOutput.checkWritable(spark, out, overwrite);
        AtomicOutput.checkWritable(spark, truthPath, overwrite);
        GeneratedModel model = kind.create(this);
        SampleStream stream = new SampleStream(seed, n);
        Dataset<Row> df = SampleSetGenerator.generate(spark, model.sampler(), stream, partitions);
        spark.sparkContext().setJobDescription(String.format(Locale.ROOT, "generate %s: %,d x %d", kind.label(), n,
                model.sampler().dim()));
        long start = System.nanoTime();
        AtomicOutput.write(spark, out, overwrite, tmp -> df.write().parquet(tmp));
        AtomicOutput.writeText(spark, truthPath, overwrite, Json.pretty(model.truth()));
        System.out.printf(Locale.ROOT, "generated %,d samples of %s in d = %d (%.1f s)%nwrote %s and %s%n", n,
                kind.label(), model.sampler().dim(), (System.nanoTime() - start) / 1e9, out, truthPath);
        return PolymomentsCli.EXIT_OK;
    }

    int requireD() {
        if (d == null || d < 1) {
            throw new InvalidInputException("--kind " + kind.label() + " needs --d (the output dimension, at least 1)");
        }
        return d;
    }

    int requireR() {
        if (r == null || r < 1) {
            throw new InvalidInputException("--kind " + kind.label() + " needs --r (the latent dimension, at least 1)");
        }
        return r;
    }
}
