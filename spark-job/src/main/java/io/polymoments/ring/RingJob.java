package io.polymoments.ring;

import static io.polymoments.InvalidInputException.setting;

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
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code decompose}: a dense tensor read from its coordinate form, decomposed into a tensor ring (spectral start,
 * ALS; docs/tensor-ring.md), written as cores and a summary into the output {@code --out} of a set of outputs.
 */
public final class RingJob {
    /**
     * @param tensor  path of the tensor's coordinate rows
     * @param format  parquet or csv; null: inferred from file names
     * @param ranks   "r1,r2,...", one per mode, or "auto"
     * @param init    spectral or random
     */
    public record Spec(String tensor, String format, String ranks, String init, long seed, int nIterMax, double tol,
                       int nDraws) {}

    /** The decomposition, the tensor's shape and the summary written beside the cores. */
    public record Result(TensorRingResult result, int[] dims, Map<String, Object> summary) {}

    private RingJob() {}

    /** Decomposes and writes into {@code outs}' {@code --out}, then commits the outputs. */
    public static Result run(SparkSession spark, Spec spec, OutputSet outs) {
        long t0 = System.nanoTime();
        TensorRingDecomposition dec;
        try {
            dec = new TensorRingDecomposition().init(spec.init()).seed(spec.seed()).nIterMax(spec.nIterMax())
                    .tol(spec.tol()).nDraws(spec.nDraws());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        SampleFormat fmt = spec.format() == null ? null : SampleFormat.parse(spec.format());
        RingIo io = new RingIo(spark);
        DenseTensor t = io.readTensor(spec.tensor(), fmt);
        int[] r = parseRanks(spec.ranks(), t.order());
        TensorRingResult result;
        try {
            result = dec.ranks(r).fit(t);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cannot decompose " + spec.tensor() + " (shape " + Arrays.toString(t.dims())
                    + "): " + e.getMessage(), e);
        }
        Map<String, Object> summary = summary(result, t, (System.nanoTime() - t0) / 1e9);
        io.writeInto(result.ring(), summary, outs.path("--out"));
        outs.commit();
        return new Result(result, t.dims(), summary);
    }

    /** null for "auto"; otherwise one positive rank per mode. */
    public static int[] parseRanks(String spec, int order) {
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
                throw new InvalidInputException(setting("ranks") + " '" + spec + "': '" + parts[k] + "' is not an integer; give"
                        + " r1,r2,r3 (one per mode) or auto");
            }
            if (r[k] < 1) {
                throw new InvalidInputException(setting("ranks") + " '" + spec + "': ranks must be >= 1");
            }
        }
        if (r.length != order) {
            throw new InvalidInputException(setting("ranks") + " '" + spec + "' has " + r.length + " values but the tensor has order "
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
