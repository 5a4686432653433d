package io.polymoments.cli;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleFormat;
import io.polymoments.decompose.DenseTensor;
import io.polymoments.decompose.RingDiagnostics;
import io.polymoments.decompose.TensorRingDecomposition;
import io.polymoments.decompose.TensorRingResult;
import io.polymoments.output.OutputSet;
import io.polymoments.store.RingIo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        long t0 = System.nanoTime();
        SparkSession spark = Sessions.get("decompose");
        try (OutputSet outs = OutputSet.builder(spark).overwrite(overwrite).input("--tensor", tensor)
                .output("--out", out, RingIo.OUTPUT).open()) {
            decompose(spark, outs, t0);
        }
        return PolymomentsCli.EXIT_OK;
    }

    private void decompose(SparkSession spark, OutputSet outs, long t0) {
        TensorRingDecomposition dec;
        try {
            dec = new TensorRingDecomposition().init(init).seed(seed.value).nIterMax(nIterMax).tol(tol).nDraws(nDraws);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        SampleFormat fmt = format == null ? null : SampleFormat.parse(format);
        RingIo io = new RingIo(spark);
        DenseTensor t = io.readTensor(tensor, fmt);
        int[] r = parseRanks(ranks, t.order());
        TensorRingResult result;
        try {
            result = dec.ranks(r).fit(t);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cannot decompose " + tensor + " (shape " + Arrays.toString(t.dims()) + "): "
                    + e.getMessage(), e);
        }
        Map<String, Object> summary = summary(result, t, (System.nanoTime() - t0) / 1e9);
        io.writeInto(result.ring(), summary, outs.path("--out"));
        outs.commit();
        RingDiagnostics d = result.diagnostics();
        System.out.printf(Locale.ROOT, "tensor %s, ranks %s%s, init %s: relative error %.3e after %d ALS sweeps (%.2f s)%n",
                Arrays.toString(t.dims()), Arrays.toString(result.ranks()), d.ranksEstimated() ? " (estimated)" : "",
                d.init(), d.reconstructionError(), d.sweeps(), d.seconds());
        System.out.println("wrote " + out);
    }

    /** null for "auto"; otherwise one positive rank per mode. */
    static int[] parseRanks(String spec, int order) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("auto")) {
            return null;
        }
        String[] parts = s.split(",");
        int[] r = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            try {
                r[k] = Integer.parseInt(parts[k].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--ranks '" + spec + "': '" + parts[k] + "' is not an integer; give"
                        + " r1,r2,r3 (one per mode) or auto");
            }
            if (r[k] < 1) {
                throw new InvalidInputException("--ranks '" + spec + "': ranks must be >= 1");
            }
        }
        if (r.length != order) {
            throw new InvalidInputException("--ranks '" + spec + "' has " + r.length + " values but the tensor has order "
                    + order + "; give one rank per mode (core n is R_n x d_n x R_{n+1}) or auto");
        }
        return r;
    }

    static Map<String, Object> summary(TensorRingResult result, DenseTensor t, double totalSeconds) {
        RingDiagnostics d = result.diagnostics();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dims", t.dims());
        m.put("ranks", result.ranks());
        m.put("ranksEstimated", d.ranksEstimated());
        m.put("init", d.init());
        m.put("reconstructionError", d.reconstructionError());
        Map<String, Object> diag = new LinkedHashMap<>();
        diag.put("orientation", d.orientation());
        List<int[]> groups = new ArrayList<>(d.grouping());
        diag.put("grouping", groups);
        diag.put("clusterSepRatio", RingIo.finiteOrNull(d.clusterSepRatio()));
        diag.put("imagResidual", RingIo.finiteOrNull(d.imagResidual()));
        diag.put("wSvGap", RingIo.finiteOrNull(d.wSvGap()));
        diag.put("spectralError", RingIo.finiteOrNull(d.spectralError()));
        diag.put("sweeps", d.sweeps());
        diag.put("restarts", d.restarts());
        List<Object> errs = new ArrayList<>();
        for (double e : d.sweepErrors()) {
            errs.add(RingIo.finiteOrNull(e));
        }
        diag.put("sweepErrors", errs);
        m.put("diagnostics", diag);
        m.put("fitSeconds", d.seconds());
        m.put("totalSeconds", totalSeconds);
        return m;
    }
}
