package io.polymoments.cli;

import io.polymoments.output.Json;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.polymoments.datasets.GaussianSampler;
import io.polymoments.datasets.SampleSet;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.NetlibProvider;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.MomentPasses;
import io.polymoments.tensor.PackedSymmetric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "moments", mixinStandardHelpOptions = true,
        description = {"Pass 1 (mean + covariance) vs MLlib RowMatrix.computeCovariance vs a Spark SQL scan floor on",
                "the same cached data; the order-3 whitened kernel's GFLOP/s vs a plain dgemm of the same shape."})
final class MomentsBenchmarkCommand implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "1000000", description = "Rows (default: ${DEFAULT-VALUE}).")
    long n;

    @Option(names = "--d", defaultValue = "100", description = "Dimension (default: ${DEFAULT-VALUE}).")
    int d;

    @Option(names = "--k", defaultValue = "55", description = "Whitened dimension of the order-3 kernel (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed repetitions; the best is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() {
        SparkSession spark = Sessions.get("benchmark moments");
        Random rng = new Random(seed.value);
        double[] factor = Matrices.gaussian(d, d, rng);
        double[] mean = new double[d];
        java.util.Arrays.fill(mean, 100.0);
        Dataset<Row> df = SampleSetGenerator.generate(spark, new GaussianSampler(mean, factor),
                new SampleStream(seed.value, n), spark.sparkContext().defaultParallelism() * 2)
                .persist(StorageLevel.MEMORY_ONLY());
        long rows = df.count();
        SampleSet samples = new SampleSet(df, d, false, "benchmark data " + n + "x" + d);
        // MLlib gets its input as a cached RDD of Vectors, built outside the timing: the most generous comparison.
        JavaRDD<Vector> vectors = df.javaRDD().map(r -> {
            List<Double> l = r.getList(0);
            double[] v = new double[l.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = l.get(i);
            }
            return Vectors.dense(v);
        }).persist(StorageLevel.MEMORY_ONLY());
        vectors.count();

        MomentPasses passes = new MomentPasses(spark);
        double ours = best(() -> passes.sketch(samples, 2, null, InvalidRowPolicy.FAIL, "benchmark pass 1"));
        double mllib = best(() -> new RowMatrix(vectors.rdd()).computeCovariance());
        Column[] sums = new Column[d];
        for (int i = 0; i < d; i++) {
            sums[i] = sum(col(SampleSet.COLUMN).getItem(i));
        }
        double scan = best(() -> df.agg(sums[0], java.util.Arrays.copyOfRange(sums, 1, d)).collectAsList());

        double[] kernel = order3Kernel();
        double[] gemm = sameShapeDgemm();
        vectors.unpersist(false);
        df.unpersist(false);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("n", rows);
        json.put("d", d);
        json.put("k", k);
        json.put("cores", spark.sparkContext().defaultParallelism());
        json.put("pass1Seconds", ours);
        json.put("mllibCovarianceSeconds", mllib);
        json.put("scanFloorSeconds", scan);
        json.put("speedupVsMllibCovariance", mllib / ours);
        json.put("ratioToScanFloor", ours / scan);
        json.put("order3KernelGflops", kernel[0]);
        json.put("order3KernelBlockRows", (int) kernel[1]);
        json.put("dgemmGflops", gemm[0]);
        json.put("order3KernelFractionOfDgemm", kernel[0] / gemm[0]);
        json.put("blas", NetlibProvider.describe());

        System.out.printf(Locale.ROOT, "%nbenchmark moments: n = %,d, d = %d, %d cores, %s%n", rows, d,
                spark.sparkContext().defaultParallelism(), NetlibProvider.describe());
        System.out.printf(Locale.ROOT, "%-52s %10s %12s%n", "step", "seconds", "vs ours");
        System.out.printf(Locale.ROOT, "%-52s %10.3f %12s%n", "polymoments pass 1 (mean + covariance)", ours, "1.00x");
        System.out.printf(Locale.ROOT, "%-52s %10.3f %11.2fx%n", "MLlib RowMatrix.computeCovariance (cached vectors)", mllib, mllib / ours);
        System.out.printf(Locale.ROOT, "%-52s %10.3f %11.2fx%n", "Spark SQL sum of every column (scan floor)", scan, scan / ours);
        System.out.printf(Locale.ROOT, "%-52s %10.2f GFLOP/s (block %d rows)%n", "order-3 whitened kernel, k = " + k + ", 1 thread",
                kernel[0], (int) kernel[1]);
        System.out.printf(Locale.ROOT, "%-52s %10.2f GFLOP/s (%.0f%% reached by the kernel)%n",
                "plain dgemm of the same shape, 1 thread", gemm[0], 100 * kernel[0] / gemm[0]);
        System.out.println(Json.oneLine(json));
        return PolymomentsCli.EXIT_OK;
    }

    private double best(Runnable r) {
        r.run(); // warm-up: JIT, broadcast and codegen caches
        double best = Double.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return best;
    }

    /** Rows through the order-3 accumulator in k dims; GFLOP/s counted as the GEMM's 2·rows·k(k+1)/2·k. */
    private double[] order3Kernel() {
        int rows = 200_000;
        Random rng = new Random(seed.value + 1);
        double[] data = Matrices.gaussian(rows, k, rng); // used row-major: row r = data[r*k .. r*k+k)
        int block = SketchAccumulator.defaultBlockRows(3, k);
        double flops = 2.0 * rows * PackedSymmetric.size(k, 2) * k;
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep <= repeats; rep++) {
            long t = System.nanoTime();
            SketchAccumulator acc = new SketchAccumulator(3, k, null, block);
            for (int r = 0; r < rows; r++) {
                acc.add(data, r * k);
            }
            MomentSketch s = acc.finish().total();
            double secs = (System.nanoTime() - t) / 1e9;
            if (rep > 0 && s.count() == rows) {
                best = Math.min(best, secs);
            }
        }
        return new double[] {flops / best / 1e9, block};
    }

    /** The same (k(k+1)/2 × b)·(b × k) products the kernel performs, with nothing else around them. */
    private double[] sameShapeDgemm() {
        int block = SketchAccumulator.defaultBlockRows(3, k);
        int p2 = (int) PackedSymmetric.size(k, 2);
        int calls = Math.max(1, 200_000 / block);
        Random rng = new Random(seed.value + 2);
        double[] s = Matrices.gaussian(block, p2, rng);
        double[] z = Matrices.gaussian(block, k, rng);
        double[] h = new double[p2 * k];
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep <= repeats; rep++) {
            long t = System.nanoTime();
            for (int c = 0; c < calls; c++) {
                NetlibProvider.blas().dgemm("T", "N", p2, k, block, 1.0, s, block, z, block, 0.0, h, p2);
            }
            double secs = (System.nanoTime() - t) / 1e9;
            if (rep > 0) {
                best = Math.min(best, secs);
            }
        }
        return new double[] {2.0 * calls * block * (double) p2 * k / best / 1e9};
    }
}
