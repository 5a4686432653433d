package io.polymoments.cli;

import io.polymoments.output.Json;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.NoisySampler;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.output.TextFiles;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a seeded sample set (Parquet, column y array<double>) and its true model (JSON).",
                "The same seed gives the same rows for any number of partitions.",
                "--kind ring writes a random tensor-ring tensor in coordinate form (Parquet i,j,k[,l...],value) and its true cores."})
final class GenerateCommand implements Callable<Integer> {
    /** The true model inside the data directory; the leading underscore makes Spark's file readers skip it. */
    static final String TRUTH_FILE = OutputKind.TRUTH_FILE;

    @Option(names = "--kind", required = true, paramLabel = "KIND", description = "What to generate: ${COMPLETION-CANDIDATES}.")
    GeneratorKind kind;

    @Option(names = "--n", defaultValue = "100000", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    long n;

    @Option(names = "--d", description = "Output dimension d (quadratic kinds: default r(r+1)/2, affine r(r+1)/2 + r).")
    Integer d;

    @Option(names = "--r", description = "Latent dimension r (quadratic and low-rank models).")
    Integer r;

    @Option(names = "--m", paramLabel = "M", description = "--kind lowrank: number of hidden units m.")
    Integer m;

    @Option(names = "--degree", paramLabel = "OMEGA",
            description = "--kind lowrank: activation degree omega (2, 3 or 4; with --activation free, default 2).")
    Integer degree;

    @Option(names = "--activation", defaultValue = "known:0,1", paramLabel = "known:H1,..|known-norms:H1,..|free",
            description = "--kind lowrank: Hermite coefficients of He_1..He_omega for unit-norm hidden weights (known),"
                    + " for hidden weights of random norms in [0.7, 1.4] (known-norms), or independent N(0,1)"
                    + " coefficients per unit (free) (default: ${DEFAULT-VALUE}, i.e. sigma = He_2).")
    String activation;

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

    @Option(names = "--truth", paramLabel = "FILE",
            description = "Also write the true model as JSON here (it is always written inside the output as"
                    + " <out>/_truth.json, which Spark's readers skip).")
    String truth;

    @Option(names = "--overwrite", description = "Replace existing outputs.")
    boolean overwrite;

    @Option(names = "--covariance", defaultValue = "random", paramLabel = "random|identity|FILE",
            description = "--kind gaussian: covariance Sigma = L L^T with L = G/sqrt(d), G i.i.d. N(0,1) from the seed (random),"
                    + " the identity, or a JSON file holding a symmetric positive semi-definite d x d matrix as nested"
                    + " rows (default: ${DEFAULT-VALUE}).")
    String covariance;

    @Option(names = "--instance", defaultValue = "recommended", paramLabel = "NAME",
            description = "--kind hard: moment-matching instance of the shipped catalogue (bounded_k4, bounded_k6,"
                    + " bounded_k8, compact_k4, compact_k6, recommended, recommended_k4, recommended_k6;"
                    + " default: ${DEFAULT-VALUE}). Its hidden direction v is drawn from --seed.")
    String instance;

    @Option(names = "--noise", defaultValue = "0", paramLabel = "TAU",
            description = "Add independent N(0, TAU^2 I) noise to every output row (any sample kind; default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--ranks", paramLabel = "R0,R1,...", split = ",", hideParamSyntax = true,
            description = "--kind ring: ring ranks R_0..R_{N-1} (core n is R_n x d x R_{n+1}); one value means all equal.")
    int[] ranks;

    @Option(names = "--order", defaultValue = "3", paramLabel = "N",
            description = "--kind ring: tensor order N >= 3 (default: ${DEFAULT-VALUE}); every mode has dimension --d, so the dense tensor has d^N entries.")
    int order;

    @Option(names = "--sigma", defaultValue = "0", paramLabel = "SIGMA",
            description = "--kind ring: relative noise, T + SIGMA*|T|*E/|E| with E i.i.d. N(0,1) (default: ${DEFAULT-VALUE}).")
    double sigma;

    @Override
    public Integer call() {
        if (kind == GeneratorKind.RING) {
            return RingGeneration.run(this); // a tensor in coordinate form, not a sample set
        }
        if (n < 1) {
            throw new InvalidInputException("--n must be at least 1, got " + n);
        }
        SparkSession spark = Sessions.get("generate");
        try (OutputSet outs = outputs(spark)) {
            generate(spark, outs);
        }
        return PolymomentsCli.EXIT_OK;
    }

    /** The sample set (or tensor) and the optional --truth copy, clear of a --covariance file. */
    OutputSet outputs(SparkSession spark) {
        boolean covFile = covariance != null && !covariance.equals("random") && !covariance.equals("identity");
        return OutputSet.builder(spark).overwrite(overwrite).input("--covariance", covFile ? covariance : null)
                .output("--out", out, OutputKind.SAMPLES).output("--truth", truth, OutputKind.JSON).open();
    }

    /** Writes the samples and their truth into {@code outs} and commits. */
    private void generate(SparkSession spark, OutputSet outs) {
        GeneratedModel model = withNoise(kind.create(this));
        SampleStream stream = new SampleStream(seed, n);
        Dataset<Row> df = SampleSetGenerator.generate(spark, model.sampler(), stream, partitions);
        spark.sparkContext().setJobDescription(String.format(Locale.ROOT, "generate %s: %,d x %d", kind.label(), n,
                model.sampler().dim()));
        long start = System.nanoTime();
        String truthJson = Json.document(model.truth());
        df.write().parquet(outs.path("--out"));
        writeTruth(spark, outs, truthJson);
        System.out.printf(Locale.ROOT, "generated %,d samples of %s in d = %d (%.1f s)%nwrote %s (true model: %s)%n", n,
                kind.label(), model.sampler().dim(), (System.nanoTime() - start) / 1e9, out,
                truth != null ? truth : out + "/" + TRUTH_FILE);
    }

    /** The truth inside the data directory and at --truth, then every output into place. */
    static void writeTruth(SparkSession spark, OutputSet outs, String truthJson) {
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            TextFiles.writeText(conf, outs.path("--out") + "/" + TRUTH_FILE, truthJson + "\n");
            if (outs.has("--truth")) {
                TextFiles.writeText(conf, outs.path("--truth"), truthJson + "\n");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the true model", e);
        }
        outs.commit();
    }

    /** --noise on any sample kind: the same rows plus N(0, tau^2 I), recorded in the truth. */
    private GeneratedModel withNoise(GeneratedModel model) {
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new InvalidInputException("--noise (standard deviation of the added output noise) must be a finite"
                    + " number >= 0, got " + noise);
        }
        if (noise == 0) {
            return model;
        }
        Map<String, Object> truth = new LinkedHashMap<>(model.truth());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("tau", noise);
        spec.put("model", "y = y_model + tau * e, e ~ N(0, I_d) independent of y_model; covariance gains tau^2 on the"
                + " diagonal, mean and cumulants of order >= 3 are unchanged");
        truth.put("noise", spec);
        return new GeneratedModel(NoisySampler.wrap(model.sampler(), noise), truth);
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
