package io.polymoments.generate;

import io.polymoments.output.Json;
import io.polymoments.InvalidInputException;
import io.polymoments.decompose.RandomRingTensor;
import io.polymoments.output.OutputSet;
import io.polymoments.store.CoordinateTensorWriter;
import io.polymoments.store.RingIo;
import io.polymoments.store.TruthFile;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code generate --kind ring}: random tensor-ring cores (i.i.d. N(0, 1/R_{n+1}) entries), the dense d^N tensor with
 * relative noise σ, written in the coordinate form {@code decompose --tensor} reads (Parquet i, j, k[, l…], value),
 * and the true cores as JSON in {@code <out>/_truth.json} (and --truth if given): {@code ranks},
 * {@code cores[n][a][i][b]} = G_n[a, i, b] (TensorLy's convention).
 */
final class RingGeneration {
    /** The dense tensor is built on the driver; 2^28 doubles = 2 GiB is already far beyond the intended d ≤ 100, N = 3. */
    static final long MAX_ENTRIES = 1L << 28;

    private RingGeneration() {}

    /** Checks the ring settings before any work; returns the ranks, one per mode. */
    static int[] check(GenerationSpec o) {
        int d = o.requireD();
        int order = o.order();
        if (order < 3 || order > CoordinateTensorWriter.MAX_ORDER) {
            throw new InvalidInputException("--order must be between 3 and " + CoordinateTensorWriter.MAX_ORDER
                    + " for --kind ring (decompose needs order >= 3), got " + order);
        }
        int[] ranks = ranks(o.ranks(), order);
        if (!(o.sigma() >= 0) || Double.isInfinite(o.sigma())) {
            throw new InvalidInputException("--sigma (relative noise level) must be a finite number >= 0, got " + o.sigma());
        }
        if (o.noise() != 0) {
            throw new InvalidInputException("--noise adds noise to sample rows; for --kind ring use --sigma (relative"
                    + " noise on the tensor)");
        }
        double entries = Math.pow(d, order);
        if (entries > MAX_ENTRIES) {
            throw new InvalidInputException(String.format(Locale.ROOT, "--d %d --order %d gives a dense tensor of %.3g"
                    + " entries, more than the %d this generator builds in driver memory; lower --d or --order", d, order,
                    entries, MAX_ENTRIES));
        }
        return ranks;
    }

    /** The tensor into {@code outs}' --out and its cores as the truth; commits. */
    static Generation.Result write(SparkSession spark, OutputSet outs, GenerationSpec o) {
        int[] ranks = check(o);
        int d = o.requireD();
        int order = o.order();
        int[] dims = new int[order];
        Arrays.fill(dims, d);
        long start = System.nanoTime();
        RandomRingTensor problem = RandomRingTensor.generate(dims, ranks, o.sigma(), o.seed());
        spark.sparkContext().setJobDescription(String.format(Locale.ROOT, "generate ring: %s tensor, ranks %s",
                shape(dims), Arrays.toString(ranks)));
        Dataset<Row> df = new CoordinateTensorWriter(spark).toDataFrame(problem.tensor(), o.partitions());
        Map<String, Object> truth = TruthFile.start("ring");
        truth.put("order", order);
        truth.put("dims", dims);
        truth.put("seed", o.seed());
        truth.put("sigma", o.sigma());
        truth.put("noise_model", "T_noisy = T + sigma * |T| * E / |E|, E i.i.d. N(0,1); the file holds T_noisy");
        truth.put("clean_norm", problem.clean().norm());
        truth.put("convention", "T[i0,...,iN-1] = trace(G0[:,i0,:] G1[:,i1,:] ... GN-1[:,iN-1,:]),"
                + " core n of shape R_n x d_n x R_{n+1}, R_N = R_0");
        truth.putAll(RingIo.exportJson(problem.ring())); // ranks, cores
        df.write().parquet(outs.path(Generation.OUT));
        Generation.writeTruth(spark, outs, Json.document(truth));
        return new Generation.Result(String.format(Locale.ROOT, "a %s tensor-ring tensor, ranks %s, sigma %g",
                shape(dims), Arrays.toString(ranks), o.sigma()), (System.nanoTime() - start) / 1e9);
    }

    static int[] ranks(int[] given, int order) {
        if (given == null || given.length == 0) {
            throw new InvalidInputException("--kind ring needs --ranks R0,R1,...,R" + (order - 1)
                    + " (one per mode, or one value for all)");
        }
        int[] r = given.length == 1 ? filled(order, given[0]) : given.clone();
        if (r.length != order) {
            throw new InvalidInputException("--ranks has " + given.length + " values " + Arrays.toString(given) + " but --order is "
                    + order + "; give " + order + " ranks or a single one for all");
        }
        for (int v : r) {
            if (v < 1) {
                throw new InvalidInputException("--ranks must all be >= 1, got " + Arrays.toString(given));
            }
        }
        return r;
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    private static String shape(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < dims.length; n++) {
            sb.append(n == 0 ? "" : "x").append(dims[n]);
        }
        return sb.toString();
    }
}
