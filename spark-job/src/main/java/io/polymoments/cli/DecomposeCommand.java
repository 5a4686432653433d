package io.polymoments.cli;

import io.polymoments.decompose.RingDiagnostics;
import io.polymoments.output.OutputSet;
import io.polymoments.ring.RingJob;
import io.polymoments.store.RingIo;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "decompose", mixinStandardHelpOptions = true,
        description = {"Tensor-ring decomposition of a dense tensor given in coordinate form (rows i,j,k[,l...],value).",
                "Spectral start (exact on exact data) refined by alternating least squares; writes DIR/cores/ (Parquet:"
                        + " core,a,i,b,value = G_core[a,i,b], core n of shape R_n x d_n x R_{n+1}) and DIR/summary.json."})
final class DecomposeCommand extends OutputCommand implements Callable<Integer> {

    @Option(names = "--tensor", required = true, paramLabel = "PATH",
            description = "The tensor: one row per entry, 0-based integer index columns (in mode order) and 'value'.")
    String tensor;

    @Option(names = "--format", paramLabel = "parquet|csv", description = "Input format; default: inferred from file names, else parquet.")
    String format;

    @Option(names = "--ranks", required = true, paramLabel = "r1,r2,r3|auto",
            description = "Ring ranks R_0,...,R_{N-1} (core n is R_n x d_n x R_{n+1}), or auto to estimate them from the unfolding ranks.")
    String ranks;

    @Option(names = "--init", defaultValue = "spectral", paramLabel = "spectral|random",
            description = "ALS start (default: ${DEFAULT-VALUE}); random needs no dimension condition but often stalls when d is close to r^2.")
    String init;

    @Mixin
    SeedOption seed;

    @Option(names = "--n-iter-max", defaultValue = "100", paramLabel = "N", description = "Maximum ALS sweeps (default: ${DEFAULT-VALUE}).")
    int nIterMax;

    @Option(names = "--tol", defaultValue = "1e-12", description = "Stop when the relative error is below this (default: ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--n-draws", defaultValue = "1", paramLabel = "N",
            description = "Spectral draws per start, best kept (default: ${DEFAULT-VALUE}).")
    int nDraws;

    @Override
    public Integer call() {
        SparkSession spark = Sessions.get("decompose");
        try (OutputSet outs = OutputSet.builder(spark).overwrite(overwrite).input("--tensor", tensor)
                .output("--out", out, RingIo.OUTPUT).open()) {
            RingJob.Result r = RingJob.run(spark, new RingJob.Spec(tensor, format, ranks, init, seed.value, nIterMax,
                    tol, nDraws), outs);
            RingDiagnostics d = r.result().diagnostics();
            System.out.printf(Locale.ROOT, "tensor %s, ranks %s%s, init %s: relative error %.3e after %d ALS sweeps"
                    + " (%.2f s)%n", Arrays.toString(r.dims()), Arrays.toString(r.result().ranks()),
                    d.ranksEstimated() ? " (estimated)" : "", d.init(), d.reconstructionError(), d.sweeps(),
                    d.seconds());
            System.out.println("wrote " + out);
        }
        return PolymomentsCli.EXIT_OK;
    }
}
