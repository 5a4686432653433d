package io.polymoments.cli;

import io.polymoments.generate.Generation;
import io.polymoments.generate.GenerationSpec;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a seeded sample set (Parquet, column y array<double>) and its true model (JSON).",
                "The same seed gives the same rows for any number of partitions.",
                "--kind ring writes a random tensor-ring tensor in coordinate form (Parquet i,j,k[,l...],value) and its true cores."})
final class GenerateCommand extends OutputCommand implements Callable<Integer> {
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
            description = "Structure Q0 of Q_i = Q0_i + rho*G_i (docs/quadratic.md section 14.1; default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = "--constant", description = "--kind quadratic/radial: add constants c_i ~ N(0,1) to the outputs.")
    boolean constant;

    @Option(names = "--radial", paramLabel = "chi:NU|mix:V1,V2:P1,P2",
            description = "--kind radial: law of the input x = s*u, normalised to E|x|^2 = r: s^2 ~ (r/NU) chi^2_NU, or a"
                    + " Gaussian scale mixture (default: " + GeneratorKind.DEFAULT_RADIAL + ").")
    String radial;

    @Mixin
    SeedOption seed;

    @Option(names = "--partitions", defaultValue = "0", description = "Output partitions (default: one per ~32 MB, at least the cluster's parallelism).")
    int partitions;

    @Option(names = "--truth", paramLabel = "FILE",
            description = "Also write the true model as JSON here (it is always written inside the output as"
                    + " <out>/_truth.json, which Spark's readers skip).")
    String truth;

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
        GenerationSpec spec = new GenerationSpec(kind, n, d, r, m, degree, activation, rho, base, constant, radial, seed.value,
                partitions, covariance, instance, noise, ranks, order, sigma);
        Generation.check(spec);
        SparkSession spark = Sessions.get("generate");
        Generation.Result result;
        try (OutputSet outs = OutputSet.builder(spark).overwrite(overwrite).input("--covariance", spec.covarianceFile())
                .output(Generation.OUT, out, OutputKind.SAMPLES).output(Generation.TRUTH, truth, OutputKind.JSON).open()) {
            result = Generation.write(spark, spec, outs);
        }
        System.out.printf(Locale.ROOT, "generated %s (%.1f s)%nwrote %s (true model: %s)%n", result.what(),
                result.seconds(), out, truth != null ? truth : out + "/" + OutputKind.TRUTH_FILE);
        return PolymomentsCli.EXIT_OK;
    }
}
